'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import { useCanChange } from '@/components/auth/access-context';
import { ApiError, describeLoadError } from '@/browser/fetcher';

/** The calls that change the sandbox, loaded when a person acts (not in the page's first load). */
const api = () => import('@/browser/api');
import { useSandbox } from '@/browser/swr/use-sandbox';
import { SANDBOX_SERVICES, SEED_FAULTS_SUMMARY } from '@/contract/sandbox-services';
import { ConfirmDialog } from './lazy-dialogs';
import { secondaryButton } from './buttons';
import { SandboxSkeleton } from './skeletons/sandbox';

// Loads after the page, side by side with the page's first request: the cards show once it has answered.
const SandboxServiceCard = dynamic(() => import('./sandbox-service-card').then((m) => m.SandboxServiceCard));

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
            <SandboxServiceCard
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
