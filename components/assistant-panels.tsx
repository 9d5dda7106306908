import type { StepView } from '@/contract/http';
import { formatDateTime } from './format';

type Diagnosis = NonNullable<StepView['diagnosis']>;
type Approval = NonNullable<StepView['approval']>;

/** "slackChannel → #onboarding-team": the corrections a suggestion makes, as a person reads them. */
const FIELD_LABELS: Record<string, string> = { email: 'Work email', slackChannel: 'Slack channel', role: 'Role' };

export function patchWords(patch: NonNullable<NonNullable<Diagnosis['suggestion']>['patch']>): string {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${FIELD_LABELS[field] ?? field} → ${String(value)}`)
    .join(', ');
}

/** The assistant's diagnosis of a step that needs a person: what went wrong and the fix it suggests, if any. */
export function SuggestedFix({ diagnosis }: { diagnosis: Diagnosis }) {
  const suggestion = diagnosis.suggestion;
  const confidence = `${Math.round(diagnosis.confidence * 100)} %`;
  return (
    <section
      aria-label={suggestion ? 'Suggested fix' : 'Assistant diagnosis'}
      className="rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-950 dark:border-indigo-900/60 dark:bg-indigo-950/40 dark:text-indigo-100"
    >
      <h4 className="font-semibold">{suggestion ? 'Suggested fix' : 'No safe fix suggested'}</h4>
      <p className="mt-0.5">{diagnosis.summary}</p>
      {suggestion?.patch ? <p className="mt-1 font-medium">{patchWords(suggestion.patch)}</p> : null}
      {suggestion?.instructions ? <p className="mt-1 font-medium">{suggestion.instructions}</p> : null}
      <p className="mt-1 text-xs text-indigo-900/80 dark:text-indigo-200/80">{diagnosis.cause}</p>
      <p className="mt-1 text-xs text-indigo-900/80 dark:text-indigo-200/80">
        By the assistant ({diagnosis.source === 'rules' ? 'rules' : 'LLM'}), confidence {confidence}
      </p>
    </section>
  );
}

function titles(modules: Approval['drafts'][number]['modules']): string {
  return modules.map((module) => module.title).join('; ');
}

/** Where an approval stands, and every earlier draft with the feedback that produced the next. */
export function ApprovalFacts({ step, approval }: { step: StepView; approval: Approval }) {
  const waiting = step.status === 'waiting_for_person';
  const who = approval.approver === 'hr' ? 'HR' : 'the manager';
  return (
    <div className="space-y-1 text-sm">
      {waiting ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Draft {approval.round} waits for {who}’s approval
          {approval.approver === 'hr' ? '' : ` · ${approval.maxRounds - Math.min(approval.round, approval.maxRounds)} more draft(s) before HR decides`}
        </p>
      ) : null}
      {approval.approvedBy ? <p className="text-xs text-zinc-600 dark:text-zinc-400">Approved by {approval.approvedBy}</p> : null}
      {approval.drafts.length > 1 ? (
        <details className="text-xs text-zinc-700 dark:text-zinc-300">
          <summary className="cursor-pointer">Drafts ({approval.drafts.length})</summary>
          <ol className="mt-1 space-y-1">
            {approval.drafts.map((draft) => (
              <li key={draft.round}>
                <span className="font-medium">Draft {draft.round}</span> (<time dateTime={draft.at}>{formatDateTime(draft.at)}</time>)
                {draft.feedback ? <> after “{draft.feedback}”</> : null}: {titles(draft.modules)}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </div>
  );
}
