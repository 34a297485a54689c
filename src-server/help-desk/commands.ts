import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { maskPhone } from '../../src-shared/mask';
import { normalizeUsPhone } from '../../src-shared/phone';
import type { Database } from '../db/schema';
import type { EmailSender } from '../mail/delivery';
import { defaultAuthPolicy } from '../services/auth-policy';
import { writeAudit } from '../services/audit';
import type { Clock } from '../services/clock';
import { DeviceService } from '../services/devices';
import { Notices } from '../services/notices';
import { SessionService } from '../services/sessions';
import { createUser } from '../services/users';

/** What every help-desk command works with. */
export interface HelpDeskDeps {
  db: Kysely<Database>;
  clock: Clock;
  email: EmailSender;
  /** Who is acting; written to the audit log with every change. */
  actor: string;
}

/** A refusal worded for the help-desk agent (unknown user, bad option). */
export class HelpDeskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HelpDeskError';
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

async function requireUser(db: Kysely<Database>, username: string) {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user) throw new HelpDeskError(`No account has the user name "${username}" (user names are case sensitive).`);
  return user;
}

/** `create-user`: an account made by the help desk; a temporary password is generated unless one is given. */
export async function createUserCommand(
  deps: HelpDeskDeps,
  input: { username: string; email: string; password?: string; phone?: string; method?: string; reason?: string },
): Promise<Record<string, unknown>> {
  if (input.method !== undefined && input.method !== 'sms' && input.method !== 'email') {
    throw new HelpDeskError('--method must be sms or email.');
  }
  const phone = input.phone === undefined ? undefined : normalizeUsPhone(input.phone);
  if (phone === null) throw new HelpDeskError('--phone must be a 10-digit US number.');
  if (input.method === 'sms' && !phone) throw new HelpDeskError('--method sms needs --phone.');
  if (!/^\S+@\S+\.\S+$/.test(input.email)) throw new HelpDeskError('--email must be an email address.');
  const password = input.password ?? randomBytes(12).toString('base64url');
  const user = await createUser(deps.db, deps.clock, {
    username: input.username,
    email: input.email,
    password,
    emailVerified: false,
    phoneE164: phone,
    mfaMethod: input.method as 'sms' | 'email' | undefined,
  }).catch((error: unknown) => {
    throw new HelpDeskError(error instanceof Error ? error.message : String(error));
  });
  await writeAudit(deps.db, deps.clock, {
    actor: deps.actor,
    action: 'create-user',
    userId: user.id,
    detail: { username: user.username, email: user.email, mfaMethod: user.mfa_method, reason: input.reason ?? null },
  });
  return {
    created: user.username,
    email: user.email,
    mfaMethod: user.mfa_method,
    ...(input.password ? {} : { temporaryPassword: password }),
  };
}

/** `show-user`: MFA state, locks and devices, for answering a caller. Phone numbers stay masked. */
export async function showUserCommand(deps: HelpDeskDeps, username: string): Promise<Record<string, unknown>> {
  const { db, clock } = deps;
  const user = await requireUser(db, username);
  const now = clock.now();
  const throttle = await db
    .selectFrom('password_throttle')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  const devices = await db
    .selectFrom('trusted_devices')
    .selectAll()
    .where('user_id', '=', user.id)
    .orderBy('created_at', 'desc')
    .execute();
  const audit = await db
    .selectFrom('audit_log')
    .select(['at', 'actor', 'action'])
    .where('user_id', '=', user.id)
    .orderBy('at', 'desc')
    .limit(10)
    .execute();
  await writeAudit(db, clock, { actor: deps.actor, action: 'show-user', userId: user.id });
  const passwordLocked =
    throttle !== undefined &&
    (throttle.failed_count >= defaultAuthPolicy.passwordHardLockFailures || (throttle.locked_until ?? 0) > now);
  return {
    username: user.username,
    email: user.email,
    emailVerified: user.email_verified_at !== null,
    phone: user.phone_e164 ? maskPhone(user.phone_e164) : null,
    mfaMethod: user.mfa_method,
    mfaEnrolledAt: iso(user.mfa_enrolled_at),
    mfaOptedOutAt: iso(user.mfa_opted_out_at),
    createdAt: iso(user.created_at),
    termsVersionAccepted: user.terms_version_accepted,
    otpLockedUntil: (user.otp_locked_until ?? 0) > now ? iso(user.otp_locked_until) : null,
    otpFailures: user.otp_failed_count,
    passwordFailures: throttle?.failed_count ?? 0,
    passwordLocked,
    devices: devices.map((d) => ({
      id: d.id,
      name: d.name,
      createdAt: iso(d.created_at),
      lastUsedAt: iso(d.last_used_at),
      expiresAt: iso(d.expires_at),
      state: d.revoked_at !== null ? 'revoked' : d.expires_at <= now ? 'expired' : 'active',
    })),
    recentAudit: audit.map((a) => ({ at: iso(a.at), actor: a.actor, action: a.action })),
  };
}

/**
 * `reset-mfa`: the account enrolls again at its next sign-in; every session
 * and trusted device ends (DESIGN.md §4), and the account is told by email.
 */
export async function resetMfaCommand(
  deps: HelpDeskDeps,
  username: string,
  reason?: string,
): Promise<Record<string, unknown>> {
  const { db, clock } = deps;
  const user = await requireUser(db, username);
  await db
    .updateTable('users')
    .set({
      mfa_method: null,
      mfa_enrolled_at: null,
      phone_e164: null,
      otp_failed_count: 0,
      otp_locked_until: null,
    })
    .where('id', '=', user.id)
    .execute();
  const sessions = await new SessionService(db, clock, defaultAuthPolicy).revokeAll(user.id);
  const devices = await new DeviceService(db, clock, defaultAuthPolicy).revokeAll(user.id);
  await new Notices(deps.email, { warn: () => undefined }).mfaReset(user.email);
  await writeAudit(db, clock, {
    actor: deps.actor,
    action: 'reset-mfa',
    userId: user.id,
    detail: {
      previousMethod: user.mfa_method,
      sessionsRevoked: sessions,
      devicesRevoked: devices,
      reason: reason ?? null,
    },
  });
  return { reset: user.username, sessionsRevoked: sessions, devicesRevoked: devices };
}

/** `revoke-device`: one remembered computer stops skipping the passcode. */
export async function revokeDeviceCommand(
  deps: HelpDeskDeps,
  deviceId: string,
  reason?: string,
): Promise<Record<string, unknown>> {
  const { db, clock } = deps;
  const device = await db.selectFrom('trusted_devices').selectAll().where('id', '=', deviceId).executeTakeFirst();
  if (!device) throw new HelpDeskError(`No remembered device has the id "${deviceId}".`);
  if (device.revoked_at === null) {
    await db.updateTable('trusted_devices').set({ revoked_at: clock.now() }).where('id', '=', device.id).execute();
  }
  await writeAudit(db, clock, {
    actor: deps.actor,
    action: 'revoke-device',
    userId: device.user_id,
    detail: {
      deviceId: device.id,
      name: device.name,
      alreadyRevoked: device.revoked_at !== null,
      reason: reason ?? null,
    },
  });
  return { revoked: device.id, name: device.name, alreadyRevoked: device.revoked_at !== null };
}

/** `unlock`: clears the password back-off (including the hard lock) and the passcode lockout. */
export async function unlockCommand(
  deps: HelpDeskDeps,
  username: string,
  reason?: string,
): Promise<Record<string, unknown>> {
  const { db, clock } = deps;
  const user = await requireUser(db, username);
  const throttle = await db
    .selectFrom('password_throttle')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  await db.deleteFrom('password_throttle').where('username', '=', username).execute();
  await db
    .updateTable('users')
    .set({ otp_failed_count: 0, otp_locked_until: null })
    .where('id', '=', user.id)
    .execute();
  await writeAudit(db, clock, {
    actor: deps.actor,
    action: 'unlock',
    userId: user.id,
    detail: {
      passwordFailures: throttle?.failed_count ?? 0,
      otpLockedUntil: iso(user.otp_locked_until),
      reason: reason ?? null,
    },
  });
  return { unlocked: user.username, passwordFailuresCleared: throttle?.failed_count ?? 0 };
}
