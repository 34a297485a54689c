import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LOOP_BATCH_MS, MAX_LOOP_BATCH_MS } from './loop-batching';

/**
 * Server configuration from environment variables, validated at start. A wrong
 * value stops the server with a message that names the variable and what it
 * expects, instead of failing later in some request.
 */
export interface ServerConfig {
  databaseUrl: string;
  host: string;
  port: number;
  publicUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  devMode: boolean;
  seedDemo: boolean;
  enrollmentCutoff: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  otpKey: Buffer | undefined;
  /** Twilio-style SMS gateway; absent → texts go to the dev outbox. */
  smsGateway: { url: string; accountSid: string; authToken: string; from: string } | undefined;
  /**
   * The reverse proxies (addresses or CIDR ranges) or the number of proxy hops
   * whose X-Forwarded-For is believed; absent → the TCP peer is the client.
   * Behind a load balancer every request would otherwise come from the
   * balancer, and all users would share one per-address limit.
   */
  trustProxy: number | string[] | undefined;
  /**
   * Longest pause (ms) of the stand-alone server's event loop while password
   * hashes queue (src-server/loop-batching.ts); 0 turns it off.
   */
  loopBatchMs: number;
}

/** Where the embedded server keeps its SQLite file when no URL is configured. */
export function defaultDataDir(): string {
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'click-n-ship');
}

/** One IPv4/IPv6 address, optionally with a /prefix. */
function isAddressOrRange(value: string): boolean {
  const [address = '', prefix, extra] = value.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** `CNS_TRUST_PROXY`: a hop count (1-10) or addresses/ranges, never "trust everyone" (any client could then pick its address). */
function parseTrustProxy(value: string): number | string[] | undefined {
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= 10 ? hops : undefined;
  }
  const parts = value.split(',').map((part) => part.trim());
  return parts.every(isAddressOrRange) ? parts : undefined;
}

const bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no']).transform((v) => ['1', 'true', 'yes'].includes(v));

const envSchema = z.object({
  CNS_DATABASE_URL: z
    .string()
    .regex(
      /^(postgres(ql)?:\/\/.+|sqlite:.+|[^:]+\.(db|sqlite3?)|:memory:)$/i,
      'a postgres:// URL, sqlite:<path>, or a .db file path',
    )
    .optional(),
  CNS_HOST: z.string().min(1).default('127.0.0.1'),
  CNS_PORT: z.coerce.number().int('a whole number').min(0).max(65535).default(4780),
  CNS_PUBLIC_URL: z.url('an http(s) URL such as https://mfa.example.com').optional(),
  CNS_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'an smtp:// or smtps:// URL')
    .optional(),
  CNS_MAIL_FROM: z.string().min(3).default('Click-N-Ship <no-reply@click-n-ship.invalid>'),
  CNS_DEV_MODE: bool.optional(),
  CNS_SEED_DEMO: bool.optional(),
  CNS_MFA_CUTOFF: z.iso.date('a date such as 2025-03-06').default('2025-03-06'),
  CNS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CNS_OTP_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/_=-]{43,}$/, 'at least 32 random bytes, base64-encoded')
    .optional(),
  CNS_SMS_GATEWAY_URL: z.url('an http(s) URL of a Twilio-compatible API such as https://api.twilio.com').optional(),
  CNS_SMS_ACCOUNT_SID: z.string().min(1).max(128).optional(),
  CNS_SMS_AUTH_TOKEN: z.string().min(1).max(256).optional(),
  CNS_SMS_FROM: z.string().min(2).max(64).optional(),
  CNS_TRUST_PROXY: z
    .string()
    .refine(
      (v) => parseTrustProxy(v) !== undefined,
      'a number of proxy hops (1-10) or proxy addresses such as 10.0.0.5,10.1.0.0/16',
    )
    .transform((v) => parseTrustProxy(v))
    .optional(),
  CNS_LOOP_BATCH_MS: z.coerce
    .number()
    .int('a whole number of milliseconds')
    .min(0, `0 (off) to ${MAX_LOOP_BATCH_MS} milliseconds`)
    .max(MAX_LOOP_BATCH_MS, `0 (off) to ${MAX_LOOP_BATCH_MS} milliseconds`)
    .default(DEFAULT_LOOP_BATCH_MS),
});

/** A configuration problem, worded for the person who set the variable. */
export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid server configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; `overrides` win (the embedded server and tests use them). */
export function loadServerConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<ServerConfig> = {},
): ServerConfig {
  const picked = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('CNS_') && v !== ''));
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: expected ${i.message}`));
  }
  const e = parsed.data;
  if (e.CNS_SMS_GATEWAY_URL) {
    const missing = (['CNS_SMS_ACCOUNT_SID', 'CNS_SMS_AUTH_TOKEN', 'CNS_SMS_FROM'] as const).filter((k) => !e[k]);
    if (missing.length > 0) {
      throw new ConfigError(missing.map((k) => `${k}: expected a value, because CNS_SMS_GATEWAY_URL is set`));
    }
  }
  const devMode = e.CNS_DEV_MODE ?? env.NODE_ENV !== 'production';
  return {
    databaseUrl: e.CNS_DATABASE_URL ?? `sqlite:${join(defaultDataDir(), 'server', 'click-n-ship.db')}`,
    host: e.CNS_HOST,
    port: e.CNS_PORT,
    publicUrl: e.CNS_PUBLIC_URL,
    smtpUrl: e.CNS_SMTP_URL,
    mailFrom: e.CNS_MAIL_FROM,
    devMode,
    seedDemo: e.CNS_SEED_DEMO ?? devMode,
    enrollmentCutoff: Date.parse(`${e.CNS_MFA_CUTOFF}T00:00:00Z`),
    logLevel: e.CNS_LOG_LEVEL,
    otpKey: e.CNS_OTP_KEY ? Buffer.from(e.CNS_OTP_KEY, 'base64') : undefined,
    smsGateway:
      e.CNS_SMS_GATEWAY_URL && e.CNS_SMS_ACCOUNT_SID && e.CNS_SMS_AUTH_TOKEN && e.CNS_SMS_FROM
        ? {
            url: e.CNS_SMS_GATEWAY_URL,
            accountSid: e.CNS_SMS_ACCOUNT_SID,
            authToken: e.CNS_SMS_AUTH_TOKEN,
            from: e.CNS_SMS_FROM,
          }
        : undefined,
    trustProxy: e.CNS_TRUST_PROXY,
    loopBatchMs: e.CNS_LOOP_BATCH_MS,
    ...overrides,
  };
}
