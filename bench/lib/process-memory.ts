/**
 * Peak resident memory (RSS) and CPU time of the processes a script started, read from /proc (Linux only).
 * Each direct child of this process is one "root" (the Stack spawns every service in its own process
 * group); its RSS is the sum over its whole subtree, because a service such as `tsx worker/index.ts`
 * is really two processes and an operator pays for both.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcessPeak {
  role: string;
  pid: number;
  peakRssMiB: number;
}

interface ProcEntry {
  pid: number;
  ppid: number;
  /** User plus system CPU time so far, in clock ticks. */
  cpuTicks: number;
}

// Linux's USER_HZ: /proc reports CPU times in these ticks on every common platform.
const TICKS_PER_SECOND = 100;

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
    // Fields after the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
    const cpuTicks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0);
    entries.push({ pid: Number(name), ppid: Number(fields[1]), cpuTicks });
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
  /** CPU seconds used so far by each root's tree, as of the last sample. */
  private readonly cpu = new Map<number, { role: string; seconds: number }>();
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
    const ticks = new Map<number, number>();
    for (const { pid, ppid, cpuTicks } of processes) {
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      ticks.set(pid, cpuTicks);
    }
    const subtreeKiB = (pid: number): number =>
      rssKiB(pid) + (children.get(pid) ?? []).reduce((sum, child) => sum + subtreeKiB(child), 0);
    const subtreeTicks = (pid: number): number =>
      (ticks.get(pid) ?? 0) + (children.get(pid) ?? []).reduce((sum, child) => sum + subtreeTicks(child), 0);
    for (const root of children.get(this.rootPid) ?? []) {
      const commandLine = readProc(root, 'cmdline')?.split('\0').join(' ') ?? '';
      const role = this.peaks.get(root)?.role ?? this.classify(commandLine);
      if (!role) continue;
      const kib = subtreeKiB(root);
      this.cpu.set(root, { role, seconds: subtreeTicks(root) / TICKS_PER_SECOND });
      const known = this.peaks.get(root);
      if (!known || kib > known.peakKiB) this.peaks.set(root, { role, peakKiB: kib });
    }
  }

  /** CPU seconds used so far per role (all roots of a role added up); sample first for a fresh figure. */
  cpuByRole(): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const { role, seconds } of this.cpu.values()) totals[role] = (totals[role] ?? 0) + seconds;
    return totals;
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

/** RSS now of each direct child of `rootPid` that `classify` names (its whole subtree), in MiB. */
export function rssByRoot(classify: (commandLine: string) => string | undefined, rootPid = process.pid): { role: string; pid: number; rssMiB: number }[] {
  let processes: ProcEntry[];
  try {
    processes = listProcesses();
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of processes) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const subtreeKiB = (pid: number): number => rssKiB(pid) + (children.get(pid) ?? []).reduce((sum, child) => sum + subtreeKiB(child), 0);
  const roots: { role: string; pid: number; rssMiB: number }[] = [];
  for (const root of children.get(rootPid) ?? []) {
    const role = classify(readProc(root, 'cmdline')?.split('\0').join(' ') ?? '');
    if (role) roots.push({ role, pid: root, rssMiB: Math.round((subtreeKiB(root) / 1024) * 10) / 10 });
  }
  return roots;
}
