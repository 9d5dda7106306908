import 'server-only';

/**
 * One answer from Temporal shared by every request of this process for `ttlMs`: the first request asks,
 * the others meanwhile get the same promise, so the cost stays one call per interval however many pages
 * poll. A failed answer is not kept: the next request asks again. Held on globalThis, as Next may load
 * a module more than once in one process.
 */
export interface SharedAnswer<T> {
  get(now?: () => number): Promise<T>;
  /** Drops the kept answer (after a change the next reader must see, and in tests). */
  forget(): void;
}

export function sharedAnswer<T>(name: string, ttlMs: number, ask: (now: number) => Promise<T>): SharedAnswer<T> {
  const key = Symbol.for(`onboarding-dashboard.shared-answer.${name}`);
  const store = globalThis as typeof globalThis & Record<symbol, { at: number; answer: Promise<T> } | undefined>;
  return {
    get(now = Date.now) {
      const kept = store[key];
      if (kept && now() - kept.at < ttlMs) return kept.answer;
      const entry = { at: now(), answer: ask(now()) };
      store[key] = entry;
      entry.answer.catch(() => {
        if (store[key] === entry) store[key] = undefined;
      });
      return entry.answer;
    },
    forget() {
      store[key] = undefined;
    },
  };
}
