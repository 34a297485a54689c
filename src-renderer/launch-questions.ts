import type { CnsApi } from '../src-shared/ipc-contract';
import { bridge } from './bridge';

/** The questions every launch asks before Log In can be drawn, by the store that takes each answer. */
interface LaunchAnswers {
  step: ReturnType<CnsApi['getAuthStep']>;
  settings: ReturnType<CnsApi['getSettings']>;
  updates: ReturnType<CnsApi['getUpdateStatus']>;
}

/**
 * Sends the launch questions the moment this module runs. The build gives it
 * a module script of its own ahead of the entry (electron.vite.config.ts), so
 * it runs as soon as the HTML is parsed, while the entry script (React and the
 * screens) is still loading and compiling: the round trips to the main process
 * overlap that work instead of following it, and the first frame can already
 * be the Log In screen rather than "Loading…".
 */
function askNow(): Partial<LaunchAnswers> {
  try {
    const api = bridge();
    const answers: LaunchAnswers = {
      step: api.getAuthStep(),
      settings: api.getSettings(),
      updates: api.getUpdateStatus(),
    };
    // Whoever takes an answer handles its failure; until then a rejection is not "unhandled".
    for (const answer of Object.values(answers)) (answer as Promise<unknown>).catch(() => undefined);
    return answers;
  } catch {
    // No bridge (a page opened outside the app): the stores ask themselves and show that error.
    return {};
  }
}

const pending: Partial<LaunchAnswers> = askNow();

/**
 * The launch answer to one question, handed out once: the first load of a
 * store takes it, and every later load asks again. Undefined when it was
 * taken already, dropped, or never asked.
 */
export function takeLaunchAnswer<K extends keyof LaunchAnswers>(key: K): LaunchAnswers[K] | undefined {
  const answer = pending[key];
  delete pending[key];
  return answer;
}

/**
 * Ends the launch: answers no screen took by the time the first screen is
 * drawn are dropped, since by the time a screen that needs them appears (Log
 * In after signing out, say) they would be stale.
 */
export function dropLaunchAnswers(): void {
  for (const key of Object.keys(pending) as Array<keyof LaunchAnswers>) delete pending[key];
}
