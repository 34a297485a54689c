import { userInfo } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { EmailSender } from '../mail/delivery';
import type { Clock } from '../services/clock';
import {
  createUserCommand,
  HelpDeskError,
  resetMfaCommand,
  revokeDeviceCommand,
  showUserCommand,
  unlockCommand,
  type HelpDeskDeps,
} from './commands';

/** The help-desk commands `npm run server -- <command>` knows. */
export const HELP_DESK_COMMANDS = ['create-user', 'show-user', 'reset-mfa', 'revoke-device', 'unlock'] as const;

/** Usage text, printed for `help` and for a wrong invocation. */
export const HELP_DESK_USAGE = `Usage: npm run server -- <command> [options]

  (no command) | serve                     run the API server
  create-user --username U --email E [--password P] [--phone N] [--method sms|email]
  show-user <username>                     MFA state, locks and devices
  reset-mfa <username>                     clear MFA; ends sessions and device trusts
  revoke-device <device-id>                stop one remembered computer skipping the passcode
  unlock <username>                        clear password back-off and passcode lockout

Options for every command: --actor NAME (default: $CNS_HELPDESK_ACTOR or the OS user),
--reason TEXT (kept in the audit log), --json (machine-readable output).
The database is the one CNS_DATABASE_URL names (the server's own default otherwise).`;

/** Splits `show-user demo --json --actor ann` into positionals and options. */
export function parseArgs(argv: readonly string[]): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) options[key] = inline;
      else if (next !== undefined && !next.startsWith('--') && key !== 'json') {
        options[key] = next;
        i += 1;
      } else options[key] = true;
    } else positional.push(arg);
  }
  return { positional, options };
}

/** What a command run printed and how it ended. */
export interface HelpDeskResult {
  exitCode: number;
  output: string;
}

function text(value: Record<string, unknown>, indent = ''): string {
  return Object.entries(value)
    .map(([key, v]) => {
      if (Array.isArray(v)) {
        if (v.length === 0) return `${indent}${key}: (none)`;
        return `${indent}${key}:\n${v
          .map(
            (item) =>
              `${indent}  - ${
                typeof item === 'object' && item
                  ? Object.entries(item)
                      .map(([k, x]) => `${k}=${String(x)}`)
                      .join(' ')
                  : String(item)
              }`,
          )
          .join('\n')}`;
      }
      return `${indent}${key}: ${v === null ? '-' : String(v)}`;
    })
    .join('\n');
}

/**
 * Runs one help-desk command against an open database. Every change writes
 * an audit entry naming the actor. Errors become an exit code and a sentence,
 * never a stack.
 */
export async function runHelpDesk(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  base: { db: Kysely<Database>; clock: Clock; email: EmailSender },
): Promise<HelpDeskResult> {
  const { positional, options } = parseArgs(argv);
  const [command, target] = positional;
  const opt = (name: string): string | undefined =>
    typeof options[name] === 'string' ? (options[name] as string) : undefined;
  const actor = opt('actor') ?? env.CNS_HELPDESK_ACTOR ?? safeOsUser();
  const deps: HelpDeskDeps = { ...base, actor };
  const reason = opt('reason');
  const needTarget = (what: string): string => {
    if (!target) throw new HelpDeskError(`${command} needs ${what}.\n\n${HELP_DESK_USAGE}`);
    return target;
  };
  try {
    let result: Record<string, unknown>;
    switch (command) {
      case 'create-user': {
        const username = opt('username');
        const email = opt('email');
        if (!username || !email)
          throw new HelpDeskError(`create-user needs --username and --email.\n\n${HELP_DESK_USAGE}`);
        result = await createUserCommand(deps, {
          username,
          email,
          password: opt('password'),
          phone: opt('phone'),
          method: opt('method'),
          reason,
        });
        break;
      }
      case 'show-user':
        result = await showUserCommand(deps, needTarget('a user name'));
        break;
      case 'reset-mfa':
        result = await resetMfaCommand(deps, needTarget('a user name'), reason);
        break;
      case 'revoke-device':
        result = await revokeDeviceCommand(deps, needTarget('a device id'), reason);
        break;
      case 'unlock':
        result = await unlockCommand(deps, needTarget('a user name'), reason);
        break;
      default:
        return { exitCode: 2, output: `Unknown command "${command ?? ''}".\n\n${HELP_DESK_USAGE}` };
    }
    return { exitCode: 0, output: options.json ? JSON.stringify(result, null, 2) : text(result) };
  } catch (error) {
    if (error instanceof HelpDeskError) return { exitCode: 1, output: error.message };
    throw error;
  }
}

function safeOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
