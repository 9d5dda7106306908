'use client';
/**
 * One sandbox service: what it received, its faults and (for HR admins) the fault form. The sandbox page
 * shows these once its data has arrived, so they load after the page (next/dynamic in components/sandbox-panel.tsx), side by
 * side with that first request.
 */
import { useId } from 'react';
import type { FaultKind } from '@/contract/sandbox-services';
import type { Delivery, FaultSettings, SandboxService } from '@/contract/http';
import { formatDateTime, formatTime } from './format';
import { FaultControls } from './fault-controls';

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

export function SandboxServiceCard({
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
