'use client';
/** A sandbox service's fault form (the sandbox page); it loads with the service cards, after the page (components/sandbox-panel.tsx). */
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '@/browser/fetcher';
import type { FaultSettings, SandboxService } from '@/contract/http';
import { primaryButton } from './buttons';

/** The call that sets faults, loaded when a person acts (not in the page's first load). */
const api = () => import('@/browser/api');

export function FaultControls({ service, current, onApplied }: { service: SandboxService; current: FaultSettings | undefined; onApplied: () => void }) {
  // Starts from the service's settings when the card appears; polling does not overwrite what is being typed.
  const [failNext, setFailNext] = useState(String(current?.failNext ?? 0));
  const [failRatePercent, setFailRatePercent] = useState(String(Math.round((current?.failRate ?? 0) * 1000) / 10));
  const [latencyMs, setLatencyMs] = useState(String(current?.latencyMs ?? 0));
  const [permanent, setPermanent] = useState(current?.permanent ?? false);
  const [after, setAfter] = useState(current?.after ?? false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const ids = { failNext: useId(), failRate: useId(), latency: useId(), permanent: useId(), after: useId() };

  async function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Loaded when needed: zod would otherwise be part of this page's first-load JavaScript.
    const { faultRequestSchema } = await import('@/contract/http');
    const request = faultRequestSchema.safeParse({
      service,
      failNext: Number(failNext || 0),
      failRate: Number(failRatePercent || 0) / 100,
      latencyMs: Number(latencyMs || 0),
      permanent,
      after,
    });
    if (!request.success) {
      setMessage({ ok: false, text: 'Use whole numbers: 0–1000 calls, 0–100 %, 0–120000 ms.' });
      return;
    }
    setPending(true);
    setMessage(null);
    try {
      await (await api()).setFaults(request.data);
      setMessage({ ok: true, text: 'Applied.' });
      onApplied();
    } catch (caught) {
      setMessage({ ok: false, text: caught instanceof ApiError ? caught.message : 'Could not apply the faults.' });
    } finally {
      setPending(false);
    }
  }

  const inputClass = 'w-full rounded-lg border border-zinc-300 bg-white px-2.5 py-1.5 text-sm tabular-nums shadow-sm dark:border-zinc-700 dark:bg-zinc-950';
  return (
    <form noValidate onSubmit={(event) => void apply(event)} className="space-y-3 p-5">
      <div className="grid grid-cols-3 gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.failNext} className="text-xs font-medium">Fail next N calls</label>
          <input id={ids.failNext} type="number" min={0} max={1000} step={1} inputMode="numeric" value={failNext} onChange={(e) => setFailNext(e.target.value)} className={inputClass} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.failRate} className="text-xs font-medium">Failure rate (%)</label>
          <input id={ids.failRate} type="number" min={0} max={100} step={1} inputMode="decimal" value={failRatePercent} onChange={(e) => setFailRatePercent(e.target.value)} className={inputClass} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.latency} className="text-xs font-medium">Latency (ms)</label>
          <input id={ids.latency} type="number" min={0} max={120000} step={100} inputMode="numeric" value={latencyMs} onChange={(e) => setLatencyMs(e.target.value)} className={inputClass} />
        </div>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <div className="flex items-center gap-2">
            <input id={ids.permanent} type="checkbox" checked={permanent} onChange={(e) => setPermanent(e.target.checked)} className="size-4 rounded border-zinc-300 accent-indigo-600" />
            <label htmlFor={ids.permanent} className="text-sm">Permanent failures</label>
          </div>
          <div className="flex items-center gap-2">
            <input id={ids.after} type="checkbox" checked={after} onChange={(e) => setAfter(e.target.checked)} className="size-4 rounded border-zinc-300 accent-indigo-600" />
            <label htmlFor={ids.after} className="text-sm">Fail after the work (answer lost)</label>
          </div>
        </div>
        <div className="flex items-center gap-3">
          <span role="status" aria-live="polite" className={`text-xs ${message?.ok ? 'text-emerald-800 dark:text-emerald-300' : 'text-red-700 dark:text-red-400'}`}>
            {message?.text}
          </span>
          <button type="submit" aria-disabled={pending} className={primaryButton}>
            Apply
          </button>
        </div>
      </div>
    </form>
  );
}
