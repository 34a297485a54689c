import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UsersTable } from '../db/schema';
import { HttpError } from '../http-error';
import type { Clock } from './clock';
import { hashPassword } from './passwords';

/** What it takes to create an account. */
export interface NewUser {
  username: string;
  password: string;
  email: string;
  emailVerified?: boolean;
  phoneE164?: string;
  mfaMethod?: 'sms' | 'email';
  /** Defaults to now; the seed and tests back-date legacy accounts. */
  createdAt?: number;
}

/** Creates an account with an argon2id password hash; a taken user name is a 409. */
export async function createUser(db: Kysely<Database>, clock: Clock, input: NewUser): Promise<UsersTable> {
  const now = clock.now();
  const taken = await db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (taken) throw new HttpError(409, 'USERNAME_TAKEN', 'That user name is already in use. Please choose another.');
  const user: UsersTable = {
    id: randomUUID(),
    username: input.username,
    password_hash: await hashPassword(input.password),
    email: input.email,
    email_verified_at: input.emailVerified ? now : null,
    phone_e164: input.phoneE164 ?? null,
    mfa_method: input.mfaMethod ?? null,
    mfa_enrolled_at: input.mfaMethod ? now : null,
    mfa_opted_out_at: null,
    otp_failed_count: 0,
    otp_locked_until: null,
    password_failed_count: 0,
    password_locked_until: null,
    terms_version_accepted: null,
    terms_accepted_at: null,
    created_at: input.createdAt ?? now,
  };
  await db.insertInto('users').values(user).execute();
  return user;
}
