import 'server-only';
import { randomUUID } from 'node:crypto';
import { appendFileSync, closeSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  deliverySchema,
  faultSettingsSchema,
  SANDBOX_SERVICES,
  sandboxServiceSchema,
  type Delivery,
  type FaultRequest,
  type FaultSettings,
  type SandboxService,
  type SandboxState,
} from '@/contract/http';
import { ensurePrivateDir, PRIVATE_FILE_MODE, restrictFile } from '@/common/private-files';

/** What a simulated service answers: a status and a JSON body. */
interface SandboxResponse {
  status: number;
  body: unknown;
}

/** What a service did with a call: its answer and, when something was delivered, the delivery's fields. */
export interface ServiceOutcome extends SandboxResponse {
  delivery?: Record<string, unknown>;
}

const NO_FAULTS: FaultSettings = { failNext: 0, failRate: 0, latencyMs: 0, permanent: false, after: false, kind: 'unavailable' };

/** Per service, the most deliveries (and idempotency records) kept; the oldest go first. */
export const DEFAULT_MAX_RECORDS_PER_SERVICE = 10_000;
/** A file is rewritten from memory once it holds more than twice the lines it needs, plus this many. */
const COMPACT_SLACK_LINES = 200;

/**
 * One line of a JSONL file. Each service has its own file (deliveries and idempotency records) and
 * faults have theirs; files are appended to, and rewritten whole from memory when they hold too many
 * stale lines (compaction), on an erasure, or emptied on a reset.
 */
const recordSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('delivery'), delivery: deliverySchema }),
  z.object({
    type: z.literal('idempotent'),
    key: z.string(),
    response: z.object({ status: z.number().int(), body: z.unknown() }),
  }),
  z.object({ type: z.literal('faults'), service: sandboxServiceSchema, settings: faultSettingsSchema }),
]);
type StoreRecord = z.infer<typeof recordSchema>;

const FAULTS_FILE = 'faults.jsonl';
const COUNTERS_FILE = 'counters.json';
const countersFileSchema = z.object({ calls: z.record(z.string(), z.number()), replays: z.record(z.string(), z.number()) });

/** The answer of a failing call: 422 when permanent, else 503, 504 or 500 by the fault's kind. */
function simulatedFailure(service: SandboxService, settings: FaultSettings, reason: string): SandboxResponse {
  if (settings.permanent) {
    return { status: 422, body: { error: { code: 'simulated_outage', message: `Simulated permanent rejection by the ${service} service (${reason})` } } };
  }
  switch (settings.kind) {
    case 'timeout':
      return { status: 504, body: { error: { code: 'simulated_timeout', message: `Simulated timeout: the ${service} service did not answer in time (${reason})` } } };
    case 'error':
      return { status: 500, body: { error: { code: 'simulated_error', message: `Simulated runtime error in the ${service} service (${reason})` } } };
    case 'unavailable':
      return { status: 503, body: { error: { code: 'simulated_outage', message: `Simulated outage of the ${service} service (${reason})` } } };
  }
}

/** nginx's "client closed request": nobody reads it, it only marks the call as not performed. */
const CALLER_GONE: SandboxResponse = {
  status: 499,
  body: { error: { code: 'client_closed_request', message: 'The caller went away before the call was performed.' } },
};

interface SandboxStoreOptions {
  /** Injected for tests: the source of failRate's coin flips and of latency. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** Per service, the most deliveries and idempotency records kept (default DEFAULT_MAX_RECORDS_PER_SERVICE). */
  maxRecordsPerService?: number;
}

/**
 * The sandbox's memory: deliveries per service, idempotency records (key -> first successful answer)
 * and faults per service, kept in memory and persisted as JSONL in `dir` so they survive restarts.
 */
export class SandboxStore {
  private readonly deliveries = new Map<SandboxService, Delivery[]>();
  private readonly answered = new Map<SandboxService, Map<string, SandboxResponse>>();
  private readonly inFlight = new Map<string, Promise<SandboxResponse>>();
  private readonly faults = new Map<SandboxService, FaultSettings>();
  private readonly calls = new Map<SandboxService, number>();
  private readonly replays = new Map<SandboxService, number>();
  /** Lines in each JSONL file, to know when it is worth compacting. */
  private readonly lines = new Map<string, number>();
  private readonly maxRecords: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => Date;

  constructor(
    private readonly dir: string,
    options: SandboxStoreOptions = {},
  ) {
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? (() => new Date());
    this.maxRecords = options.maxRecordsPerService ?? DEFAULT_MAX_RECORDS_PER_SERVICE;
    // Deliveries hold hires' names and addresses: the folder and its files are this user's only.
    ensurePrivateDir(dir);
    for (const file of [FAULTS_FILE, COUNTERS_FILE, ...SANDBOX_SERVICES.map(serviceFile)]) restrictFile(path.join(dir, file));
    this.load();
  }

  /**
   * Runs one call of a simulated service. A fault strikes before the work (latency, then failNext /
   * failRate: nothing is delivered) or, with `after`, after it (the work is done and recorded, then the
   * latency holds the answer back and the fault replaces it, as when an answer is lost on the way back).
   * A repeated successful call with the same key returns the first answer, delivers nothing and counts as
   * a replay; concurrent calls with one key wait for the first.
   */
  async handle(
    service: SandboxService,
    idempotencyKey: string | null,
    perform: () => ServiceOutcome | Promise<ServiceOutcome>,
    callerGone?: AbortSignal,
  ): Promise<SandboxResponse> {
    this.countCall(service);
    const before = this.faultsFor(service);
    if (before.after) {
      const response = await this.performOnce(service, idempotencyKey, perform);
      if (before.latencyMs > 0) await this.sleep(before.latencyMs);
      return this.drawFault(service) ?? response;
    }
    if (before.latencyMs > 0) await this.sleep(before.latencyMs);
    const fault = this.drawFault(service);
    if (fault) return fault;
    // A caller that hung up during the simulated latency (a cancelled activity) must not find the call
    // delivered later: nothing would ever undo it.
    if (callerGone?.aborted) return CALLER_GONE;
    return this.performOnce(service, idempotencyKey, perform);
  }

  /** Counts a request the service turned away before handle (a body it could not read): still a call. */
  countCall(service: SandboxService): void {
    this.calls.set(service, (this.calls.get(service) ?? 0) + 1);
    this.countersChanged();
  }

  /** The work itself, at most once per key: the stored answer (a replay) when the key was answered already. */
  private async performOnce(
    service: SandboxService,
    idempotencyKey: string | null,
    perform: () => ServiceOutcome | Promise<ServiceOutcome>,
  ): Promise<SandboxResponse> {
    if (idempotencyKey === null) return this.perform(service, null, perform);
    const flightKey = `${service}\u0000${idempotencyKey}`;
    for (;;) {
      const stored = this.answeredFor(service).get(idempotencyKey);
      if (stored) {
        this.replays.set(service, (this.replays.get(service) ?? 0) + 1);
        this.countersChanged();
        return stored;
      }
      const running = this.inFlight.get(flightKey);
      if (!running) break;
      // The first call with this key is still running; its success becomes our answer, its failure lets us try.
      await running.catch(() => undefined);
    }
    const call = this.perform(service, idempotencyKey, perform);
    this.inFlight.set(flightKey, call);
    try {
      return await call;
    } finally {
      this.inFlight.delete(flightKey);
    }
  }

  private async perform(service: SandboxService, idempotencyKey: string | null, perform: () => ServiceOutcome | Promise<ServiceOutcome>): Promise<SandboxResponse> {
    const outcome = await perform();
    const response: SandboxResponse = { status: outcome.status, body: outcome.body };
    if (!outcome.delivery) return response;
    // Our fields last: a request cannot forge a delivery's id, key or time.
    const delivery: Delivery = { ...outcome.delivery, id: randomUUID(), idempotencyKey, at: this.now().toISOString() };
    this.append(service, { type: 'delivery', delivery });
    const deliveries = this.deliveriesFor(service);
    deliveries.push(delivery);
    if (deliveries.length > this.maxRecords) deliveries.splice(0, deliveries.length - this.maxRecords);
    if (idempotencyKey !== null && outcome.status < 300) {
      this.append(service, { type: 'idempotent', key: idempotencyKey, response });
      const answers = this.answeredFor(service);
      answers.set(idempotencyKey, response);
      // A Map iterates in insertion order: the first keys are the oldest.
      for (const key of answers.keys()) {
        if (answers.size <= this.maxRecords) break;
        answers.delete(key);
      }
    }
    this.compactIfNeeded(service);
    return response;
  }

  /** Whether this call fails: failNext first, then failRate's coin flip. Read now: faults may have changed during a latency. */
  private drawFault(service: SandboxService): SandboxResponse | undefined {
    const current = this.faultsFor(service);
    let reason: string | undefined;
    if (current.failNext > 0) {
      reason = current.failNext === 1 ? 'failing this call' : `failing the next ${current.failNext} calls`;
      this.setFaults(service, { ...current, failNext: current.failNext - 1 });
    } else if (current.failRate > 0 && this.random() < current.failRate) {
      reason = `failing ${Math.round(current.failRate * 100)}% of calls`;
    }
    if (reason === undefined) return undefined;
    const when = current.after ? ' after doing the work: the answer was lost' : '';
    return simulatedFailure(service, current, `${reason}${when}`);
  }

  faultsFor(service: SandboxService): FaultSettings {
    return this.faults.get(service) ?? NO_FAULTS;
  }

  /** Changes only the fields given; the others keep their values. */
  updateFaults(request: FaultRequest): FaultSettings {
    const { service, ...changes } = request;
    const settings = faultSettingsSchema.parse({ ...this.faultsFor(service), ...changes });
    this.setFaults(service, settings);
    return settings;
  }

  private setFaults(service: SandboxService, settings: FaultSettings): void {
    this.faults.set(service, settings);
    this.appendLine(FAULTS_FILE, { type: 'faults', service, settings });
    // Every failNext call rewrites a service's faults: keep only the latest line per service now and then.
    if ((this.lines.get(FAULTS_FILE) ?? 0) > COMPACT_SLACK_LINES) {
      this.rewrite(FAULTS_FILE, [...this.faults].map(([s, f]): StoreRecord => ({ type: 'faults', service: s, settings: f })));
    }
  }

  /** Clears deliveries, idempotency records, faults and counters, in memory and on disk. */
  reset(): void {
    this.deliveries.clear();
    this.answered.clear();
    this.faults.clear();
    this.calls.clear();
    this.replays.clear();
    for (const file of [FAULTS_FILE, ...SANDBOX_SERVICES.map(serviceFile)]) {
      writeFileSync(path.join(this.dir, file), '', { mode: PRIVATE_FILE_MODE });
      this.lines.set(file, 0);
    }
    this.writeCounters();
  }

  /**
   * Erasure on request: forgets what the services received for one onboarding (deliveries whose
   * idempotency key starts with its workflow ID, or that name its employee ID) and the idempotency
   * records, in memory and on disk. Returns how many deliveries went.
   */
  eraseOnboarding(workflowId: string): number {
    // Workflow IDs cannot contain ":", so this prefix never matches another onboarding's keys.
    const keyPrefix = `${workflowId}:`;
    const employeeId = workflowId.startsWith('onboarding-') ? workflowId.slice('onboarding-'.length) : undefined;
    const ofThisOnboarding = (delivery: Delivery) =>
      (delivery.idempotencyKey?.startsWith(keyPrefix) ?? false) || (employeeId !== undefined && delivery.employeeId === employeeId);
    let erased = 0;
    for (const service of SANDBOX_SERVICES) {
      const before = this.deliveriesFor(service);
      const kept = before.filter((delivery) => !ofThisOnboarding(delivery));
      const answers = this.answeredFor(service);
      const staleKeys = [...answers.keys()].filter((key) => key.startsWith(keyPrefix));
      if (kept.length === before.length && staleKeys.length === 0) continue;
      erased += before.length - kept.length;
      this.deliveries.set(service, kept);
      for (const key of staleKeys) answers.delete(key);
      this.rewriteService(service);
    }
    return erased;
  }

  /**
   * Appends leave stale lines behind (deliveries and records beyond the cap); once a file holds more
   * than twice the lines memory needs (plus COMPACT_SLACK_LINES), it is rewritten from memory, so its
   * size stays bounded by the cap however long the sandbox runs, at an amortised cost of one line per append.
   */
  private compactIfNeeded(service: SandboxService): void {
    const live = this.deliveriesFor(service).length + this.answeredFor(service).size;
    if ((this.lines.get(serviceFile(service)) ?? 0) > 2 * live + COMPACT_SLACK_LINES) this.rewriteService(service);
  }

  private rewriteService(service: SandboxService): void {
    this.rewrite(serviceFile(service), [
      ...this.deliveriesFor(service).map((delivery): StoreRecord => ({ type: 'delivery', delivery })),
      ...[...this.answeredFor(service)].map(([key, response]): StoreRecord => ({ type: 'idempotent', key, response })),
    ]);
  }

  /** Rewritten beside the old file, then renamed over it: a crash leaves one or the other, whole. */
  private rewrite(file: string, records: readonly StoreRecord[]): void {
    const target = path.join(this.dir, file);
    writeFileSync(`${target}.tmp`, records.map((record) => `${JSON.stringify(record)}\n`).join(''), { mode: PRIVATE_FILE_MODE });
    renameSync(`${target}.tmp`, target);
    this.lines.set(file, records.length);
  }

  state(): SandboxState {
    const faults = Object.fromEntries(SANDBOX_SERVICES.map((s) => [s, this.faultsFor(s)])) as SandboxState['faults'];
    const deliveries = Object.fromEntries(SANDBOX_SERVICES.map((s) => [s, [...this.deliveriesFor(s)]])) as SandboxState['deliveries'];
    const calls = Object.fromEntries(SANDBOX_SERVICES.map((s) => [s, this.calls.get(s) ?? 0])) as SandboxState['calls'];
    const replays = Object.fromEntries(SANDBOX_SERVICES.map((s) => [s, this.replays.get(s) ?? 0])) as SandboxState['replays'];
    return { faults, calls, replays, deliveries };
  }

  /** Bytes the sandbox's files take on disk now. */
  diskBytes(): number {
    let total = 0;
    for (const file of [FAULTS_FILE, COUNTERS_FILE, ...SANDBOX_SERVICES.map(serviceFile)]) {
      try {
        total += statSync(path.join(this.dir, file)).size;
      } catch {
        continue;
      }
    }
    return total;
  }

  /** Counters are small: rewritten whole on every change, so a crash loses none of them. */
  private countersChanged(): void {
    this.writeCounters();
  }

  /**
   * The file open for rewriting in place, and the length last written. Counters only grow while the
   * process runs, so each new text is at least as long as the last and one positioned write replaces it
   * whole (a write of a hundred bytes is not torn by a crash). Renaming a fresh file over it on every
   * call, as before, cost about 3.5 ms a call on this machine's disk: 13% of the web process's CPU under
   * load (docs/performance.md). A reset, which shortens the text, still writes a new file and renames it.
   */
  private counters: { fd: number; length: number } | undefined;

  private writeCounters(): void {
    // Not through state(): that copies every delivery kept (up to the cap per service) on every call.
    const count = (map: Map<SandboxService, number>) => Object.fromEntries(SANDBOX_SERVICES.map((s) => [s, map.get(s) ?? 0]));
    const text = Buffer.from(JSON.stringify({ calls: count(this.calls), replays: count(this.replays) }));
    const target = path.join(this.dir, COUNTERS_FILE);
    if (this.counters && text.length >= this.counters.length) {
      writeSync(this.counters.fd, text, 0, text.length, 0);
      this.counters.length = text.length;
      return;
    }
    if (this.counters) closeSync(this.counters.fd);
    writeFileSync(`${target}.tmp`, text, { mode: PRIVATE_FILE_MODE });
    renameSync(`${target}.tmp`, target);
    this.counters = { fd: openSync(target, 'r+'), length: text.length };
  }

  private deliveriesFor(service: SandboxService): Delivery[] {
    let list = this.deliveries.get(service);
    if (!list) this.deliveries.set(service, (list = []));
    return list;
  }

  private answeredFor(service: SandboxService): Map<string, SandboxResponse> {
    let map = this.answered.get(service);
    if (!map) this.answered.set(service, (map = new Map<string, SandboxResponse>()));
    return map;
  }

  private append(service: SandboxService, record: StoreRecord): void {
    this.appendLine(serviceFile(service), record);
  }

  private appendLine(file: string, record: StoreRecord): void {
    appendFileSync(path.join(this.dir, file), `${JSON.stringify(record)}\n`, { mode: PRIVATE_FILE_MODE });
    this.lines.set(file, (this.lines.get(file) ?? 0) + 1);
  }

  private load(): void {
    for (const service of SANDBOX_SERVICES) {
      for (const record of this.readRecords(serviceFile(service))) {
        if (record.type === 'delivery') this.deliveriesFor(service).push(record.delivery);
        if (record.type === 'idempotent') this.answeredFor(service).set(record.key, record.response);
      }
    }
    for (const record of this.readRecords(FAULTS_FILE)) {
      if (record.type === 'faults') this.faults.set(record.service, record.settings);
    }
    for (const service of SANDBOX_SERVICES) {
      const deliveries = this.deliveriesFor(service);
      if (deliveries.length > this.maxRecords) deliveries.splice(0, deliveries.length - this.maxRecords);
      const answers = this.answeredFor(service);
      for (const key of answers.keys()) {
        if (answers.size <= this.maxRecords) break;
        answers.delete(key);
      }
    }
    try {
      const counters = countersFileSchema.parse(JSON.parse(readFileSync(path.join(this.dir, COUNTERS_FILE), 'utf8')));
      for (const service of SANDBOX_SERVICES) {
        this.calls.set(service, counters.calls[service] ?? 0);
        this.replays.set(service, counters.replays[service] ?? 0);
      }
    } catch {
      // No counters yet (or a file cut short): they start from 0; deliveries and records are unaffected.
    }
  }

  private readRecords(file: string): StoreRecord[] {
    let text: string;
    try {
      text = readFileSync(path.join(this.dir, file), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: StoreRecord[] = [];
    const lines = text.split('\n');
    this.lines.set(file, lines.filter((line) => line.trim() !== '').length);
    for (const line of lines) {
      if (line.trim() === '') continue;
      // A line cut short by a crash mid-write is skipped, not fatal: the sandbox is a test double.
      try {
        const parsed = recordSchema.safeParse(JSON.parse(line));
        if (parsed.success) records.push(parsed.data);
      } catch {
        continue;
      }
    }
    return records;
  }
}

function serviceFile(service: SandboxService): string {
  return `${service}.jsonl`;
}
