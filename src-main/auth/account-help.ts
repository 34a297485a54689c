import type { AccountCreatedResponse, CreateAccountRequest } from '../../src-shared/api-schemas';
import type { AccountHelpAnswer } from '../../src-shared/ipc-contract';
import type { ApiClient } from '../api/api-client';

/**
 * The Log In screen's links: Create New Account, Forgot your username?,
 * Forgot your password? (and the reset that follows). They need no flow or
 * session; the answers are the same whether or not an account exists.
 */
export class AccountHelp {
  constructor(private readonly api: ApiClient) {}

  createAccount(request: CreateAccountRequest): Promise<AccountCreatedResponse> {
    return this.api.createAccount(request);
  }

  async forgotUsername(email: string): Promise<AccountHelpAnswer> {
    await this.api.forgotUsername(email);
    return { message: 'If an account uses that email address, we have sent its user name there.' };
  }

  async forgotPassword(username: string): Promise<AccountHelpAnswer> {
    await this.api.forgotPassword(username);
    return {
      message:
        'If that user name exists, we have emailed a password reset link to its address. The link works for 30 minutes.',
    };
  }

  async resetPassword(token: string, password: string): Promise<AccountHelpAnswer> {
    await this.api.resetPassword(token, password);
    return {
      message:
        'Your password has been changed. For your security, every remembered computer was forgotten; please log in.',
    };
  }
}
