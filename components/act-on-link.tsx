'use client';

import { useEffect, useId, useState } from 'react';
import { ApiError, requestJson } from '@/browser/fetcher';
import type { LinkView } from '@/contract/http';
import { primaryButton, secondaryButton } from './buttons';
import { formatDateTime } from './format';

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; link: LinkView }
  | { kind: 'sending'; link: LinkView }
  | { kind: 'done'; link: LinkView; decision: 'done' | 'approve' | 'request_changes' }
  | { kind: 'problem'; title: string; message: string };

function problemFor(error: unknown): State {
  if (error instanceof ApiError) {
    if (error.code === 'link_used') return { kind: 'problem', title: 'This link was already used', message: error.message };
    if (error.code === 'link_expired') return { kind: 'problem', title: 'This link has expired', message: error.message };
    if (error.status === 404) return { kind: 'problem', title: 'This link is not valid', message: error.message };
    if (error.status === 503) return { kind: 'problem', title: 'Please try again in a moment', message: 'The onboarding service is not answering right now.' };
    return { kind: 'problem', title: 'That did not work', message: error.message };
  }
  return { kind: 'problem', title: 'That did not work', message: 'Something went wrong. Please try again.' };
}

/** What a task's owner sees behind their link: whose onboarding, which task, and one button. */
export function ActOnLink({ token }: { token: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [feedback, setFeedback] = useState('');
  const feedbackId = useId();
  const url = `/api/act/${encodeURIComponent(token)}`;

  useEffect(() => {
    let active = true;
    requestJson<LinkView>(url).then(
      (link) => active && setState({ kind: 'ready', link }),
      (error: unknown) => active && setState(problemFor(error)),
    );
    return () => {
      active = false;
    };
  }, [url]);

  const [feedbackProblem, setFeedbackProblem] = useState<string | null>(null);
  const feedbackProblemId = useId();

  async function decide(link: LinkView, decision: 'done' | 'approve' | 'request_changes') {
    if (state.kind === 'sending') return;
    if (decision === 'request_changes' && feedback.trim() === '') {
      setFeedbackProblem('Say what to change, for example “add security basics”.');
      return;
    }
    setFeedbackProblem(null);
    setState({ kind: 'sending', link });
    try {
      const api = await import('@/browser/api');
      await api.answerLink(token, decision, decision === 'request_changes' ? feedback.trim() : undefined);
      setState({ kind: 'done', link, decision });
    } catch (error) {
      setState(problemFor(error));
    }
  }

  if (state.kind === 'loading') {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading your task…</p>;
  }
  if (state.kind === 'problem') {
    return (
      <section aria-labelledby="act-heading" className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 id="act-heading" className="text-xl font-semibold">
          {state.title}
        </h1>
        <p role="alert" className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
          {state.message}
        </p>
      </section>
    );
  }
  const { link } = state;
  const isApproval = link.draft !== null;
  return (
    <section aria-labelledby="act-heading" className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Onboarding of {link.hireName}</p>
      <h1 id="act-heading" className="mt-1 text-xl font-semibold">
        {link.step.label}
      </h1>
      {link.step.description ? <p className="mt-3 text-sm text-zinc-700 dark:text-zinc-300">{link.step.description}</p> : null}
      <dl className="mt-4 space-y-1 text-sm">
        {link.step.owner ? (
          <div className="flex gap-2">
            <dt className="text-zinc-600 dark:text-zinc-400">For</dt>
            <dd>{link.step.owner}</dd>
          </div>
        ) : null}
        {link.step.dueAt ? (
          <div className="flex gap-2">
            <dt className="text-zinc-600 dark:text-zinc-400">Due</dt>
            <dd>
              <time dateTime={link.step.dueAt}>{formatDateTime(link.step.dueAt)}</time>
            </dd>
          </div>
        ) : null}
      </dl>
      <div role="status" aria-live="polite" className="mt-4 text-sm">
        {state.kind === 'done' ? (
          <p className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200">
            {state.decision === 'approve'
              ? `Thank you — draft ${link.draft?.round ?? 1} of the learning path is approved. You can close this page.`
              : state.decision === 'request_changes'
                ? link.draft && link.draft.round >= link.draft.maxRounds
                  ? 'Thank you — this was the last draft for you to review: HR decides now, with your feedback.'
                  : 'Thank you — the assistant is writing a new draft with your feedback. You will get an email with a new link to it.'
                : `Thank you — “${link.step.label}” is marked done. HR can see it on the dashboard. You can close this page.`}
          </p>
        ) : null}
      </div>
      {link.draft ? (
        <section aria-labelledby="draft-heading" className="mt-4 rounded-lg bg-zinc-50 px-4 py-3 text-sm dark:bg-zinc-800/60">
          <h2 id="draft-heading" className="font-semibold">
            Proposed learning path (draft {link.draft.round} of at most {link.draft.maxRounds})
          </h2>
          <ol className="mt-2 list-decimal space-y-1.5 pl-5">
            {link.draft.modules.map((module, index) => (
              <li key={`${index}-${module.title}`}>
                <span className="font-medium">{module.title}</span>{' '}
                <span className="text-zinc-600 dark:text-zinc-400">· {module.durationHours} h</span>
                <div className="text-xs text-zinc-600 dark:text-zinc-400">{module.why}</div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {state.kind === 'done' ? null : isApproval ? (
        <div className="mt-4 space-y-3">
          <div className="flex flex-col gap-1.5">
            <label htmlFor={feedbackId} className="text-sm font-medium">
              Feedback
            </label>
            <textarea
              id={feedbackId}
              rows={3}
              maxLength={2000}
              value={feedback}
              aria-invalid={feedbackProblem ? true : undefined}
              aria-describedby={feedbackProblem ? feedbackProblemId : undefined}
              onChange={(event) => setFeedback(event.target.value)}
              className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-950"
            />
            {feedbackProblem ? (
              <p id={feedbackProblemId} className="text-sm text-red-800 dark:text-red-200">
                {feedbackProblem}
              </p>
            ) : (
              <p className="text-xs text-zinc-600 dark:text-zinc-400">Only needed to request changes, for example “add security basics”.</p>
            )}
          </div>
          <div className="flex flex-wrap gap-2">
            <button type="button" aria-disabled={state.kind === 'sending'} onClick={() => void decide(link, 'approve')} className={primaryButton}>
              Approve
            </button>
            <button type="button" aria-disabled={state.kind === 'sending'} onClick={() => void decide(link, 'request_changes')} className={secondaryButton}>
              Request changes
            </button>
          </div>
        </div>
      ) : (
        <div className="mt-4">
          <button type="button" aria-disabled={state.kind === 'sending'} onClick={() => void decide(link, 'done')} className={primaryButton}>
            {state.kind === 'sending' ? 'Marking done…' : 'Mark done'}
          </button>
        </div>
      )}
    </section>
  );
}
