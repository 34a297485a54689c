import { cpus, freemem, loadavg, totalmem } from 'node:os';

/**
 * The machine a figure was measured on. Every benchmark prints it so a number
 * is never read apart from the hardware and load it came from.
 */
export function machineLine(): string {
  const cpu = cpus();
  const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return [
    `cpu: ${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length} cores`,
    `memory: ${gib(totalmem())} (${gib(freemem())} free)`,
    `node: ${process.version}`,
    `date: ${new Date().toISOString()}`,
    `load: ${loadLine()}`,
  ].join('\n');
}

/** The 1/5/15-minute load averages, as `uptime` shows them; the machine is shared, so each figure carries it. */
export function loadLine(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** Prints a benchmark's title and the machine, once at its start. */
export function printHeader(title: string): void {
  process.stdout.write(`\n=== ${title} ===\n${machineLine()}\n`);
}

/** Prints one result line with the load average beside it. */
export function printFigure(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(58)} ${value.padEnd(34)} [load ${loadLine()}]\n`);
}
