'use client';

import { useState } from 'react';
import type { BulkTarget } from '@/browser/batches';
import { useOnboardings } from '@/browser/swr/use-onboardings';
import type { OnboardingStatus } from '@/temporal/shared/constants';
import type { BulkAction } from './bulk-dialog';
import { secondaryButton } from './buttons';
import { BulkDialog } from './lazy-dialogs';

export type Selection = { kind: 'ids'; ids: ReadonlySet<string> } | { kind: 'all' };

interface BulkToolbarProps {
  selection: Selection;
  filter: { status?: OnboardingStatus; q?: string };
  onSelectAllMatching: () => void;
  onClear: () => void;
}

/** Counted the way the status cards count: one list call, "more than 100" past that. */
const MATCH_COUNT_CAP = 100;

/** What to do with the selected onboardings: retry, skip a step or cancel, each confirmed with its count. */
export function BulkToolbar(props: BulkToolbarProps) {
  if (props.selection.kind === 'all') return <AllMatchingToolbar {...props} />;
  const count = props.selection.ids.size;
  return (
    <ToolbarBody
      {...props}
      target={{ ids: [...props.selection.ids] }}
      selectedText={count === 0 ? 'None selected' : `${count} selected`}
      countText={`${count} onboarding${count === 1 ? '' : 's'}`}
      empty={count === 0}
    />
  );
}

/** Only while "all matching" is chosen: one more list call, to say how many that is. */
function AllMatchingToolbar(props: BulkToolbarProps) {
  const { items, nextCursor } = useOnboardings({ ...props.filter, pageSize: MATCH_COUNT_CAP }, 5000);
  const matching = items === undefined ? undefined : nextCursor ? `more than ${MATCH_COUNT_CAP}` : String(items.length);
  return (
    <ToolbarBody
      {...props}
      target={{ filter: props.filter }}
      selectedText={matching === undefined ? 'All matching selected' : `All ${matching} matching selected`}
      countText={matching === undefined ? 'all matching onboardings' : `all ${matching} matching onboardings`}
      empty={items !== undefined && items.length === 0}
    />
  );
}

function ToolbarBody({
  selection,
  onSelectAllMatching,
  onClear,
  target,
  selectedText,
  countText,
  empty,
}: BulkToolbarProps & { target: BulkTarget; selectedText: string; countText: string; empty: boolean }) {
  const [action, setAction] = useState<BulkAction | null>(null);
  return (
    <div
      role="region"
      aria-label="Bulk actions"
      className="flex flex-wrap items-center gap-2 rounded-xl border border-zinc-200 bg-white px-4 py-2.5 text-sm shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <p aria-live="polite" className="mr-2 font-medium">
        {selectedText}
      </p>
      {selection.kind === 'all' ? (
        <button type="button" onClick={onClear} className={`${secondaryButton} px-3 py-1.5`}>
          Clear selection
        </button>
      ) : (
        <button type="button" onClick={onSelectAllMatching} className={`${secondaryButton} px-3 py-1.5`}>
          Select all matching
        </button>
      )}
      <span className="mx-1 hidden h-5 w-px bg-zinc-200 sm:block dark:bg-zinc-700" aria-hidden="true" />
      {(['retry', 'skip', 'cancel'] as const).map((kind) => (
        <button
          key={kind}
          type="button"
          disabled={empty}
          onClick={() => setAction(kind)}
          className={`${secondaryButton} px-3 py-1.5 disabled:cursor-not-allowed disabled:opacity-50`}
        >
          {kind === 'retry' ? 'Retry selected' : kind === 'skip' ? 'Skip step' : 'Cancel selected'}
        </button>
      ))}
      {action ? <BulkDialog action={action} target={target} countText={countText} onDismiss={() => setAction(null)} /> : null}
    </div>
  );
}
