import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports thread CPU in clock ticks of 1/100 s (USER_HZ). */
const MS_PER_TICK = 10;

/**
 * CPU time a process has used so far, its main thread apart from all its other
 * threads (ms), and how much of each was spent in the kernel: the hash's own
 * memory mapping and the event loop's system calls both show there.
 */
export interface ThreadCpu {
  main: number;
  others: number;
  mainKernel: number;
  othersKernel: number;
}

/** No CPU yet: where a benchmark starts adding rounds up. */
export const NO_CPU: Readonly<ThreadCpu> = Object.freeze({ main: 0, others: 0, mainKernel: 0, othersKernel: 0 });

/**
 * Reads `/proc/<pid>/task/*\/stat`, so a benchmark can say where a sign-in's
 * CPU goes (the server's event loop against its argon2id threads); a rate
 * drifts with the shared machine's load, CPU time per task much less.
 * Undefined where there is no /proc (not Linux).
 */
export function threadCpu(pid: number): ThreadCpu | undefined {
  try {
    const cpu = { ...NO_CPU };
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const kernel = Number(fields[12]) * MS_PER_TICK;
      const total = Number(fields[11]) * MS_PER_TICK + kernel;
      if (tid === String(pid)) {
        cpu.main += total;
        cpu.mainKernel += kernel;
      } else {
        cpu.others += total;
        cpu.othersKernel += kernel;
      }
    }
    return cpu;
  } catch {
    return undefined;
  }
}

/** What a process used between two readings. */
export function cpuSince(before: ThreadCpu, after: ThreadCpu): ThreadCpu {
  return {
    main: after.main - before.main,
    others: after.others - before.others,
    mainKernel: after.mainKernel - before.mainKernel,
    othersKernel: after.othersKernel - before.othersKernel,
  };
}

/** Two spans of CPU together, so a benchmark can sum its measured rounds. */
export function addCpu(a: ThreadCpu, b: ThreadCpu): ThreadCpu {
  return {
    main: a.main + b.main,
    others: a.others + b.others,
    mainKernel: a.mainKernel + b.mainKernel,
    othersKernel: a.othersKernel + b.othersKernel,
  };
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
