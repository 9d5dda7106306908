import type { OnboardingStatus, StepStatus } from '@/temporal/shared/schemas';

type Tone = 'blue' | 'amber' | 'green' | 'zinc' | 'red' | 'violet';

const TONE_CLASSES: Record<Tone, string> = {
  blue: 'bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/30',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/30',
  green: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/30',
  zinc: 'bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-400/10 dark:text-zinc-300 dark:ring-zinc-400/30',
  red: 'bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30',
  violet: 'bg-violet-50 text-violet-800 ring-violet-600/20 dark:bg-violet-400/10 dark:text-violet-300 dark:ring-violet-400/30',
};

const DOT_CLASSES: Record<Tone, string> = {
  blue: 'bg-sky-500',
  amber: 'bg-amber-500',
  green: 'bg-emerald-500',
  zinc: 'bg-zinc-400',
  red: 'bg-red-500',
  violet: 'bg-violet-500',
};

export const ONBOARDING_STATUS_TEXT: Record<OnboardingStatus, { label: string; tone: Tone }> = {
  running: { label: 'Running', tone: 'blue' },
  needs_attention: { label: 'Needs attention', tone: 'amber' },
  completed: { label: 'Completed', tone: 'green' },
  cancelling: { label: 'Cancelling', tone: 'violet' },
  cancelled: { label: 'Cancelled', tone: 'zinc' },
  failed: { label: 'Failed', tone: 'red' },
};

export const STEP_STATUS_TEXT: Record<StepStatus, { label: string; tone: Tone }> = {
  pending: { label: 'Pending', tone: 'zinc' },
  running: { label: 'Running', tone: 'blue' },
  retrying: { label: 'Retrying', tone: 'amber' },
  completed: { label: 'Completed', tone: 'green' },
  failed: { label: 'Failed', tone: 'red' },
  skipped: { label: 'Skipped', tone: 'zinc' },
  cancelled: { label: 'Cancelled', tone: 'zinc' },
  compensated: { label: 'Compensated', tone: 'violet' },
  scheduled: { label: 'Scheduled', tone: 'blue' },
  waiting_for_person: { label: 'Waiting for a person', tone: 'amber' },
  compensation_failed: { label: 'Undo failed', tone: 'red' },
  waiting: { label: 'Waiting for its service', tone: 'amber' },
};

function Badge({ label, tone, pulse }: { label: string; tone: Tone; pulse?: boolean }) {
  return (
    <span className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE_CLASSES[tone]}`}>
      <span aria-hidden="true" className={`size-1.5 rounded-full ${DOT_CLASSES[tone]} ${pulse ? 'animate-pulse' : ''}`} />
      {label}
    </span>
  );
}

/** The onboarding's status in colour and in words (colour alone says nothing to many readers). */
export function StatusBadge({ status }: { status: OnboardingStatus }) {
  const { label, tone } = ONBOARDING_STATUS_TEXT[status];
  return <Badge label={label} tone={tone} pulse={status === 'running' || status === 'cancelling'} />;
}

export function StepStatusBadge({ status }: { status: StepStatus }) {
  const { label, tone } = STEP_STATUS_TEXT[status];
  return <Badge label={label} tone={tone} pulse={status === 'running' || status === 'retrying'} />;
}
