import { z } from 'zod';
import { deviceIdSchema, deviceNameSchema } from '../api-schemas';

/** Request schemas of the account-menu channels. */
export const deviceRequestSchemas = {
  'device:list': z.undefined(),
  'device:rename': z.object({ id: deviceIdSchema, name: deviceNameSchema }),
  'device:revoke': z.object({ id: deviceIdSchema }),
  'device:security-info': z.undefined(),
};

/** A remembered computer as the Trusted computers list shows it. */
export interface TrustedComputer {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string;
  /** True for the computer the app runs on. */
  isThisComputer: boolean;
}

/** The Security panel: where passcodes go (phone masked). */
export interface SecurityInfo {
  username: string;
  email: string;
  phone: string | null;
  mfaMethod: 'sms' | 'email' | null;
}

/** Answer types of the account-menu channels. */
export interface DeviceResponses {
  'device:list': TrustedComputer[];
  'device:rename': TrustedComputer[];
  'device:revoke': TrustedComputer[];
  'device:security-info': SecurityInfo;
}
