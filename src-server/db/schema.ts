import type { ShippingDatabase } from './shipping-schema';

/**
 * Table types for Kysely. Times are epoch milliseconds (bigint in PostgreSQL,
 * integer in SQLite) so both dialects compare them the same way.
 */
export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  email: string;
  email_verified_at: number | null;
  phone_e164: string | null;
  mfa_method: 'sms' | 'email' | null;
  mfa_enrolled_at: number | null;
  mfa_opted_out_at: number | null;
  otp_failed_count: number;
  otp_locked_until: number | null;
  password_failed_count: number;
  password_locked_until: number | null;
  terms_version_accepted: string | null;
  terms_accepted_at: number | null;
  created_at: number;
}

export interface FlowsTable {
  id: string;
  user_id: string | null;
  stage: string;
  data: string;
  otp_sends: number;
  created_at: number;
  expires_at: number;
  completed_at: number | null;
}

export interface OtpCodesTable {
  id: string;
  flow_id: string;
  code_hash: string;
  channel: 'sms' | 'email';
  destination: string;
  purpose: string;
  attempts: number;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  superseded_at: number | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  family_id: string;
  access_hash: string;
  refresh_hash: string;
  access_expires_at: number;
  refresh_expires_at: number;
  created_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
}

export interface OutboxTable {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  created_at: number;
}

export interface ServerKeysTable {
  name: string;
  value: string;
  created_at: number;
}

export interface EmailLinksTable {
  id: string;
  token_hash: string;
  user_id: string;
  flow_id: string | null;
  purpose: 'enroll' | 'modify' | 'account-verify' | 'password-reset';
  email: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  superseded_at: number | null;
}

export interface TrustedDevicesTable {
  id: string;
  user_id: string;
  name: string;
  /** Raw Ed25519 public key, base64url. */
  public_key: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number;
  revoked_at: number | null;
}

export interface DeviceChallengesTable {
  id: string;
  flow_id: string;
  device_id: string;
  nonce: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface SmsSendsTable {
  id: string;
  user_id: string;
  phone_e164: string;
  created_at: number;
}

export interface PasswordThrottleTable {
  username: string;
  failed_count: number;
  locked_until: number | null;
  updated_at: number;
}

/** One unauthenticated mail-sending request in one limit bucket (see services/request-limits.ts). */
export interface RequestLimitsTable {
  id: string;
  bucket: string;
  created_at: number;
}

export interface AuditLogTable {
  id: string;
  at: number;
  actor: string;
  action: string;
  user_id: string | null;
  detail: string;
}

/** The whole database, as Kysely sees it. */
export interface Database extends ShippingDatabase {
  users: UsersTable;
  flows: FlowsTable;
  otp_codes: OtpCodesTable;
  sessions: SessionsTable;
  outbox: OutboxTable;
  server_keys: ServerKeysTable;
  email_links: EmailLinksTable;
  trusted_devices: TrustedDevicesTable;
  device_challenges: DeviceChallengesTable;
  sms_sends: SmsSendsTable;
  password_throttle: PasswordThrottleTable;
  audit_log: AuditLogTable;
  request_limits: RequestLimitsTable;
}
