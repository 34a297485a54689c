/**
 * Fetches the chunks the user will probably need next, one at a time, each
 * when the main thread is idle. Fetching them all at once right after the
 * first frame put some twenty requests and compiles between the Log In screen
 * and its first input (60–70 ms on a two-core computer, bench/renderer);
 * one at a time, in idle periods, they stay out of the way of typing.
 * A load that fails is left for the screen that needs it to retry.
 */
export function prefetchWhenIdle(loads: ReadonlyArray<() => Promise<unknown>>): void {
  const queue = [...loads];
  const next = (): void => {
    const load = queue.shift();
    if (!load) return;
    whenIdle(() => {
      void load()
        .catch(() => undefined)
        .finally(next);
    });
  };
  next();
}

/** Idle time where the browser offers it (Chromium, Electron), else the next task; at most a second's wait. */
function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1_000 });
  else setTimeout(run, 0);
}
