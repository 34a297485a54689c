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
}

const MINUTE = 60_000;

/** The values DESIGN.md §4 prescribes. */
export const defaultAuthPolicy: AuthPolicy = {
  flowLifetimeMs: 15 * MINUTE,
  otpLifetimeMs: 5 * MINUTE,
  otpMaxAttempts: 5,
  otpResendCooldownMs: 30_000,
  otpMaxSendsPerFlow: 5,
  otpLockoutThreshold: 10,
  otpLockoutMs: 15 * MINUTE,
  accessTokenLifetimeMs: 15 * MINUTE,
  refreshTokenLifetimeMs: 30 * 24 * 60 * MINUTE,
  enrollmentCutoff: Date.parse('2025-03-06T00:00:00Z'),
};
