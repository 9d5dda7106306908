/**
 * Sign-in throttling that slows a guesser down without handing anyone a way to lock a person out.
 *
 * - Per account: after a few free failures each further attempt waits longer (5 s, 10 s, 20 s, then
 *   30 s at most). A guesser gets a couple of tries a minute per account; the person, at worst, waits
 *   30 seconds, never a hard lock. An address that signed in to the account before is not slowed by
 *   other addresses' failures (it knows the password).
 * - Per client address (only known behind a trusted proxy, TRUST_PROXY=1): many failures across any
 *   accounts back that address off for up to 15 minutes. Only the guesser's own address suffers.
 * - bcrypt work is bounded: at most a few hashes run at once and a short queue waits; the rest are told
 *   to retry, so a flood of sign-ins cannot pin the CPU or grow memory.
 *
 * In memory, per web process: enough for the single web process `npm start` runs. A fleet behind a
 * load balancer would move this to a shared store.
 */
interface BackoffRule {
  /** Failures allowed before any waiting. */
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key with no failure for this long is forgotten. */
  forgetAfterMs: number;
}

export const SIGN_IN_BACKOFF = {
  perAccount: { freeFailures: 5, baseDelayMs: 5_000, maxDelayMs: 30_000, forgetAfterMs: 15 * 60_000 },
  perAddress: { freeFailures: 20, baseDelayMs: 5_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 },
} satisfies Record<string, BackoffRule>;

/** How long a successful sign-in from an address exempts it from its account's backoff. */
const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60_000;
const MAX_TRACKED_KEYS = 10_000;

/** A Map that never holds more than MAX_TRACKED_KEYS entries: the oldest go first. */
class BoundedMap<V> extends Map<string, V> {
  override set(key: string, value: V): this {
    if (!this.has(key) && this.size >= MAX_TRACKED_KEYS) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}

class Backoff {
  private readonly failures = new BoundedMap<{ count: number; lastAt: number }>();

  constructor(
    private readonly rule: BackoffRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the next attempt for `key` is allowed; 0 when it is allowed now. */
  waitMs(key: string): number {
    const entry = this.current(key);
    if (!entry || entry.count < this.rule.freeFailures) return 0;
    const delay = Math.min(this.rule.maxDelayMs, this.rule.baseDelayMs * 2 ** (entry.count - this.rule.freeFailures));
    return Math.max(0, entry.lastAt + delay - this.now());
  }

  recordFailure(key: string): void {
    const count = (this.current(key)?.count ?? 0) + 1;
    // Re-inserted so the map's order stays oldest-first.
    this.failures.delete(key);
    this.failures.set(key, { count, lastAt: this.now() });
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private current(key: string): { count: number; lastAt: number } | undefined {
    const entry = this.failures.get(key);
    if (entry && this.now() - entry.lastAt > this.rule.forgetAfterMs) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }
}

export class SignInThrottle {
  private readonly byAccount: Backoff;
  private readonly byAddress: Backoff;
  private readonly knownAddresses = new BoundedMap<number>();

  constructor(private readonly now: () => number = Date.now) {
    this.byAccount = new Backoff(SIGN_IN_BACKOFF.perAccount, now);
    this.byAddress = new Backoff(SIGN_IN_BACKOFF.perAddress, now);
  }

  /** Seconds to wait before this attempt may be checked; 0 when it may go ahead. `address` is unknown without a trusted proxy. */
  retryAfterSeconds(address: string | undefined, email: string): number {
    const account = normalise(email);
    const addressWait = address === undefined ? 0 : this.byAddress.waitMs(address);
    const accountWait = this.isKnown(address, account) ? 0 : this.byAccount.waitMs(account);
    const wait = Math.max(addressWait, accountWait);
    return wait === 0 ? 0 : Math.max(1, Math.ceil(wait / 1000));
  }

  recordFailure(address: string | undefined, email: string): void {
    this.byAccount.recordFailure(normalise(email));
    if (address !== undefined) this.byAddress.recordFailure(address);
  }

  recordSuccess(address: string | undefined, email: string): void {
    const account = normalise(email);
    this.byAccount.reset(account);
    if (address === undefined) return;
    this.byAddress.reset(address);
    this.knownAddresses.delete(`${address}|${account}`);
    this.knownAddresses.set(`${address}|${account}`, this.now());
  }

  private isKnown(address: string | undefined, account: string): boolean {
    if (address === undefined) return false;
    const at = this.knownAddresses.get(`${address}|${account}`);
    return at !== undefined && this.now() - at < KNOWN_ADDRESS_MS;
  }
}

function normalise(email: string): string {
  return email.trim().toLowerCase();
}

export class BusyError extends Error {
  constructor() {
    super('too many sign-ins at once');
    this.name = 'BusyError';
  }
}

/** Runs at most `concurrency` tasks at once with at most `queueLimit` waiting; beyond that, BusyError at once. */
export class WorkGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueLimit) throw new BusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next in line, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
