import { z } from 'zod';
import type { UspsConfig } from './usps-provider';

/** Which provider the server uses, and the USPS account when it is `usps`. */
export type ShippingConfig = { provider: 'local'; mailerId?: string } | { provider: 'usps'; usps: UspsConfig };

const envSchema = z.discriminatedUnion('CNS_SHIPPING_PROVIDER', [
  z.object({
    CNS_SHIPPING_PROVIDER: z.literal('local'),
    CNS_SAMPLE_MAILER_ID: z
      .string()
      .regex(/^\d{9}$/, 'a 9-digit number')
      .optional(),
  }),
  z.object({
    CNS_SHIPPING_PROVIDER: z.literal('usps'),
    CNS_USPS_BASE_URL: z.url('an https URL such as the USPS API base URL'),
    CNS_USPS_CLIENT_ID: z.string().min(1, 'the consumer key of your USPS app'),
    CNS_USPS_CLIENT_SECRET: z.string().min(1, 'the consumer secret of your USPS app'),
    CNS_USPS_CRID: z.string().regex(/^\d{4,15}$/, 'your Customer Registration ID (digits)'),
    CNS_USPS_MAILER_ID: z.string().regex(/^(\d{6}|\d{9})$/, 'your 6- or 9-digit Mailer ID'),
    CNS_USPS_PAYMENT_ACCOUNT: z.string().min(1, 'your EPS payment account number'),
  }),
]);

/**
 * Reads the shipping settings from the environment. `local` (the default)
 * needs nothing; `usps` needs the account's credentials, and a missing one
 * stops the server with the variable's name (its value is never printed).
 */
export function loadShippingConfig(env: Record<string, string | undefined> = process.env): ShippingConfig {
  const picked = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => (k.startsWith('CNS_USPS_') || k.startsWith('CNS_S')) && v !== ''),
  );
  const parsed = envSchema.safeParse({ CNS_SHIPPING_PROVIDER: 'local', ...picked });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${String(i.path[0] ?? 'CNS_SHIPPING_PROVIDER')}: expected ${i.message}`,
    );
    throw new Error(`Invalid shipping configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const e = parsed.data;
  if (e.CNS_SHIPPING_PROVIDER === 'local') {
    return e.CNS_SAMPLE_MAILER_ID ? { provider: 'local', mailerId: e.CNS_SAMPLE_MAILER_ID } : { provider: 'local' };
  }
  return {
    provider: 'usps',
    usps: {
      baseUrl: e.CNS_USPS_BASE_URL,
      clientId: e.CNS_USPS_CLIENT_ID,
      clientSecret: e.CNS_USPS_CLIENT_SECRET,
      crid: e.CNS_USPS_CRID,
      mailerId: e.CNS_USPS_MAILER_ID,
      paymentAccountNumber: e.CNS_USPS_PAYMENT_ACCOUNT,
    },
  };
}
