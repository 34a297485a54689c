import type { Kysely } from 'kysely';
import type { SessionTokens } from '../../src-shared/api-schemas';
import type { Database, UsersTable } from '../db/schema';
import { SqlUnits, type Sql } from '../db/sql-units';
import { HttpError } from '../http-error';
import type { AuthPolicy } from './auth-policy';
import type { Clock } from './clock';
import { timeOrderedUuid } from './ordered-ids';
import { hashToken, randomToken } from './secrets';

const SESSION_REVOKED = new HttpError(
  401,
  'SESSION_REVOKED',
  'This session was ended for your security. Please log in again.',
);

/**
 * Sessions: a short-lived access token and a refresh token, both opaque and
 * stored only as hashes, grouped in a family so that reuse can revoke it.
 */
export class SessionService {
  private readonly units: SqlUnits;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
  ) {
    this.units = new SqlUnits(db);
  }

  /** Starts a new session family for a user who has finished sign-in (inside the caller's unit of work, if given). */
  async create(userId: string, familyId?: string, sql?: Sql): Promise<SessionTokens> {
    const now = this.clock.now();
    const accessToken = randomToken();
    const refreshToken = randomToken();
    const accessExpiresAt = now + this.policy.accessTokenLifetimeMs;
    const refreshExpiresAt = now + this.policy.refreshTokenLifetimeMs;
    const params = [
      timeOrderedUuid(now),
      userId,
      familyId ?? timeOrderedUuid(now),
      hashToken(accessToken),
      hashToken(refreshToken),
      accessExpiresAt,
      refreshExpiresAt,
      now,
    ];
    const insert = (q: Sql): Promise<number> =>
      q.changes(
        `INSERT INTO sessions (id, user_id, family_id, access_hash, refresh_hash, access_expires_at, refresh_expires_at,
          created_at, rotated_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
        params,
      );
    await (sql ? insert(sql) : this.units.statements(insert));
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

  /**
   * Trades a refresh token for a new pair (rotation). A token that was
   * already rotated means it was copied: the whole family is revoked.
   */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    const now = this.clock.now();
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('refresh_hash', '=', hashToken(refreshToken))
      .executeTakeFirst();
    if (!row) throw new HttpError(401, 'SESSION_INVALID', 'Your session has ended. Please log in again.');
    if (row.revoked_at !== null) throw SESSION_REVOKED;
    if (row.rotated_at !== null) {
      await this.revokeFamily(row.family_id);
      throw SESSION_REVOKED;
    }
    if (row.refresh_expires_at <= now) {
      throw new HttpError(401, 'SESSION_INVALID', 'Your session has ended. Please log in again.');
    }
    const rotated = await this.db
      .updateTable('sessions')
      .set({ rotated_at: now })
      .where('id', '=', row.id)
      .where('rotated_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(rotated.numUpdatedRows) !== 1) {
      await this.revokeFamily(row.family_id);
      throw SESSION_REVOKED;
    }
    return this.create(row.user_id, row.family_id);
  }

  /** Sign-out: ends the session family of this access token. */
  async logout(accessToken: string): Promise<void> {
    const row = await this.db
      .selectFrom('sessions')
      .select(['family_id'])
      .where('access_hash', '=', hashToken(accessToken))
      .executeTakeFirst();
    if (!row) throw new HttpError(401, 'SESSION_INVALID', 'Your session has ended. Please log in again.');
    await this.revokeFamily(row.family_id);
  }

  /** Ends every session of the user (password change, MFA reset); returns how many were live. */
  async revokeAll(userId: string): Promise<number> {
    const result = await this.db
      .updateTable('sessions')
      .set({ revoked_at: this.clock.now() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: this.clock.now() })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  }
}
