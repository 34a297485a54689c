import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src-server/db/database';
import { HttpError } from '../../src-server/http-error';
import { defaultAuthPolicy } from '../../src-server/services/auth-policy';
import { systemClock } from '../../src-server/services/clock';
import { SmsCaps } from '../../src-server/services/sms-caps';
import { createScratchSchema } from '../helpers/postgres';

const dialects = ['sqlite', 'postgres'] as const;

// Two instances (each its own connection) on one database, texts asked for at once. SmsCaps used to
// count, then insert, so every one of a burst passed the count (12 of 12 here); it now records the send
// first, counts, and takes it back if over. The three-process PostgreSQL case over HTTP is in
// test/scale/multi-instance.test.ts.
describe.each(dialects)('SMS caps under simultaneous sends from two instances on %s', (dialect) => {
  let dir: string;
  const open: OpenDatabase[] = [];
  let caps: SmsCaps[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cns-sms-caps-'));
    if (dialect === 'sqlite') {
      const url = `sqlite:${join(dir, 'server.db')}`;
      open.push(await openDatabase(url));
      open.push(await openDatabase(url));
    } else {
      const pgUrl = inject('pgUrl');
      const schema = await createScratchSchema(pgUrl);
      open.push(await openDatabase(pgUrl, { schema }));
      open.push(await openDatabase(pgUrl, { schema }));
    }
    caps = open.map((o) => new SmsCaps(o.db, systemClock, defaultAuthPolicy));
  });
  afterAll(async () => {
    for (const o of open) await o.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function burst(sends: Array<{ userId: string; phone: string }>): Promise<{ passed: number; codes: string[] }> {
    const results = await Promise.allSettled(sends.map((s, i) => caps[i % 2]!.reserve(s.userId, s.phone)));
    const codes = results.map((r) =>
      r.status === 'fulfilled' ? 'sent' : r.reason instanceof HttpError ? r.reason.code : String(r.reason),
    );
    return { passed: codes.filter((c) => c === 'sent').length, codes };
  }

  async function recorded(column: 'phone_e164' | 'user_id', value: string): Promise<number> {
    const row = await open[0]!.db
      .selectFrom('sms_sends')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where(column, '=', value)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('per number: a burst of 12 passes at most 5; refusals leave no record; the hour then fills to exactly 5', async () => {
    const phone = '+12025550181';
    const first = await burst(Array.from({ length: 12 }, (_, i) => ({ userId: `user-${i}`, phone })));
    expect(first.passed, JSON.stringify(first.codes)).toBeLessThanOrEqual(defaultAuthPolicy.smsPerNumberPerHour);
    expect(first.codes.filter((c) => c !== 'sent').every((c) => c === 'SMS_LIMIT_REACHED')).toBe(true);
    expect(await recorded('phone_e164', phone)).toBe(first.passed);
    // One after the other, the rest of the hour's allowance goes out, and not one more.
    let later = 0;
    for (let i = 0; i < 8; i += 1) {
      const one = await burst([{ userId: `later-${i}`, phone }]);
      later += one.passed;
    }
    expect(first.passed + later).toBe(defaultAuthPolicy.smsPerNumberPerHour);
  });

  it('per account: a burst of 24 to different numbers passes at most 10', async () => {
    const userId = `account-${dialect}`;
    const sends = Array.from({ length: 24 }, (_, i) => ({ userId, phone: `+1202555${String(1000 + i)}` }));
    const result = await burst(sends);
    expect(result.passed, JSON.stringify(result.codes)).toBeLessThanOrEqual(defaultAuthPolicy.smsPerAccountPerDay);
    expect(result.codes.filter((c) => c !== 'sent').every((c) => c === 'SMS_LIMIT_REACHED')).toBe(true);
    expect(await recorded('user_id', userId)).toBe(result.passed);
  });
});
