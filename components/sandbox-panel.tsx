'use client';

import { useId, useState, type FormEvent } from 'react';
import { useCanChange } from '@/components/auth/access-context';
import { ApiError, describeLoadError } from '@/browser/fetcher';

/** The calls that change the sandbox, loaded when a person acts (not in the page's first load). */
const api = () => import('@/browser/api');
import { useSandbox } from '@/browser/swr/use-sandbox';
import { SANDBOX_SERVICES, SEED_FAULTS_SUMMARY, type FaultKind } from '@/contract/sandbox-services';
import type {
  Delivery,
  FaultSettings,
  SandboxService,
} from '@/contract/http';
import { ConfirmDialog } from './lazy-dialogs';
import { formatDateTime, formatTime } from './format';
import { primaryButton, secondaryButton } from './buttons';
import { SandboxSkeleton } from './skeletons/sandbox';

const SERVICE_TITLES: Record<SandboxService, { title: string; description: string }> = {
  email: { title: 'Email', description: 'Welcome and cancellation emails.' },
  llm: { title: 'LLM', description: 'Learning paths generated for each role.' },
  crm: { title: 'CRM', description: 'Contact status updates.' },
  slack: { title: 'Slack', description: 'Announcements and corrections. Knows #onboarding-team, #general and #engineering.' },
};

const SHOWN_DELIVERIES = 15;

function text(delivery: Delivery, field: string): string | undefined {
  const value: unknown = delivery[field];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** The one or two fields that say what a delivery was, per service. */
function describeDelivery(service: SandboxService, delivery: Delivery): { primary: string; secondary?: string } {
  switch (service) {
    case 'email':
      return { primary: text(delivery, 'subject') ?? '(no subject)', secondary: text(delivery, 'to') && `to ${text(delivery, 'to')}` };
    case 'slack':
      return { primary: text(delivery, 'text') ?? '(no text)', secondary: text(delivery, 'channel') };
    case 'crm':
      return { primary: `${text(delivery, 'employeeId') ?? '?'} → ${text(delivery, 'status') ?? '?'}` };
    case 'llm':
      return { primary: text(delivery, 'role') ?? '(no role)', secondary: text(delivery, 'model') };
  }
}

const KIND_WORDS: Record<FaultKind, string> = { unavailable: 'outages', timeout: 'timeouts', error: 'runtime errors' };

function describeFaults(faults: FaultSettings): string {
  const parts: string[] = [];
  if (faults.failNext > 0) parts.push(`next ${faults.failNext} ${faults.failNext === 1 ? 'call fails' : 'calls fail'}`);
  if (faults.failRate > 0) parts.push(`${Math.round(faults.failRate * 1000) / 10}% of calls fail`);
  if (faults.latencyMs > 0) parts.push(`${faults.latencyMs} ms slower`);
  if (parts.length === 0) return 'Healthy: no faults.';
  const failing = faults.failNext > 0 || faults.failRate > 0;
  const kind = !failing ? '' : faults.permanent ? 'permanent failures' : faults.kind === 'unavailable' ? '' : KIND_WORDS[faults.kind];
  const kinds = [kind, faults.after ? 'after the work: delivered, answer lost' : ''].filter(Boolean);
  return `${parts.join(', ')}${kinds.length > 0 ? ` (${kinds.join('; ')})` : ''}.`;
}

export function SandboxPanel() {
  const { state, error, mutate } = useSandbox();
  const [confirmingReset, setConfirmingReset] = useState(false);
  // Viewers see the deliveries and faults but get no controls (the API refuses their changes anyway).
  const canChange = useCanChange();
  const [presetMessage, setPresetMessage] = useState<string | null>(null);
  const [presetPending, setPresetPending] = useState(false);

  async function applySeedRates() {
    setPresetPending(true);
    setPresetMessage(null);
    try {
      await (await api()).applyFaultPreset('seed');
      setPresetMessage(`Seed failure rates applied: ${SEED_FAULTS_SUMMARY}.`);
      await mutate();
    } catch (caught) {
      setPresetMessage(caught instanceof ApiError ? caught.message : 'Could not apply the seed failure rates.');
    } finally {
      setPresetPending(false);
    }
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Sandbox</h1>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
            The simulated outside world: what each service received, and faults you can switch on to see how onboardings cope.
          </p>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
            “Apply seed failure rates” reproduces the failures of the sample this project grew from: {SEED_FAULTS_SUMMARY}. A
            permanent LLM failure stops that onboarding at the learning path until someone retries or skips the step; the
            others are retried on their own.
          </p>
        </div>
        {canChange ? (
          <div className="flex flex-wrap gap-2">
            <button type="button" aria-disabled={presetPending} onClick={() => void applySeedRates()} className={secondaryButton}>
              Apply seed failure rates
            </button>
            <button type="button" onClick={() => setConfirmingReset(true)} className={secondaryButton}>
              Reset sandbox
            </button>
          </div>
        ) : null}
      </div>
      <div role="status" aria-live="polite" className="text-sm">
        {presetMessage}
      </div>

      {error ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
          {error.code === 'sandbox_disabled' ? 'The sandbox is switched off (SANDBOX=off): the real services are in use.' : describeLoadError(error)}
        </div>
      ) : null}

      {state ? (
        <div className="grid gap-4 md:grid-cols-2">
          {SANDBOX_SERVICES.map((service) => (
            <ServiceCard
              key={service}
              service={service}
              faults={state.faults[service]}
              calls={state.calls[service] ?? 0}
              replays={state.replays[service] ?? 0}
              deliveries={state.deliveries[service] ?? []}
              onChanged={() => void mutate()}
              canChange={canChange}
            />
          ))}
        </div>
      ) : error ? null : (
        <SandboxSkeleton />
      )}

      {confirmingReset ? (
        <ConfirmDialog
          title="Reset the sandbox?"
          confirmLabel="Yes, reset sandbox"
          pendingLabel="Resetting…"
          dismissLabel="Keep everything"
          tone="danger"
          onConfirm={async () => {
            await (await api()).resetSandbox();
            await mutate();
          }}
          onDismiss={() => setConfirmingReset(false)}
        >
          <p>Every fault is switched off and every recorded delivery is deleted. Onboardings themselves are not touched.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function ServiceCard({
  service,
  faults,
  calls,
  replays,
  deliveries,
  onChanged,
  canChange,
}: {
  service: SandboxService;
  faults: FaultSettings | undefined;
  calls: number;
  replays: number;
  deliveries: Delivery[];
  onChanged: () => void;
  canChange: boolean;
}) {
  const headingId = useId();
  const { title, description } = SERVICE_TITLES[service];
  const newestFirst = [...deliveries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section aria-labelledby={headingId} className="flex flex-col rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="border-b border-zinc-200 p-5 dark:border-zinc-800">
        <div className="flex items-baseline justify-between gap-3">
          <h2 id={headingId} className="font-semibold">
            {title}
          </h2>
          <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
            {deliveries.length} {deliveries.length === 1 ? 'delivery' : 'deliveries'}
          </span>
        </div>
        <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>
        <p className="mt-1 text-xs tabular-nums text-zinc-600 dark:text-zinc-400" title="Replays: repeated calls answered from the first answer of their Idempotency-Key, delivering nothing new.">
          {calls} {calls === 1 ? 'call' : 'calls'} received · {replays} {replays === 1 ? 'replay' : 'replays'}
        </p>
        <p className={`mt-2 text-xs font-medium ${faults && describeFaults(faults) !== 'Healthy: no faults.' ? 'text-amber-800 dark:text-amber-300' : 'text-emerald-800 dark:text-emerald-300'}`}>
          {faults ? describeFaults(faults) : 'Healthy: no faults.'}
        </p>
      </div>
      {canChange ? <FaultControls service={service} current={faults} onApplied={onChanged} /> : null}
      <div className="flex-1 p-5 pt-0">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Deliveries</h3>
        {newestFirst.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Nothing delivered yet.</p>
        ) : (
          <ul className="mt-2 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {newestFirst.slice(0, SHOWN_DELIVERIES).map((delivery) => {
              const { primary, secondary } = describeDelivery(service, delivery);
              return (
                <li key={delivery.id} className="flex gap-3 py-2">
                  <time dateTime={delivery.at} title={formatDateTime(delivery.at)} className="w-20 shrink-0 text-xs leading-5 tabular-nums text-zinc-600 dark:text-zinc-400">
                    {formatTime(delivery.at)}
                  </time>
                  <div className="min-w-0">
                    <p className="break-words">{primary}</p>
                    {secondary ? <p className="break-words text-xs text-zinc-600 dark:text-zinc-400">{secondary}</p> : null}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {newestFirst.length > SHOWN_DELIVERIES ? (
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">and {newestFirst.length - SHOWN_DELIVERIES} older</p>
        ) : null}
      </div>
    </section>
  );
}

function FaultControls({ service, current, onApplied }: { service: SandboxService; current: FaultSettings | undefined; onApplied: () => void }) {
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
