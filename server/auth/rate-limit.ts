/**
 * In-memory limit on failed sign-ins. Two buckets per attempt: the client address with the e-mail
 * (the usual guesser), and the e-mail alone with a higher ceiling (a guesser rotating addresses, which
 * X-Forwarded-For makes cheap). One process's memory is enough for the single web process we run; a
 * fleet behind a load balancer would move this to a shared store.
 */
interface RateLimitRule {
  maxFailures: number;
  windowMs: number;
}

export const SIGN_IN_LIMITS = {
  perAddressAndEmail: { maxFailures: 5, windowMs: 15 * 60_000 },
  perEmail: { maxFailures: 20, windowMs: 15 * 60_000 },
} satisfies Record<string, RateLimitRule>;

const MAX_TRACKED_KEYS = 10_000;

class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly rule: RateLimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfterSeconds(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.rule.maxFailures) return 0;
    const oldest = recent[recent.length - this.rule.maxFailures] ?? this.now();
    return Math.max(1, Math.ceil((oldest + this.rule.windowMs - this.now()) / 1000));
  }

  recordFailure(key: string): void {
    if (!this.failures.has(key) && this.failures.size >= MAX_TRACKED_KEYS) this.prune();
    this.failures.set(key, [...this.recent(key), this.now()]);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.rule.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
    // Still full of live entries: drop the oldest keys rather than grow without bound.
    for (const key of this.failures.keys()) {
      if (this.failures.size < MAX_TRACKED_KEYS) break;
      this.failures.delete(key);
    }
  }
}

export class SignInThrottle {
  private readonly byAddressAndEmail: FailureLimiter;
  private readonly byEmail: FailureLimiter;

  constructor(now: () => number = Date.now) {
    this.byAddressAndEmail = new FailureLimiter(SIGN_IN_LIMITS.perAddressAndEmail, now);
    this.byEmail = new FailureLimiter(SIGN_IN_LIMITS.perEmail, now);
  }

  retryAfterSeconds(address: string, email: string): number {
    const normalised = email.trim().toLowerCase();
    return Math.max(this.byAddressAndEmail.retryAfterSeconds(`${address}|${normalised}`), this.byEmail.retryAfterSeconds(normalised));
  }

  recordFailure(address: string, email: string): void {
    const normalised = email.trim().toLowerCase();
    this.byAddressAndEmail.recordFailure(`${address}|${normalised}`);
    this.byEmail.recordFailure(normalised);
  }

  recordSuccess(address: string, email: string): void {
    this.byAddressAndEmail.reset(`${address}|${email.trim().toLowerCase()}`);
  }
}
