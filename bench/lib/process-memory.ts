/**
 * Peak resident memory (RSS) of the processes a script started, read from /proc (Linux only).
 * Each direct child of this process is one "root" (the Stack spawns every service in its own process
 * group); its RSS is the sum over its whole subtree, because a service such as `tsx worker/index.ts`
 * is really two processes and an operator pays for both.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessPeak {
  role: string;
  pid: number;
  peakRssMiB: number;
}

interface ProcEntry {
  pid: number;
  ppid: number;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    // The process ended between listing and reading.
    return undefined;
  }
}

function listProcesses(): ProcEntry[] {
  const entries: ProcEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProc(Number(name), 'stat');
    if (!stat) continue;
    // The command name in parentheses may itself contain spaces or parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    entries.push({ pid: Number(name), ppid: Number(fields[1]) });
  }
  return entries;
}

function rssKiB(pid: number): number {
  const status = readProc(pid, 'status');
  const match = status ? /^VmRSS:\s+(\d+)\s+kB/m.exec(status) : null;
  return match ? Number(match[1]) : 0;
}

/** Samples every `intervalMs` until stopped; `classify` names a root from its command line or skips it. */
export class ProcessMemorySampler {
  private readonly peaks = new Map<number, { role: string; peakKiB: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly classify: (commandLine: string) => string | undefined,
    private readonly rootPid = process.pid,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    if (this.timer) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  sample(): void {
    let processes: ProcEntry[];
    try {
      processes = listProcesses();
    } catch {
      return; // no /proc (not Linux): nothing to report
    }
    const children = new Map<number, number[]>();
    for (const { pid, ppid } of processes) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    const subtreeKiB = (pid: number): number =>
      rssKiB(pid) + (children.get(pid) ?? []).reduce((sum, child) => sum + subtreeKiB(child), 0);
    for (const root of children.get(this.rootPid) ?? []) {
      const commandLine = readProc(root, 'cmdline')?.split('\0').join(' ') ?? '';
      const role = this.peaks.get(root)?.role ?? this.classify(commandLine);
      if (!role) continue;
      const kib = subtreeKiB(root);
      const known = this.peaks.get(root);
      if (!known || kib > known.peakKiB) this.peaks.set(root, { role, peakKiB: kib });
    }
  }

  /** Every root seen, with its peak. */
  results(): ProcessPeak[] {
    return [...this.peaks.entries()].map(([pid, { role, peakKiB }]) => ({
      role,
      pid,
      peakRssMiB: Math.round((peakKiB / 1024) * 10) / 10,
    }));
  }

  /** The highest peak among the roots of one role (for example the larger of two workers). */
  peakOf(role: string): number | null {
    const peaks = this.results().filter((entry) => entry.role === role).map((entry) => entry.peakRssMiB);
    return peaks.length === 0 ? null : Math.max(...peaks);
  }
}
