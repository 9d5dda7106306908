'use client';
/**
 * The detail page's one-click actions (apply the assistant's fix, approve a learning path). They show only
 * on a step that needs a person, so they load after the page (next/dynamic in components/onboarding-detail.tsx), rendered on the
 * server all the same.
 */
import { useState } from 'react';
import { primaryButton } from './buttons';

/** One click: retry the failed step with the assistant's correction (the activity log records who). */
export function ApplyFixButton({ onApply }: { onApply: () => Promise<void> }) {
  return (
    <OneClickButton label="Apply fix and retry" pendingLabel="Applying…" className={primaryButton} onClick={onApply} />
  );
}

export function ApproveButton({ onApprove }: { onApprove: () => Promise<void> }) {
  return <OneClickButton label="Approve" pendingLabel="Approving…" className={primaryButton} onClick={onApprove} />;
}

/** A button that sends once, says so while it does, and shows the API's answer if it refuses. */
function OneClickButton({ label, pendingLabel, className, onClick }: { label: string; pendingLabel: string; className: string; onClick: () => Promise<void> }) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async () => {
    if (pending) return;
    setPending(true);
    setProblem(null);
    try {
      await onClick();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'That did not work. Please try again.');
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <button type="button" aria-disabled={pending} onClick={() => void run()} className={className}>
        {pending ? pendingLabel : label}
      </button>
      {problem ? (
        <p role="alert" className="basis-full text-sm text-red-800 dark:text-red-200">
          {problem}
        </p>
      ) : null}
    </>
  );
}
