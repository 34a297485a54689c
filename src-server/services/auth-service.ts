import type { Kysely } from 'kysely';
import type { AuthResponse, LoginRequest } from '../../src-shared/api-schemas';
import { maskEmail, maskPhone } from '../../src-shared/mask';
import type { Step } from '../../src-shared/steps';
import type { Database, UsersTable } from '../db/schema';
import { HttpError } from '../http-error';
import type { AuthPolicy } from './auth-policy';
import type { Clock } from './clock';
import type { FlowStore } from './flows';
import type { IssuedPasscode, PasscodeService } from './passcodes';
import { verifyPassword } from './passwords';
import type { SessionService } from './sessions';

/** Everything the sign-in service works with. */
export interface AuthServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  policy: AuthPolicy;
  flows: FlowStore;
  passcodes: PasscodeService;
  sessions: SessionService;
}

const INVALID_CREDENTIALS = new HttpError(401, 'INVALID_CREDENTIALS', 'The user name or password is not correct.');

/**
 * The sign-in step machine. Each call checks what the flow allows, does it,
 * and answers with the next step; the client never decides what comes next.
 */
export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  /** Guide step A: user name and password; unknown user and wrong password answer alike. */
  async login(request: LoginRequest): Promise<AuthResponse> {
    const { db, flows } = this.deps;
    const user = await db.selectFrom('users').selectAll().where('username', '=', request.username).executeTakeFirst();
    const valid = await verifyPassword(user?.password_hash, request.password);
    if (!user || !valid) throw INVALID_CREDENTIALS;

    if (user.mfa_method === null) {
      const flow = await flows.create(user.id, 'enroll-offer');
      return { flowId: flow.id, step: { kind: 'enroll-offer', optOutAllowed: this.mayOptOut(user) } };
    }
    const flow = await flows.create(user.id, 'enter-otp');
    const issued = await this.sendSignInPasscode(flow.id, user);
    return { flowId: flow.id, step: this.enterOtpStep(issued, 'sign-in') };
  }

  /** Guide steps B7/B8/C2: checks the passcode and, at sign-in, opens a session. */
  async verifyOtp(flowId: string, code: string): Promise<AuthResponse> {
    const { db, flows, passcodes, sessions } = this.deps;
    const flow = await flows.requireLive(flowId);
    if (flow.stage !== 'enter-otp') {
      throw new HttpError(409, 'STEP_OUT_OF_ORDER', 'This sign-in is not waiting for a passcode.');
    }
    await passcodes.verify(flow.id, code);
    const user = await db.selectFrom('users').selectAll().where('id', '=', flow.user_id).executeTakeFirstOrThrow();
    await flows.complete(flow.id);
    const session = await sessions.create(user.id);
    return { flowId: flow.id, step: { kind: 'signed-in', username: user.username }, session };
  }

  private mayOptOut(user: UsersTable): boolean {
    return user.created_at < this.deps.policy.enrollmentCutoff;
  }

  private sendSignInPasscode(flowId: string, user: UsersTable): Promise<IssuedPasscode> {
    if (user.mfa_method === 'sms' && user.phone_e164) {
      return this.deps.passcodes.issue(flowId, 'sms', user.phone_e164, 'sign-in');
    }
    return this.deps.passcodes.issue(flowId, 'email', user.email, 'sign-in');
  }

  private enterOtpStep(issued: IssuedPasscode, purpose: 'sign-in' | 'enroll' | 'modify'): Step {
    return {
      kind: 'enter-otp',
      channel: issued.channel,
      sentTo: issued.channel === 'email' ? maskEmail(issued.destination) : maskPhone(issued.destination),
      purpose,
      expiresAt: new Date(issued.expiresAt).toISOString(),
      resendAvailableAt: new Date(issued.resendAvailableAt).toISOString(),
      canRememberDevice: purpose !== 'modify',
    };
  }
}
