import 'server-only';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

/** What a simulated service answers: a status and a JSON body. */
interface SandboxResponse {
  status: number;
  body: unknown;
}

/** What a service did with a call: its answer and, when something was delivered, the delivery's fields. */
export interface ServiceOutcome extends SandboxResponse {
  delivery?: Record<string, unknown>;
}

const NO_FAULTS: FaultSettings = { failNext: 0, failRate: 0, latencyMs: 0, permanent: false };

/**
 * One line of a JSONL file. Each service has its own file (deliveries and idempotency records) and
 * faults have theirs; files are only appended to, except that a reset empties them.
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
    mkdirSync(dir, { recursive: true });
    this.load();
  }

  /**
   * Runs one call of a simulated service: faults first (latency, then failNext / failRate), then the
   * idempotency check, then the service itself. A repeated successful call with the same key returns
   * the first answer and delivers nothing; concurrent calls with one key wait for the first.
   */
  async handle(
    service: SandboxService,
    idempotencyKey: string | null,
    perform: () => ServiceOutcome | Promise<ServiceOutcome>,
    callerGone?: AbortSignal,
  ): Promise<SandboxResponse> {
    const fault = await this.applyFaults(service);
    if (fault) return fault;
    // A caller that hung up during the simulated latency (a cancelled activity) must not find the call
    // delivered later: nothing would ever undo it.
    if (callerGone?.aborted) return CALLER_GONE;
    if (idempotencyKey === null) return this.perform(service, null, perform);

    const flightKey = `${service}\u0000${idempotencyKey}`;
    for (;;) {
      const stored = this.answeredFor(service).get(idempotencyKey);
      if (stored) return stored;
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
    this.deliveriesFor(service).push(delivery);
    if (idempotencyKey !== null && outcome.status < 300) {
      this.append(service, { type: 'idempotent', key: idempotencyKey, response });
      this.answeredFor(service).set(idempotencyKey, response);
    }
    return response;
  }

  private async applyFaults(service: SandboxService): Promise<SandboxResponse | undefined> {
    const settings = this.faultsFor(service);
    if (settings.latencyMs > 0) await this.sleep(settings.latencyMs);
    // Read again: the faults may have changed while we waited.
    const current = this.faultsFor(service);
    let reason: string | undefined;
    if (current.failNext > 0) {
      reason = current.failNext === 1 ? 'failing this call' : `failing the next ${current.failNext} calls`;
      this.setFaults(service, { ...current, failNext: current.failNext - 1 });
    } else if (current.failRate > 0 && this.random() < current.failRate) {
      reason = `failing ${Math.round(current.failRate * 100)}% of calls`;
    }
    if (reason === undefined) return undefined;
    return {
      status: current.permanent ? 422 : 503,
      body: {
        error: {
          code: 'simulated_outage',
          message: current.permanent
            ? `Simulated permanent rejection by the ${service} service (${reason})`
            : `Simulated outage of the ${service} service (${reason})`,
        },
      },
    };
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
  }

  /** Clears deliveries, idempotency records and faults, in memory and on disk. */
  reset(): void {
    this.deliveries.clear();
    this.answered.clear();
    this.faults.clear();
    for (const file of [FAULTS_FILE, ...SANDBOX_SERVICES.map(serviceFile)]) {
      writeFileSync(path.join(this.dir, file), '');
    }
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
      const records: StoreRecord[] = [
        ...kept.map((delivery): StoreRecord => ({ type: 'delivery', delivery })),
        ...[...answers].map(([key, response]): StoreRecord => ({ type: 'idempotent', key, response })),
      ];
      // Rewritten beside the old file, then renamed over it: a crash leaves one or the other, whole.
      const file = path.join(this.dir, serviceFile(service));
      writeFileSync(`${file}.tmp`, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      renameSync(`${file}.tmp`, file);
    }
    return erased;
  }

  state(): SandboxState {
    const faults = Object.fromEntries(SANDBOX_SERVICES.map((s) => [s, this.faultsFor(s)])) as SandboxState['faults'];
    const deliveries = Object.fromEntries(SANDBOX_SERVICES.map((s) => [s, [...this.deliveriesFor(s)]])) as SandboxState['deliveries'];
    return { faults, deliveries };
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
    appendFileSync(path.join(this.dir, file), `${JSON.stringify(record)}\n`);
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
    for (const line of text.split('\n')) {
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
