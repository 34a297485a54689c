import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src-server/db/database';
import { HttpError } from '../../src-server/http-error';
import { defaultAuthPolicy } from '../../src-server/services/auth-policy';
import { ManualClock } from '../../src-server/services/clock';
import { AccountMailLimits } from '../../src-server/services/request-limits';
import { createScratchSchema } from '../helpers/postgres';

const dialects = ['sqlite', 'postgres'] as const;
const HOUR = 3_600_000;

// The account-mail limits are kept in the database, so two instances (each its own connection) share
// them, also for requests arriving at once; time is the injected clock.
describe.each(dialects)('account-mail limits shared by two instances on %s', (dialect) => {
  let dir: string;
  const open: OpenDatabase[] = [];
  let limits: AccountMailLimits[] = [];
  const clock = new ManualClock();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cns-limits-'));
    if (dialect === 'sqlite') {
      const url = `sqlite:${join(dir, 'server.db')}`;
      open.push(await openDatabase(url), await openDatabase(url));
    } else {
      const pgUrl = inject('pgUrl');
      const schema = await createScratchSchema(pgUrl);
      open.push(await openDatabase(pgUrl, { schema }), await openDatabase(pgUrl, { schema }));
    }
    limits = open.map((o) => new AccountMailLimits(o.db, clock, defaultAuthPolicy));
  });
  afterAll(async () => {
    for (const o of open) await o.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function burst(requests: Array<{ ip: string; target: string }>): Promise<string[]> {
    const results = await Promise.allSettled(
      requests.map((r, i) => limits[i % 2]!.admit('forgot-username', r.ip, r.target)),
    );
    return results.map((r) =>
      r.status === 'fulfilled' ? 'ok' : r.reason instanceof HttpError ? r.reason.code : String(r.reason),
    );
  }

  it('per target: 12 at once over both pass at most 3; one after the other the hour fills to exactly 3', async () => {
    const codes = await burst(Array.from({ length: 12 }, (_, i) => ({ ip: `10.0.0.${i}`, target: 'a@example.com' })));
    const passed = codes.filter((c) => c === 'ok').length;
    expect(passed, JSON.stringify(codes)).toBeLessThanOrEqual(defaultAuthPolicy.accountMailPerTargetPerHour);
    expect(codes.filter((c) => c !== 'ok').every((c) => c === 'TOO_MANY_REQUESTS')).toBe(true);
    let later = 0;
    for (let i = 0; i < 6; i += 1)
      later += (await burst([{ ip: `10.1.0.${i}`, target: 'A@example.com' }]))[0] === 'ok' ? 1 : 0;
    expect(passed + later).toBe(defaultAuthPolicy.accountMailPerTargetPerHour);
    clock.advance(HOUR + 1000);
    expect(await burst([{ ip: '10.2.0.1', target: 'a@example.com' }])).toEqual(['ok']);
  });

  it('per client address: 40 at once over both, each to its own target, pass at most 30', async () => {
    clock.advance(HOUR + 1000);
    const codes = await burst(Array.from({ length: 40 }, (_, i) => ({ ip: '192.0.2.7', target: `t${i}@example.com` })));
    const passed = codes.filter((c) => c === 'ok').length;
    expect(passed, JSON.stringify(codes)).toBeLessThanOrEqual(defaultAuthPolicy.accountMailPerIpPerHour);
    expect(codes.filter((c) => c !== 'ok').every((c) => c === 'TOO_MANY_REQUESTS')).toBe(true);
    // Another address is not affected.
    expect(await burst([{ ip: '192.0.2.8', target: 'other@example.com' }])).toEqual(['ok']);
  });
});
