/**
 * The security numbers of DESIGN.md §4 in one object, so tests can assert
 * them and a deployment can read them, and no rule hides in a route.
 */
export interface AuthPolicy {
  flowLifetimeMs: number;
  otpLifetimeMs: number;
  otpMaxAttempts: number;
  otpResendCooldownMs: number;
  otpMaxSendsPerFlow: number;
  otpLockoutThreshold: number;
  otpLockoutMs: number;
  accessTokenLifetimeMs: number;
  refreshTokenLifetimeMs: number;
  /** Accounts created before this instant may opt out of MFA. */
  enrollmentCutoff: number;
  /** Email verification and password-reset links. */
  linkLifetimeMs: number;
  linkResendCooldownMs: number;
  linkMaxSendsPerFlow: number;
  /** Toll-fraud caps: texts to one number per rolling hour, texts for one account per rolling day. */
  smsPerNumberPerHour: number;
  smsPerAccountPerDay: number;
  /** How long a remembered computer stays trusted. */
  deviceTrustMs: number;
  /** Wrong passwords allowed before the first wait; then the wait doubles from the base up to the cap. */
  passwordFreeFailures: number;
  passwordBackoffBaseMs: number;
  passwordBackoffMaxMs: number;
  /** After this many consecutive wrong passwords the account waits for a reset or the help desk. */
  passwordHardLockFailures: number;
  /**
   * Unauthenticated requests that send mail (create account, forgot user name, forgot password): per client
   * address across those routes, and per target (email address or user name) per route, each per rolling hour.
   */
  accountMailPerIpPerHour: number;
  accountMailPerTargetPerHour: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The values DESIGN.md §4 prescribes (and, where it leaves a number open, the ones docs/server.md gives). */
export const defaultAuthPolicy: AuthPolicy = {
  flowLifetimeMs: 15 * MINUTE,
  otpLifetimeMs: 5 * MINUTE,
  otpMaxAttempts: 5,
  otpResendCooldownMs: 30_000,
  otpMaxSendsPerFlow: 5,
  otpLockoutThreshold: 10,
  otpLockoutMs: 15 * MINUTE,
  accessTokenLifetimeMs: 15 * MINUTE,
  refreshTokenLifetimeMs: 30 * DAY,
  enrollmentCutoff: Date.parse('2025-03-06T00:00:00Z'),
  linkLifetimeMs: 30 * MINUTE,
  linkResendCooldownMs: 30_000,
  linkMaxSendsPerFlow: 5,
  smsPerNumberPerHour: 5,
  smsPerAccountPerDay: 10,
  deviceTrustMs: 90 * DAY,
  passwordFreeFailures: 4,
  passwordBackoffBaseMs: 30_000,
  passwordBackoffMaxMs: 15 * MINUTE,
  passwordHardLockFailures: 100,
  accountMailPerIpPerHour: 30,
  accountMailPerTargetPerHour: 3,
};

/**
 * How long to wait after `failures` consecutive wrong passwords: nothing for
 * the first few, then 30 s doubling to 15 min; `Infinity` at the hard lock.
 */
export function passwordBackoffMs(policy: AuthPolicy, failures: number): number {
  if (failures >= policy.passwordHardLockFailures) return Number.POSITIVE_INFINITY;
  if (failures <= policy.passwordFreeFailures) return 0;
  const doublings = failures - policy.passwordFreeFailures - 1;
  return Math.min(policy.passwordBackoffMaxMs, policy.passwordBackoffBaseMs * 2 ** Math.min(doublings, 30));
}
