'use client';
/**
 * The admin page's add-person form and one-time link panel: they load after the page
 * (next/dynamic in components/people-admin.tsx), rendered on the server all the same.
 */
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '@/browser/fetcher';
import { addPerson } from '@/browser/people';
import type { Person, PersonResponse } from '@/contract/http';
import { PERSON_ROLES } from '@/contract/people';
import { formatDateTime } from './format';
import { primaryButton, secondaryButton } from './buttons';
import { ROLE_LABELS, type IssuedLink } from './person-roles';

const inputClass =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900';

export function AddPersonForm({ onAdded }: { onAdded: (response: PersonResponse) => Promise<void> }) {
  const ids = { email: useId(), name: useId(), role: useId(), errors: useId() };
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value.trim() : '';
    };
    const name = text('name');
    setPending(true);
    setFieldErrors({});
    setFormError(null);
    try {
      const response = await addPerson({ email: text('email'), role: text('role') as Person['role'], ...(name ? { name } : {}) });
      form.reset();
      await onAdded(response);
    } catch (caught) {
      if (caught instanceof ApiError) {
        setFieldErrors(caught.fields);
        setFormError(caught.message);
      } else {
        setFormError('That did not work. Try again.');
      }
    } finally {
      setPending(false);
    }
  }

  const fieldError = (field: string, id: string) =>
    fieldErrors[field] ? (
      <p id={`${id}-error`} className="mt-1 text-xs text-red-700 dark:text-red-300">
        {fieldErrors[field].join(' ')}
      </p>
    ) : null;

  return (
    <section aria-labelledby="add-person-heading" className="space-y-3 rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="add-person-heading" className="text-lg font-semibold">
        Add a person
      </h2>
      <form onSubmit={(event) => void submit(event)} noValidate className="grid gap-4 sm:grid-cols-[2fr_2fr_1fr_auto] sm:items-start">
        <div>
          <label htmlFor={ids.email} className="block text-sm font-medium">
            Email
          </label>
          <input
            id={ids.email}
            name="email"
            type="email"
            autoComplete="off"
            required
            className={inputClass}
            aria-invalid={fieldErrors.email ? true : undefined}
            aria-describedby={fieldErrors.email ? `${ids.email}-error` : undefined}
          />
          {fieldError('email', ids.email)}
        </div>
        <div>
          <label htmlFor={ids.name} className="block text-sm font-medium">
            Name
          </label>
          <input
            id={ids.name}
            name="name"
            type="text"
            autoComplete="off"
            className={inputClass}
            aria-invalid={fieldErrors.name ? true : undefined}
            aria-describedby={fieldErrors.name ? `${ids.name}-error` : undefined}
          />
          {fieldError('name', ids.name)}
        </div>
        <div>
          <label htmlFor={ids.role} className="block text-sm font-medium">
            Role
          </label>
          <select id={ids.role} name="role" defaultValue="viewer" className={inputClass}>
            {PERSON_ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </div>
        <div className="sm:pt-6">
          <button type="submit" className={primaryButton} aria-disabled={pending}>
            Add person
          </button>
        </div>
      </form>
      {formError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {formError}
        </p>
      )}
    </section>
  );
}

export function IssuedLinkPanel({ link, onDone }: { link: IssuedLink; onDone: () => void }) {
  const inputId = useId();
  const [copied, setCopied] = useState(false);
  return (
    <section
      aria-labelledby={`${inputId}-heading`}
      className="space-y-3 rounded-xl border border-indigo-200 bg-indigo-50 p-5 dark:border-indigo-900/60 dark:bg-indigo-950/40"
    >
      <h2 id={`${inputId}-heading`} className="text-base font-semibold">
        One-time link for {link.email}
      </h2>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        It is shown only now. Send it to them over a channel you trust; with it they choose their password. It works once, until{' '}
        {formatDateTime(link.expiresAt)}.
      </p>
      <div>
        <label htmlFor={inputId} className="block text-sm font-medium">
          Set-password link
        </label>
        <input id={inputId} readOnly value={link.url} onFocus={(event) => event.currentTarget.select()} className={`${inputClass} font-mono`} />
      </div>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={secondaryButton}
          onClick={() =>
            void navigator.clipboard.writeText(link.url).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy link
        </button>
        <button type="button" className={secondaryButton} onClick={onDone}>
          Done
        </button>
        <span aria-live="polite" className="self-center text-sm text-zinc-600 dark:text-zinc-300">
          {copied ? 'Copied.' : ''}
        </span>
      </div>
    </section>
  );
}
