import { describe, expect, it } from 'vitest';
import { summarizeColdLoad, type TraceEvent } from '../../bench/lib/chromium-trace';

// The renderer benchmark's trace reader (bench/lib/chromium-trace.ts): a
// cold load's spans must come from the page's own renderer, not from the
// about:blank renderer the page started in, and CPU is the thread's `tdur`.

const URL = 'http://127.0.0.1:4000/';
const BROWSER = 1;
const BLANK = 2;
const PAGE = 3;
const MAIN = 10;

/** A complete event; times in ms, written as the trace's µs. */
function x(pid: number, name: string, at: number, wall: number, cpu = wall, tid = MAIN): TraceEvent {
  return { name, ph: 'X', pid, tid, ts: at * 1000, dur: wall * 1000, tdur: cpu * 1000 };
}

const meta: TraceEvent[] = [
  { name: 'process_name', ph: 'M', pid: BROWSER, tid: 0, args: { name: 'Browser' } },
  { name: 'process_name', ph: 'M', pid: BLANK, tid: 0, args: { name: 'Renderer' } },
  { name: 'process_name', ph: 'M', pid: PAGE, tid: 0, args: { name: 'Renderer' } },
  { name: 'thread_name', ph: 'M', pid: PAGE, tid: MAIN, args: { name: 'CrRendererMain' } },
  { name: 'thread_name', ph: 'M', pid: PAGE, tid: 11, args: { name: 'Compositor' } },
];

/** A load: navigation at 100 ms; the about:blank renderer commits a blank page before it and evaluates no module. */
function load(): TraceEvent[] {
  return [
    ...meta,
    x(BLANK, 'RenderFrameImpl::CommitNavigation', 50, 30, 25),
    { name: `Navigation: ${URL}`, ph: 'b', pid: BROWSER, tid: 1, ts: 100_000 },
    x(BROWSER, 'ThreadControllerImpl::RunTask', 90, 20, 16, 1),
    x(PAGE, 'ThreadControllerImpl::RunTask', 180, 92, 24),
    x(PAGE, 'RenderFrameImpl::CommitNavigation', 180, 90, 22),
    x(PAGE, 'LocalWindowProxy::Initialize', 200, 50, 15),
    x(PAGE, 'LocalWindowProxy::Initialize', 260, 3, 2),
    x(PAGE, 'ThreadControllerImpl::RunTask', 300, 60, 50),
    x(PAGE, 'v8.evaluateModule', 302, 50, 46),
    x(PAGE, 'v8.evaluateModule', 302, 2, 2),
    x(PAGE, 'ThreadControllerImpl::RunTask', 370, 30, 20),
    x(PAGE, 'UpdateLayoutTree', 371, 8, 5),
    x(PAGE, 'Layout', 380, 12, 8),
    x(PAGE, 'Layout', 381, 4, 3),
    // Work on another thread of the page renderer and after the window is not the main thread's style or layout.
    x(PAGE, 'Layout', 382, 9, 9, 11),
    x(PAGE, 'Layout', 450, 10, 10),
    x(PAGE, 'ThreadControllerImpl::RunTask', 400, 40, 40),
  ];
}

describe('summarizeColdLoad', () => {
  it("reads the page renderer's commit, script context, evaluation, and style and layout as wall and CPU", () => {
    const breakdown = summarizeColdLoad(load(), URL, 310);
    expect(breakdown).toBeDefined();
    expect(breakdown!.toCommitMs).toBe(80);
    expect(breakdown!.commit).toEqual({ wallMs: 90, cpuMs: 22 });
    expect(breakdown!.scriptContext).toEqual({ wallMs: 50, cpuMs: 15 });
    expect(breakdown!.entryEvaluation).toEqual({ wallMs: 50, cpuMs: 46 });
    // The nested Layout counts once; the other thread's and the one after Log In (410 ms) not at all.
    expect(breakdown!.styleAndLayout).toEqual({ wallMs: 20, cpuMs: 13 });
  });

  it("charges each process its tasks' CPU within the window, a task cut by its edge in proportion", () => {
    const cpu = summarizeColdLoad(load(), URL, 310)!.cpuByProcess;
    // Page: 24 + 50 + 20 whole, and the last task a quarter inside (400-410 of 400-440): 10 of its 40.
    // Browser: its task at 90-110 is half inside the window (from 100): 8 of its 16.
    expect(cpu).toEqual([
      { process: 'the page renderer', cpuMs: 104 },
      { process: 'Browser', cpuMs: 8 },
    ]);
  });

  it('is undefined without the navigation, or without a renderer that evaluated the page', () => {
    expect(summarizeColdLoad(load(), 'http://127.0.0.1:4001/', 310)).toBeUndefined();
    const noModules = load().filter((e) => e.name !== 'v8.evaluateModule');
    expect(summarizeColdLoad(noModules, URL, 310)).toBeUndefined();
  });
});
