'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '@/browser/fetcher';
import { DEFAULT_SLACK_CHANNEL, isoDay, KNOWN_ROLES, START_DATE_WINDOW } from '@/temporal/shared/new-hire-rules';
import type { NewHireRequest, newHireSchema } from '@/temporal/shared/schemas';
import { DEFAULT_PLAN_ID, requiredOwnerAddresses, suggestPlan } from '@/temporal/shared/plan-rules';
import type { Plan } from '@/temporal/shared/plans';

/** What the form needs of each plan: enough to suggest one and to know whose address it needs. */
export type PlanChoice = Pick<Plan, 'id' | 'name' | 'match'> & { steps: Pick<Plan['steps'][number], 'owner' | 'approval'>[] };

type NewHireSchema = typeof newHireSchema;
// zod is a quarter of this page's JavaScript: it loads just after the page instead of before it.
let loadedSchema: NewHireSchema | undefined;
async function loadSchema(): Promise<NewHireSchema> {
  loadedSchema ??= (await import('@/temporal/shared/schemas')).newHireSchema;
  return loadedSchema;
}

// In the order they appear on the page, so "first invalid field" is the first one a person sees.
const FIELDS = ['fullName', 'employeeId', 'email', 'startDate', 'role', 'department', 'plan', 'managerEmail', 'buddyEmail', 'slackChannel'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;
type FieldErrors = Partial<Record<FieldName, string>>;

const OPTIONAL_FIELDS: readonly FieldName[] = ['department', 'managerEmail', 'buddyEmail', 'slackChannel'];

// An empty required field deserves "enter it", not the format rule the schema would report.
const MISSING_MESSAGES: Partial<Record<FieldName, string>> = {
  fullName: 'Enter the full name',
  employeeId: 'Enter the employee ID',
  email: 'Enter the work email',
  startDate: 'Enter the start date',
  role: 'Enter the role',
};

const INITIAL_VALUES: Values = {
  employeeId: '',
  fullName: '',
  email: '',
  role: '',
  department: '',
  startDate: '',
  managerEmail: '',
  buddyEmail: '',
  slackChannel: DEFAULT_SLACK_CHANNEL,
  plan: DEFAULT_PLAN_ID,
};

type Outcome =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'started' }
  | { kind: 'invalid'; message: string }
  | { kind: 'duplicate'; existingId: string | undefined }
  | { kind: 'unavailable' }
  | { kind: 'error'; message: string };

function isFieldName(value: unknown): value is FieldName {
  return typeof value === 'string' && (FIELDS as readonly string[]).includes(value);
}

/** What goes over the wire: empty optional fields are left out so the server applies its defaults. */
function toRequest(values: Values): NewHireRequest {
  const request: Partial<Record<FieldName, string>> = {};
  for (const field of FIELDS) {
    const value = values[field];
    if (OPTIONAL_FIELDS.includes(field) && value.trim() === '') continue;
    request[field] = value;
  }
  return request as NewHireRequest;
}

function validate(values: Values, schema: NewHireSchema | undefined, plans: readonly PlanChoice[] = []): FieldErrors {
  // Until the schema has loaded (a moment after the page) nothing is flagged; submitting waits for it.
  if (!schema) return {};
  const errors: FieldErrors = {};
  // A plan with work for the manager or the buddy needs their address (the server says the same).
  const plan = plans.find((p) => p.id === values.plan);
  if (plan) {
    for (const field of requiredOwnerAddresses(plan as Plan)) {
      if (values[field].trim() === '') {
        errors[field] = `The ${plan.name} plan has work for the ${field === 'managerEmail' ? 'manager' : 'buddy'}: enter their email`;
      }
    }
  }
  const parsed = schema.safeParse(toRequest(values));
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (!isFieldName(field)) continue;
    const missing = values[field].trim() === '' ? MISSING_MESSAGES[field] : undefined;
    errors[field] ??= missing ?? issue.message;
  }
  return errors;
}

export function NewHireForm({ plans = [] }: { plans?: readonly PlanChoice[] }) {
  const router = useRouter();
  const [values, setValues] = useState<Values>(INITIAL_VALUES);
  // The plan follows department and role as HR types, until HR picks one themselves.
  const [planChosen, setPlanChosen] = useState(false);
  // Errors appear for a field once it has been left (or on submit), then follow every keystroke.
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const formRef = useRef<HTMLFormElement>(null);

  const [schema, setSchema] = useState<NewHireSchema | undefined>(() => loadedSchema);
  useEffect(() => {
    if (!schema) void loadSchema().then((loaded) => setSchema(() => loaded));
  }, [schema]);
  const clientErrors = validate(values, schema, plans);
  const errorFor = (field: FieldName): string | undefined =>
    touched[field] ? (clientErrors[field] ?? serverErrors[field]) : undefined;

  const update = (field: FieldName, value: string) => {
    if (field === 'plan') setPlanChosen(true);
    setValues((previous) => {
      const next = { ...previous, [field]: value };
      if (!planChosen && field !== 'plan' && (field === 'department' || field === 'role')) {
        next.plan = suggestPlan(plans, { department: next.department, role: next.role })?.id ?? DEFAULT_PLAN_ID;
      }
      return next;
    });
    setServerErrors((previous) => ({ ...previous, [field]: undefined }));
  };
  const markTouched = (field: FieldName) => setTouched((previous) => ({ ...previous, [field]: true }));

  const focusFirstInvalid = (errors: FieldErrors) => {
    const first = FIELDS.find((field) => errors[field]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (outcome.kind === 'sending') return;
    setTouched(Object.fromEntries(FIELDS.map((field) => [field, true])));
    const errors = validate(values, schema ?? (await loadSchema()), plans);
    if (Object.keys(errors).length > 0) {
      setOutcome({ kind: 'invalid', message: 'Please correct the highlighted fields. Nothing was sent.' });
      focusFirstInvalid(errors);
      return;
    }
    setOutcome({ kind: 'sending' });
    try {
      const { startOnboarding } = await import('@/browser/api');
      const started = await startOnboarding(toRequest(values));
      setOutcome({ kind: 'started' });
      router.push(`/onboardings/${encodeURIComponent(started.id)}`);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setOutcome({ kind: 'error', message: 'Something went wrong. Nothing was started; please try again.' });
        return;
      }
      if (error.status === 409) {
        setOutcome({ kind: 'duplicate', existingId: error.existingId });
      } else if (error.status === 400) {
        const fromServer: FieldErrors = {};
        for (const [field, problems] of Object.entries(error.fields)) {
          if (isFieldName(field) && problems[0]) fromServer[field] = problems[0];
        }
        setServerErrors(fromServer);
        setOutcome({ kind: 'invalid', message: error.message || 'Please correct the highlighted fields.' });
        focusFirstInvalid(fromServer);
      } else if (error.status === 503) {
        setOutcome({ kind: 'unavailable' });
      } else {
        setOutcome({ kind: 'error', message: 'Something went wrong on our side. Nothing was started; please try again.' });
      }
    }
  }

  const today = new Date();
  const fieldProps = (field: FieldName) => ({
    name: field,
    value: values[field],
    error: errorFor(field),
    onChange: (value: string) => update(field, value),
    onBlur: () => markTouched(field),
  });
  const sending = outcome.kind === 'sending' || outcome.kind === 'started';

  return (
    <form ref={formRef} noValidate onSubmit={(event) => void handleSubmit(event)} className="space-y-8">
      <fieldset className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 sm:p-6">
        <legend className="px-1 text-sm font-semibold">The person</legend>
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Full name" autoComplete="off" {...fieldProps('fullName')} />
          <Field label="Employee ID" hint="Letters, digits, dots, underscores or hyphens." autoComplete="off" spellCheck={false} {...fieldProps('employeeId')} />
          <Field label="Work email" type="email" autoComplete="off" spellCheck={false} {...fieldProps('email')} />
          <Field label="Start date" type="date" min={isoDay(today, -START_DATE_WINDOW.daysBefore)} max={isoDay(today, START_DATE_WINDOW.daysAfter)} {...fieldProps('startDate')} />
        </div>
      </fieldset>

      <fieldset className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 sm:p-6">
        <legend className="px-1 text-sm font-semibold">The job</legend>
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Role" hint="Pick a suggestion for a tailored learning path, or type any role." list="known-roles" autoComplete="off" {...fieldProps('role')} />
          <Field label="Department" optional autoComplete="off" {...fieldProps('department')} />
          <Field label="Slack channel" hint="Where the team hears about the new hire." autoComplete="off" spellCheck={false} {...fieldProps('slackChannel')} />
        </div>
        <datalist id="known-roles">
          {KNOWN_ROLES.map((role) => (
            <option key={role} value={role} />
          ))}
        </datalist>
      </fieldset>

      <fieldset className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 sm:p-6">
        <legend className="px-1 text-sm font-semibold">The plan</legend>
        <div className="grid gap-5 sm:grid-cols-2">
          <PlanSelect plans={plans} {...fieldProps('plan')} />
          <div className="hidden sm:block" />
          <Field label="Manager email" type="email" optional autoComplete="off" spellCheck={false} {...fieldProps('managerEmail')} />
          <Field label="Buddy email" type="email" optional hint="The colleague who shows the new hire around." autoComplete="off" spellCheck={false} {...fieldProps('buddyEmail')} />
        </div>
      </fieldset>

      <div className="flex flex-col-reverse gap-4 sm:flex-row sm:items-center sm:justify-between">
        <div aria-live="polite" role="status" className="text-sm">
          <OutcomeMessage outcome={outcome} />
        </div>
        <button
          type="submit"
          aria-disabled={sending}
          className="inline-flex shrink-0 items-center justify-center gap-2 rounded-lg bg-indigo-600 px-5 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 aria-disabled:cursor-wait aria-disabled:opacity-70 dark:bg-indigo-400 dark:text-zinc-950 dark:hover:bg-indigo-300"
        >
          {sending ? <Spinner /> : null}
          Start onboarding
        </button>
      </div>
    </form>
  );
}

function OutcomeMessage({ outcome }: { outcome: Outcome }): ReactNode {
  switch (outcome.kind) {
    case 'idle':
      return null;
    case 'sending':
      return <span className="text-zinc-600 dark:text-zinc-400">Starting the onboarding…</span>;
    case 'started':
      return <span className="text-emerald-700 dark:text-emerald-400">Onboarding started. Opening its timeline…</span>;
    case 'invalid':
      return <Problem>{outcome.message}</Problem>;
    case 'duplicate':
      return (
        <Problem>
          An onboarding for this employee ID already exists.{' '}
          {outcome.existingId ? (
            <Link href={`/onboardings/${encodeURIComponent(outcome.existingId)}`} className="font-medium underline underline-offset-2">
              Open the existing onboarding
            </Link>
          ) : null}
        </Problem>
      );
    case 'unavailable':
      return <Problem>Temporal is unreachable right now. Nothing was started; your entries are kept — try again in a moment.</Problem>;
    case 'error':
      return <Problem>{outcome.message}</Problem>;
  }
}

function Problem({ children }: { children: ReactNode }) {
  return <span className="block rounded-lg bg-red-50 px-3 py-2 text-red-800 dark:bg-red-950/50 dark:text-red-200">{children}</span>;
}

function Spinner() {
  return <span aria-hidden="true" className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent" />;
}

function PlanSelect({
  plans,
  name,
  value,
  error,
  onChange,
  onBlur,
}: { plans: readonly PlanChoice[] } & Pick<FieldProps, 'name' | 'value' | 'error' | 'onChange' | 'onBlur'>) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const options = plans.length > 0 ? plans : [{ id: DEFAULT_PLAN_ID, name: 'Standard' }];
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        Plan
      </label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, error ? errorId : null].filter(Boolean).join(' ')}
        className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-950 dark:[color-scheme:dark]"
      >
        {options.map((plan) => (
          <option key={plan.id} value={plan.id}>
            {plan.name}
          </option>
        ))}
      </select>
      <p id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
        Suggested from the department and role.{' '}
        <Link href="/plans" className="underline underline-offset-2">
          What each plan does
        </Link>
      </p>
      {error ? (
        <p id={errorId} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface FieldProps {
  label: string;
  name: FieldName;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  onBlur: () => void;
  hint?: string;
  optional?: boolean;
  type?: 'text' | 'email' | 'date';
  list?: string;
  min?: string;
  max?: string;
  autoComplete?: string;
  spellCheck?: boolean;
}

function Field({ label, name, value, error, onChange, onBlur, hint, optional, type = 'text', ...rest }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-baseline justify-between gap-2">
        {/* The label is exactly the field's name; "Optional" sits beside it so the accessible name stays exact. */}
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        {optional ? <span className="text-xs text-zinc-600 dark:text-zinc-400">Optional</span> : null}
      </div>
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        required={!optional}
        className={`w-full rounded-lg border bg-white px-3 py-2 text-sm shadow-sm dark:bg-zinc-950 dark:[color-scheme:dark] ${
          error ? 'border-red-500 dark:border-red-400' : 'border-zinc-300 dark:border-zinc-700'
        }`}
        {...rest}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
