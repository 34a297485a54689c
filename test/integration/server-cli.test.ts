import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src-server/db/database';
import { runHelpDesk } from '../../src-server/help-desk/run';
import { Outbox } from '../../src-server/mail/outbox';
import { defaultAuthPolicy } from '../../src-server/services/auth-policy';
import { DeviceService } from '../../src-server/services/devices';
import { SessionService } from '../../src-server/services/sessions';
import { createScratchDatabase } from '../helpers/postgres';
import { seedUser, testClock } from './server-journey';

const run = promisify(execFile);
const dialects = ['sqlite', 'postgres'] as const;

describe.each(dialects)('help-desk CLI on %s', (dialect) => {
  let database: OpenDatabase;
  let url: string;
  let cleanup: () => Promise<void>;
  const clock = testClock();

  beforeAll(async () => {
    if (dialect === 'postgres') {
      void inject('pgUrl');
      const scratch = await createScratchDatabase('cns_cli');
      url = scratch.url;
      cleanup = scratch.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'cns-cli-'));
      url = `sqlite:${join(dir, 'server.db')}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
    database = await openDatabase(url);
  });
  afterAll(async () => {
    await database?.close();
    await cleanup?.();
  });

  const desk = (argv: string[]) => {
    clock.advance(1); // audit entries get distinct times, so their order is the order of the commands
    return runHelpDesk(
      [...argv, '--json', '--actor', 'agent.smith'],
      {},
      {
        db: database.db,
        clock,
        email: new Outbox(database.db, clock),
      },
    );
  };

  it('creates, shows, unlocks, revokes a device and resets MFA, each change audited', async () => {
    const created = await desk([
      'create-user',
      '--username',
      'deskUser',
      '--email',
      'desk@example.com',
      '--phone',
      '(202) 555-0161',
      '--method',
      'sms',
    ]);
    expect(created.exitCode).toBe(0);
    const createdBody = JSON.parse(created.output) as { created: string; temporaryPassword: string };
    expect(createdBody.created).toBe('deskUser');
    expect(createdBody.temporaryPassword.length).toBeGreaterThanOrEqual(16);
    expect((await desk(['create-user', '--username', 'deskUser', '--email', 'x@example.com'])).exitCode).toBe(1);

    const user = await database.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'deskUser')
      .executeTakeFirstOrThrow();
    const sessions = new SessionService(database.db, clock, defaultAuthPolicy);
    const devices = new DeviceService(database.db, clock, defaultAuthPolicy);
    const tokens = await sessions.create(user.id);
    const key = String(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x);
    const laptop = await devices.register(user.id, key, 'Laptop');
    const desktop = await devices.register(user.id, key, 'Desktop');
    await database.db
      .insertInto('password_throttle')
      .values({ username: 'deskUser', failed_count: 100, locked_until: null, updated_at: clock.now() })
      .execute();
    const lockedUntil = clock.now() + 600_000;
    await database.db.updateTable('users').set({ otp_locked_until: lockedUntil }).where('id', '=', user.id).execute();

    const shown = JSON.parse((await desk(['show-user', 'deskUser'])).output) as Record<string, unknown>;
    expect(shown).toMatchObject({
      username: 'deskUser',
      phone: '(***) ***-0161',
      mfaMethod: 'sms',
      passwordLocked: true,
      passwordFailures: 100,
      otpLockedUntil: new Date(lockedUntil).toISOString(),
    });
    expect(JSON.stringify(shown)).not.toContain('2025550161');
    expect(shown.devices).toHaveLength(2);

    expect(JSON.parse((await desk(['unlock', 'deskUser', '--reason', 'caller verified'])).output)).toMatchObject({
      unlocked: 'deskUser',
      passwordFailuresCleared: 100,
    });
    const unlocked = JSON.parse((await desk(['show-user', 'deskUser'])).output) as Record<string, unknown>;
    expect(unlocked).toMatchObject({ passwordLocked: false, otpLockedUntil: null, passwordFailures: 0 });

    expect(JSON.parse((await desk(['revoke-device', laptop.id])).output)).toMatchObject({
      revoked: laptop.id,
      alreadyRevoked: false,
    });
    await expect(devices.requireUsable(user.id, laptop.id)).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
    await expect(devices.requireUsable(user.id, desktop.id)).resolves.toMatchObject({ id: desktop.id });

    const reset = JSON.parse((await desk(['reset-mfa', 'deskUser'])).output) as Record<string, unknown>;
    expect(reset).toEqual({ reset: 'deskUser', sessionsRevoked: 1, devicesRevoked: 1 });
    await expect(sessions.authenticate(tokens.accessToken)).rejects.toMatchObject({ code: 'SESSION_INVALID' });
    await expect(devices.requireUsable(user.id, desktop.id)).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
    const after = await database.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ mfa_method: null, phone_e164: null, mfa_enrolled_at: null });
    const notices = await new Outbox(database.db, clock).list();
    expect(
      notices.some(
        (m) => m.recipient === 'desk@example.com' && m.subject.includes('multifactor authentication was reset'),
      ),
    ).toBe(true);

    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('user_id', '=', user.id)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'create-user',
      'show-user',
      'unlock',
      'show-user',
      'revoke-device',
      'reset-mfa',
    ]);
    expect(new Set(audit.map((a) => a.actor))).toEqual(new Set(['agent.smith']));
    expect(audit.find((a) => a.action === 'unlock')?.detail).toContain('caller verified');
    expect(JSON.stringify(audit)).not.toContain(createdBody.temporaryPassword);
  });

  it('answers unknown users and commands with a sentence and an exit code', async () => {
    expect(await desk(['show-user', 'nobody'])).toEqual({
      exitCode: 1,
      output: 'No account has the user name "nobody" (user names are case sensitive).',
    });
    expect((await desk(['revoke-device', 'nope'])).exitCode).toBe(1);
    expect((await desk(['reset-mfa'])).exitCode).toBe(1);
    expect((await desk(['frobnicate'])).exitCode).toBe(2);
  });

  it(
    '`npm run server -- <command>` runs against the database CNS_DATABASE_URL names',
    { timeout: 60_000 },
    async () => {
      await seedUser(database.db, clock, { username: 'cliShown', mfaMethod: 'email' });
      const env = { ...process.env, CNS_DATABASE_URL: url, CNS_HELPDESK_ACTOR: 'desk.agent', CNS_LOG_LEVEL: 'silent' };
      const shown = await run('node_modules/.bin/tsx', ['src-server/cli.ts', 'show-user', 'cliShown', '--json'], {
        env,
      });
      expect(JSON.parse(shown.stdout)).toMatchObject({ username: 'cliShown', mfaMethod: 'email' });
      const failed = await run('node_modules/.bin/tsx', ['src-server/cli.ts', 'unlock', 'ghost'], { env }).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('No account has the user name "ghost"'),
      });
      const audit = await database.db
        .selectFrom('audit_log')
        .select(['actor', 'action'])
        .where('actor', '=', 'desk.agent')
        .execute();
      expect(audit).toEqual([{ actor: 'desk.agent', action: 'show-user' }]);
    },
  );
});
