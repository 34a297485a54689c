/*
 * The main-process side of the app in a child process of its own, so a test can
 * start it in a different environment than the test runner: journey J9 starts
 * it with DBUS_SESSION_BUS_ADDRESS pointing nowhere, and the real keytar then
 * fails exactly as on a computer without a Secret Service.
 * Messages: { id, channel, input } in, { id, answer } out.
 */
import { createAuthServices } from '../../src-main/auth/auth-services';
import { createHandlerTable } from '../../src-main/ipc/handler-table';
import type { IpcChannel } from '../../src-shared/ipc-methods';
import { loadKeytar, SecretVault } from '../../src-main/vault/secret-vault';

const apiUrl = process.env.CNS_CHILD_API_URL;
const service = process.env.CNS_CHILD_VAULT_SERVICE;
if (!apiUrl || !service) throw new Error('CNS_CHILD_API_URL and CNS_CHILD_VAULT_SERVICE are required');

const table = createHandlerTable(createAuthServices({ apiUrl, vault: new SecretVault(loadKeytar, service) }));

process.on('message', (message: { id: number; channel: string; input: unknown }) => {
  const handler = Object.hasOwn(table, message.channel) ? table[message.channel as IpcChannel] : undefined;
  const answer = handler
    ? handler(message.input)
    : Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown request.' } });
  void answer.then((value) => process.send?.({ id: message.id, answer: value }));
});
process.send?.({ ready: true });
