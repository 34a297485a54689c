import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports thread CPU in clock ticks of 1/100 s (USER_HZ). */
const MS_PER_TICK = 10;

/** CPU time a process has used so far, its main thread apart from all its other threads (ms). */
export interface ThreadCpu {
  main: number;
  others: number;
}

/**
 * Reads `/proc/<pid>/task/*\/stat`, so a benchmark can say where a sign-in's
 * CPU goes (the server's event loop against its argon2id threads); a rate
 * drifts with the shared machine's load, CPU time per task much less.
 * Undefined where there is no /proc (not Linux).
 */
export function threadCpu(pid: number): ThreadCpu | undefined {
  try {
    let main = 0;
    let others = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (tid === String(pid)) main += ticks * MS_PER_TICK;
      else others += ticks * MS_PER_TICK;
    }
    return { main, others };
  } catch {
    return undefined;
  }
}

/** What a process used between two readings. */
export function cpuSince(before: ThreadCpu, after: ThreadCpu): ThreadCpu {
  return { main: after.main - before.main, others: after.others - before.others };
}

/** A process's I/O so far as Linux counts it (`/proc/<pid>/io`): system calls and bytes, read and written. */
export interface ProcessIo {
  syscr: number;
  syscw: number;
  rchar: number;
  wchar: number;
}

/**
 * Reads `/proc/<pid>/io`, so a benchmark can say how many read and write
 * calls (and bytes) a sign-in costs the server: SQLite's WAL frames go out
 * as two writes each, and each is kernel time on the event loop. Undefined
 * where there is no /proc (not Linux).
 */
export function processIo(pid: number): ProcessIo | undefined {
  try {
    const fields = new Map(
      readFileSync(`/proc/${pid}/io`, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(': ') as [string, string]),
    );
    return {
      syscr: Number(fields.get('syscr')),
      syscw: Number(fields.get('syscw')),
      rchar: Number(fields.get('rchar')),
      wchar: Number(fields.get('wchar')),
    };
  } catch {
    return undefined;
  }
}
