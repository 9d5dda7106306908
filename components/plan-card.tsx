import { STEP_LABELS } from '@/temporal/shared/constants';
import { PLAN_OWNER_LABELS, planStepLabel } from '@/temporal/shared/plan-rules';
import { describeTime, parseTimeExpression } from '@/temporal/shared/plan-time';
import type { Plan, PlanStep } from '@/temporal/shared/plans';

function when(expression: string | undefined, fallback: string): string {
  const parsed = expression === undefined ? undefined : parseTimeExpression(expression);
  return parsed ? describeTime(parsed) : fallback;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Who does the step, in words: "Automatic", "Task for IT", "Automatic, then approved by the manager". */
function doneBy(step: PlanStep): string {
  if (step.kind === 'task') return `Task for ${step.owner ? PLAN_OWNER_LABELS[step.owner] : 'a person'}`;
  if (step.approval) return `Automatic, then approved by ${step.approval === 'manager' ? 'the manager' : 'HR'}`;
  return 'Automatic';
}

function PlanStepItem({ step, first }: { step: PlanStep; first: boolean }) {
  const isTask = step.kind === 'task';
  return (
    <li className="flex gap-3 py-3">
      <span
        aria-hidden="true"
        className={`mt-1 size-2.5 shrink-0 rounded-full ${isTask ? 'bg-amber-500' : step.approval ? 'bg-violet-500' : 'bg-sky-500'}`}
      />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <h3 className="font-medium">{planStepLabel(step, STEP_LABELS)}</h3>
          <span className="text-xs text-zinc-600 dark:text-zinc-400">{doneBy(step)}</span>
        </div>
        <dl className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-sm text-zinc-700 dark:text-zinc-300">
          <div className="flex gap-1.5">
            <dt className="text-zinc-500 dark:text-zinc-400">{isTask ? 'Opens' : 'Runs'}</dt>
            <dd>{capitalise(when(step.at, isTask || first ? 'as soon as the onboarding starts' : 'right after the step before'))}</dd>
          </div>
          {step.due ? (
            <div className="flex gap-1.5">
              <dt className="text-zinc-500 dark:text-zinc-400">Due</dt>
              <dd>{capitalise(when(step.due, ''))}</dd>
            </div>
          ) : null}
          {isTask ? (
            <div className="flex gap-1.5">
              <dt className="text-zinc-500 dark:text-zinc-400">Later steps</dt>
              <dd>{step.blocking ? 'wait for it' : 'do not wait for it'}</dd>
            </div>
          ) : null}
        </dl>
        {step.description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{step.description}</p> : null}
      </div>
    </li>
  );
}

export function PlanCard({ plan }: { plan: Plan }) {
  const headingId = `plan-${plan.id}`;
  const departments = plan.match?.departments ?? [];
  const roles = plan.match?.roles ?? [];
  return (
    <section
      aria-labelledby={headingId}
      className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold tracking-tight">
          {plan.name}
        </h2>
        <code className="text-xs text-zinc-500 dark:text-zinc-400">{plan.id}</code>
      </div>
      {plan.description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{plan.description}</p> : null}
      {departments.length > 0 || roles.length > 0 ? (
        <dl className="mt-2 space-y-0.5 text-sm">
          {departments.length > 0 ? (
            <div className="flex flex-wrap gap-x-1.5">
              <dt className="text-zinc-500 dark:text-zinc-400">Suggested for the departments</dt>
              <dd>{departments.join(', ')}</dd>
            </div>
          ) : null}
          {roles.length > 0 ? (
            <div className="flex flex-wrap gap-x-1.5">
              <dt className="text-zinc-500 dark:text-zinc-400">and the roles</dt>
              <dd>{roles.join(', ')}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <ol aria-label={`Steps of the ${plan.name} plan`} className="mt-3 divide-y divide-zinc-100 dark:divide-zinc-800">
        {plan.steps.map((step, index) => (
          <PlanStepItem key={step.key} step={step} first={index === 0} />
        ))}
      </ol>
    </section>
  );
}
