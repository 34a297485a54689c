/**
 * Reading a Chromium trace of one cold load (the JSON that Playwright's
 * `browser.startTracing` writes) into the few spans that say where the time
 * to Log In goes. Every span gives wall time beside the thread's own CPU
 * (`tdur`), because on a two-core machine a long wall time with little CPU
 * means the renderer waited (for the harness, for another process), while the
 * two together mean work of the page's own.
 */

/** One event of a Chromium trace (`traceEvents`), as far as the summary reads it; times in µs. */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  tdur?: number;
  args?: { name?: unknown };
}

/** Wall time and the thread's own CPU of one or more spans, ms. */
export interface Span {
  wallMs: number;
  cpuMs: number;
}

/** Where one cold load's time went, from the navigation's start in the browser. */
export interface ColdLoadBreakdown {
  /** From the navigation's start to the start of the page renderer's commit. */
  toCommitMs: number;
  /** The page renderer's commit of the navigation (`RenderFrameImpl::CommitNavigation`). */
  commit: Span;
  /** Inside the commit: the main world's script context (`LocalWindowProxy::Initialize`), where init scripts run. */
  scriptContext: Span;
  /** The longest module evaluation (`v8.evaluateModule`): the entry and the chunks it imports. */
  entryEvaluation: Span;
  /** Style and layout on the page renderer's main thread within the window (`UpdateLayoutTree`, `Layout`). */
  styleAndLayout: Span;
  /** CPU of every process's tasks within the window, busiest first. */
  cpuByProcess: Array<{ process: string; cpuMs: number }>;
}

/** The task event every Chromium thread runs its work under; its `tdur` is the thread's CPU. */
const TASK = 'ThreadControllerImpl::RunTask';

const ms = (us: number | undefined): number => (us ?? 0) / 1000;

function span(events: readonly TraceEvent[]): Span {
  return {
    wallMs: events.reduce((total, e) => total + ms(e.dur), 0),
    cpuMs: events.reduce((total, e) => total + ms(e.tdur ?? e.dur), 0),
  };
}

/** The events among `events` that no other of them contains on the same thread, so nested repeats count once. */
function outermost(events: readonly TraceEvent[]): TraceEvent[] {
  const sorted = [...events].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || (b.dur ?? 0) - (a.dur ?? 0));
  const kept: TraceEvent[] = [];
  const openUntil = new Map<string, number>();
  for (const e of sorted) {
    const thread = `${e.pid}:${e.tid}`;
    if ((e.ts ?? 0) < (openUntil.get(thread) ?? -Infinity)) continue;
    kept.push(e);
    openUntil.set(thread, (e.ts ?? 0) + (e.dur ?? 0));
  }
  return kept;
}

/** The longest complete event of `name` among `events`, as a span (zero if there is none). */
function longest(events: readonly TraceEvent[], name: string): Span {
  const found = events.filter((e) => e.name === name).sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))[0];
  return found ? span([found]) : { wallMs: 0, cpuMs: 0 };
}

/**
 * Summarizes the trace of one cold load of `pageUrl`: the window runs from
 * the navigation's start (the browser's `Navigation: <url>` event) for
 * `windowMs` (the load's Log In time, as the page measured it). The page's
 * renderer is the one that evaluated modules; the initial about:blank
 * document's renderer evaluates none. Undefined when the trace holds no such
 * navigation or no renderer that evaluated the page.
 */
export function summarizeColdLoad(
  events: readonly TraceEvent[],
  pageUrl: string,
  windowMs: number,
): ColdLoadBreakdown | undefined {
  const start = events.find((e) => e.ph === 'b' && e.name === `Navigation: ${pageUrl}`)?.ts;
  if (start === undefined) return undefined;
  const end = start + windowMs * 1000;
  const complete = events.filter((e) => e.ph === 'X' && e.ts !== undefined && e.ts >= start);

  const evaluations = complete.filter((e) => e.name === 'v8.evaluateModule');
  const byPid = new Map<number, number>();
  for (const e of evaluations) byPid.set(e.pid, (byPid.get(e.pid) ?? 0) + (e.dur ?? 0));
  const page = [...byPid].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (page === undefined) return undefined;
  const mainThread = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === page && e.args?.name === 'CrRendererMain',
  )?.tid;
  const onPageMain = complete.filter((e) => e.pid === page && (mainThread === undefined || e.tid === mainThread));

  const commit = onPageMain
    .filter((e) => e.name === 'RenderFrameImpl::CommitNavigation')
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))[0];
  const inCommit = commit
    ? onPageMain.filter((e) => (e.ts ?? 0) >= (commit.ts ?? 0) && (e.ts ?? 0) <= (commit.ts ?? 0) + (commit.dur ?? 0))
    : [];
  const inWindow = onPageMain.filter((e) => (e.ts ?? 0) < end);

  const processNames = new Map<number, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'process_name' && typeof e.args?.name === 'string') {
      processNames.set(e.pid, e.args.name);
    }
  }
  const cpu = new Map<string, number>();
  for (const task of outermost(events.filter((e) => e.ph === 'X' && e.name === TASK && e.ts !== undefined))) {
    const from = task.ts ?? 0;
    const to = from + (task.dur ?? 0);
    const overlap = Math.min(to, end) - Math.max(from, start);
    if (overlap <= 0) continue;
    // A task cut by the window's edge is charged the share of its CPU that its overlap is of its wall time.
    const share = (task.dur ?? 0) > 0 ? overlap / (task.dur ?? 1) : 1;
    const name = processNames.get(task.pid) ?? `process ${task.pid}`;
    const label = task.pid === page ? 'the page renderer' : name === 'Renderer' ? 'other renderers' : name;
    cpu.set(label, (cpu.get(label) ?? 0) + ms(task.tdur ?? task.dur) * share);
  }

  return {
    toCommitMs: commit ? ms((commit.ts ?? 0) - start) : 0,
    commit: commit ? span([commit]) : { wallMs: 0, cpuMs: 0 },
    scriptContext: longest(inCommit, 'LocalWindowProxy::Initialize'),
    entryEvaluation: longest(
      evaluations.filter((e) => e.pid === page),
      'v8.evaluateModule',
    ),
    styleAndLayout: span(outermost(inWindow.filter((e) => e.name === 'UpdateLayoutTree' || e.name === 'Layout'))),
    cpuByProcess: [...cpu].map(([process, cpuMs]) => ({ process, cpuMs })).sort((a, b) => b.cpuMs - a.cpuMs),
  };
}
