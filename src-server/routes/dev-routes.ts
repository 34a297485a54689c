import type { FastifyInstance } from 'fastify';
import type { Outbox } from '../mail/outbox';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}

/**
 * The dev mailbox: every message the outbox holds, newest first, as JSON
 * (`/dev/outbox`) and as a page with working links (`/dev/mailbox`).
 * Registered only in dev mode, so it does not exist in production.
 */
export function registerDevRoutes(app: FastifyInstance, outbox: Outbox): void {
  app.get('/dev/outbox', async () => ({ messages: await outbox.list() }));

  app.get('/dev/mailbox', async (_request, reply) => {
    const messages = await outbox.list();
    const rows = messages
      .map(
        (m) => `<article><h2>${m.channel === 'sms' ? 'SMS' : escapeHtml(m.subject)}</h2>
<p class="meta">To ${escapeHtml(m.recipient)} · ${new Date(m.created_at).toISOString()}</p>
<pre>${linkify(escapeHtml(m.body))}</pre></article>`,
      )
      .join('\n');
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev mailbox — Click-N-Ship</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;color:#1a1a1a}article{border:1px solid #ccc;border-radius:6px;padding:0 1rem;margin:1rem 0}.meta{color:#555}pre{white-space:pre-wrap}</style>
</head><body><h1>Dev mailbox</h1><p>Email and SMS the server would have sent. Newest first.</p>${rows || '<p>No messages yet.</p>'}</body></html>`);
  });
}
