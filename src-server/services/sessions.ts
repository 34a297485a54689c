import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SessionTokens } from '../../src-shared/api-schemas';
import type { Database, UsersTable } from '../db/schema';
import { HttpError } from '../http-error';
import type { AuthPolicy } from './auth-policy';
import type { Clock } from './clock';
import { hashToken, randomToken } from './secrets';

/**
 * Sessions: a short-lived access token and a refresh token, both opaque and
 * stored only as hashes, grouped in a family so that reuse can revoke it.
 */
export class SessionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
  ) {}

  /** Starts a new session family for a user who has finished sign-in. */
  async create(userId: string, familyId: string = randomUUID()): Promise<SessionTokens> {
    const now = this.clock.now();
    const accessToken = randomToken();
    const refreshToken = randomToken();
    const accessExpiresAt = now + this.policy.accessTokenLifetimeMs;
    const refreshExpiresAt = now + this.policy.refreshTokenLifetimeMs;
    await this.db
      .insertInto('sessions')
      .values({
        id: randomUUID(),
        user_id: userId,
        family_id: familyId,
        access_hash: hashToken(accessToken),
        refresh_hash: hashToken(refreshToken),
        access_expires_at: accessExpiresAt,
        refresh_expires_at: refreshExpiresAt,
        created_at: now,
        rotated_at: null,
        revoked_at: null,
      })
      .execute();
    return {
      accessToken,
      accessExpiresAt: new Date(accessExpiresAt).toISOString(),
      refreshToken,
      refreshExpiresAt: new Date(refreshExpiresAt).toISOString(),
    };
  }

  /** The user behind a live access token, or a 401 the client can act on. */
  async authenticate(accessToken: string): Promise<UsersTable> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.access_expires_at', 'sessions.revoked_at', 'sessions.rotated_at'])
      .where('sessions.access_hash', '=', hashToken(accessToken))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null || row.rotated_at !== null || row.access_expires_at <= this.clock.now()) {
      throw new HttpError(401, 'SESSION_INVALID', 'Your session has ended. Please log in again.');
    }
    const { access_expires_at: _a, revoked_at: _r, rotated_at: _t, ...user } = row;
    return user;
  }
}
