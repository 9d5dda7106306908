import type { ReactNode } from 'react';
import type { StepView } from '@/contract/http';
import { StepItem } from './step-item';

/** The steps in order, as an ordered list whose accessible name is "Onboarding steps". */
export function StepTimeline({ steps, actionsFor }: { steps: StepView[]; actionsFor: (step: StepView) => ReactNode }) {
  return (
    <ol aria-label="Onboarding steps" className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 sm:p-6">
      {steps.map((step, index) => (
        <StepItem key={step.key} step={step} isLast={index === steps.length - 1} actions={actionsFor(step)} />
      ))}
    </ol>
  );
}
