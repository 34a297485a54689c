import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, EmailLinksTable } from '../db/schema';
import { HttpError } from '../http-error';
import type { AuthPolicy } from './auth-policy';
import type { Clock } from './clock';
import { hashToken, randomToken } from './secrets';

/** What a link is for. */
export type LinkPurpose = EmailLinksTable['purpose'];

/** A freshly issued link: the raw token exists only here and in the email. */
export interface IssuedLink {
  token: string;
  row: EmailLinksTable;
}

const LINK_INVALID = new HttpError(
  410,
  'LINK_INVALID',
  'This link has expired or was already used. Please ask for a new one from the app.',
);

/**
 * Email links: 256-bit random tokens stored only as SHA-256, single use,
 * 30-minute life; a newer link for the same flow or purpose replaces the older.
 */
export class EmailLinkService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
  ) {}

  /** Issues a link and supersedes earlier live links of the same flow (or user and purpose, outside a flow). */
  async issue(input: {
    userId: string;
    flowId: string | null;
    purpose: LinkPurpose;
    email: string;
  }): Promise<IssuedLink> {
    const now = this.clock.now();
    const token = randomToken(32);
    const row: EmailLinksTable = {
      id: randomUUID(),
      token_hash: hashToken(token),
      user_id: input.userId,
      flow_id: input.flowId,
      purpose: input.purpose,
      email: input.email,
      created_at: now,
      expires_at: now + this.policy.linkLifetimeMs,
      used_at: null,
      superseded_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      let older = trx
        .updateTable('email_links')
        .set({ superseded_at: now })
        .where('used_at', 'is', null)
        .where('superseded_at', 'is', null);
      older = input.flowId
        ? older.where('flow_id', '=', input.flowId)
        : older.where('user_id', '=', input.userId).where('purpose', '=', input.purpose);
      await older.execute();
      await trx.insertInto('email_links').values(row).execute();
    });
    return { token, row };
  }

  /** Looks a link up without using it (the GET page): changes nothing. */
  async peek(token: string, purposes: readonly LinkPurpose[]): Promise<EmailLinksTable> {
    const row = await this.db
      .selectFrom('email_links')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row || !purposes.includes(row.purpose) || !this.usable(row)) throw LINK_INVALID;
    return row;
  }

  /** Uses a link exactly once, even if two requests race; a second use is 410 `LINK_INVALID`. */
  async consume(token: string, purposes: readonly LinkPurpose[]): Promise<EmailLinksTable> {
    const row = await this.peek(token, purposes);
    const now = this.clock.now();
    const result = await this.db
      .updateTable('email_links')
      .set({ used_at: now })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .where('superseded_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw LINK_INVALID;
    return { ...row, used_at: now };
  }

  /** The newest link of a user for a purpose outside flows (password reset), for its cooldown. */
  async latestForUser(userId: string, purpose: LinkPurpose): Promise<EmailLinksTable | undefined> {
    return this.db
      .selectFrom('email_links')
      .selectAll()
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  }

  /** The newest link of a flow, for the resend cooldown. */
  async latestForFlow(flowId: string): Promise<EmailLinksTable | undefined> {
    return this.db
      .selectFrom('email_links')
      .selectAll()
      .where('flow_id', '=', flowId)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  }

  private usable(row: EmailLinksTable): boolean {
    return row.used_at === null && row.superseded_at === null && row.expires_at > this.clock.now();
  }
}
