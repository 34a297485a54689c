import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { linkParamsSchema, newPasswordSchema } from '../../src-shared/api-schemas';
import { HttpError } from '../http-error';
import type { AccountsService } from '../services/accounts-service';
import type { EmailLinkService } from '../services/email-links';
import type { FactorService, LinkOutcome } from '../services/factor-service';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small self-contained page; the token in the URL never leaves by Referer. */
function page(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)} — Click-N-Ship</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}button{font-size:1rem;padding:.6rem 1.4rem;background:#333366;color:#fff;border:0;border-radius:4px}label{display:block;margin:.8rem 0 .2rem}input{font-size:1rem;padding:.4rem;width:100%}.error{color:#b00020}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`);
}

function tokenOf(params: unknown): string | null {
  const parsed = linkParamsSchema.safeParse(params);
  return parsed.success ? parsed.data.token : null;
}

const DONE_TEXT: Record<LinkOutcome, string> = {
  enroll: 'Your email address is verified. Return to the Click-N-Ship app: it continues the set-up by itself.',
  modify: 'Your new email address is verified. Return to the Click-N-Ship app to finish signing in.',
  'account-verify': 'Your email address is verified. You can now log in to Click-N-Ship.',
};

const INVALID_TEXT =
  '<p>This link has expired or was already used. Links work once and for 30 minutes. Please ask for a new one from the app.</p>';

/**
 * The pages emailed links open. GET only shows a Confirm button (mail
 * scanners that prefetch links confirm nothing); the POST it submits does the
 * work. Password reset works the same way with a form.
 */
export function registerEmailLinkRoutes(
  app: FastifyInstance,
  links: EmailLinkService,
  factors: FactorService,
  accounts: AccountsService,
): void {
  app.get('/v1/email-links/:token', async (request, reply) => {
    const token = tokenOf(request.params);
    if (!token) return page(reply, 404, 'Link not valid', INVALID_TEXT);
    try {
      await links.peek(token, ['enroll', 'modify', 'account-verify']);
    } catch {
      return page(reply, 410, 'Link not valid', INVALID_TEXT);
    }
    return page(
      reply,
      200,
      'Verify your email',
      `<p>Select Confirm to verify this email address for your Click-N-Ship account.</p>
<form method="post" action="/v1/email-links/${token}/confirm"><button type="submit">Confirm</button></form>`,
    );
  });

  app.post('/v1/email-links/:token/confirm', async (request, reply) => {
    const token = tokenOf(request.params);
    if (!token) return page(reply, 404, 'Link not valid', INVALID_TEXT);
    try {
      const outcome = await factors.confirmLink(token);
      // Guide B4: back to the app. The clicknship:// link only brings the app forward; it carries nothing.
      const back =
        outcome === 'account-verify' ? '' : '<p><a href="clicknship://continue">Return to Click-N-Ship</a></p>';
      return page(reply, 200, 'Email verified', `<p>${DONE_TEXT[outcome]}</p>${back}`);
    } catch (error) {
      if (error instanceof HttpError && error.statusCode < 500) {
        return page(reply, 410, 'Link not valid', `<p>${escapeHtml(error.message)}</p>`);
      }
      throw error;
    }
  });

  const resetForm = (token: string, problem?: string): string =>
    `${problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : ''}
<p>Choose a new password of at least 12 characters. Multifactor authentication still applies when you next log in.</p>
<form method="post" action="/v1/password-reset/${token}">
<label for="password">New password</label><input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" maxlength="256">
<label for="confirm">Confirm new password</label><input id="confirm" name="confirm" type="password" autocomplete="new-password" required>
<p><button type="submit">Change password</button></p></form>`;

  app.get('/v1/password-reset/:token', async (request, reply) => {
    const token = tokenOf(request.params);
    if (!token) return page(reply, 404, 'Link not valid', INVALID_TEXT);
    try {
      await links.peek(token, ['password-reset']);
    } catch {
      return page(reply, 410, 'Link not valid', INVALID_TEXT);
    }
    return page(reply, 200, 'Reset your password', resetForm(token));
  });

  const resetFields = z.object({ password: z.string().max(1024), confirm: z.string().max(1024) });

  app.post('/v1/password-reset/:token', async (request, reply) => {
    const token = tokenOf(request.params);
    if (!token) return page(reply, 404, 'Link not valid', INVALID_TEXT);
    const fields = resetFields.safeParse(request.body);
    if (!fields.success)
      return page(reply, 400, 'Reset your password', resetForm(token, 'Enter the new password twice.'));
    if (fields.data.password !== fields.data.confirm) {
      return page(reply, 400, 'Reset your password', resetForm(token, 'The two passwords are not the same.'));
    }
    const password = newPasswordSchema.safeParse(fields.data.password);
    if (!password.success) {
      return page(
        reply,
        400,
        'Reset your password',
        resetForm(token, password.error.issues[0]?.message ?? 'Choose another password.'),
      );
    }
    try {
      await accounts.resetPassword(token, password.data);
    } catch (error) {
      if (error instanceof HttpError && error.statusCode < 500) return page(reply, 410, 'Link not valid', INVALID_TEXT);
      throw error;
    }
    return page(
      reply,
      200,
      'Password changed',
      '<p>Your password was changed and every session was signed out. Return to the Click-N-Ship app and log in with the new password.</p>',
    );
  });
}
