import { afterEach, describe, expect, it, vi } from 'vitest';

/** A stand-in for the preload's window.cns that counts the questions asked on each channel. */
function fakeApi() {
  const asked: string[] = [];
  const answer = (channel: string, value: unknown) => () => {
    asked.push(channel);
    return Promise.resolve({ ok: true, value });
  };
  return {
    asked,
    api: {
      getAuthStep: answer('step', { step: { kind: 'password' } }),
      getSettings: answer('settings', { rememberUsername: false }),
      getUpdateStatus: answer('updates', { state: 'idle' }),
    },
  };
}

const scope = globalThis as { window?: unknown };
/** Node's process, typed here because the renderer's tests compile without Node's types. */
const node = (
  globalThis as unknown as { process: { on(e: string, f: () => void): void; off(e: string, f: () => void): void } }
).process;

async function loadModule() {
  vi.resetModules();
  return import('../../../src-renderer/launch-questions');
}

afterEach(() => {
  delete scope.window;
});

describe('launch questions', () => {
  it('are sent as soon as the module runs, before any store asks', async () => {
    const { api, asked } = fakeApi();
    scope.window = { cns: api };
    await loadModule();
    expect(asked.sort()).toEqual(['settings', 'step', 'updates']);
  });

  it('hand each answer out once, so a later load asks afresh', async () => {
    const { api } = fakeApi();
    scope.window = { cns: api };
    const { takeLaunchAnswer } = await loadModule();
    await expect(takeLaunchAnswer('step')).resolves.toEqual({ ok: true, value: { step: { kind: 'password' } } });
    expect(takeLaunchAnswer('step')).toBeUndefined();
    await expect(takeLaunchAnswer('settings')).resolves.toMatchObject({ ok: true });
    expect(takeLaunchAnswer('settings')).toBeUndefined();
  });

  it('are dropped once the first screen is drawn, so a screen that comes later asks afresh', async () => {
    const { api } = fakeApi();
    scope.window = { cns: api };
    const { takeLaunchAnswer, dropLaunchAnswers } = await loadModule();
    await expect(takeLaunchAnswer('step')).resolves.toMatchObject({ ok: true });
    dropLaunchAnswers();
    expect(takeLaunchAnswer('settings')).toBeUndefined();
    expect(takeLaunchAnswer('updates')).toBeUndefined();
  });

  it('ask nothing outside the app (no bridge), leaving the stores to report it', async () => {
    scope.window = {};
    const { takeLaunchAnswer } = await loadModule();
    expect(takeLaunchAnswer('step')).toBeUndefined();
    expect(takeLaunchAnswer('updates')).toBeUndefined();
  });

  it('keep a failed question for its taker instead of an unhandled rejection', async () => {
    const { api } = fakeApi();
    const failure = new Error('main process gone');
    scope.window = { cns: { ...api, getSettings: () => Promise.reject(failure) } };
    const unhandled = vi.fn();
    node.on('unhandledRejection', unhandled);
    try {
      const { takeLaunchAnswer } = await loadModule();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
      await expect(takeLaunchAnswer('settings')).rejects.toBe(failure);
    } finally {
      node.off('unhandledRejection', unhandled);
    }
  });
});
