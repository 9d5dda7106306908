'use client';
/**
 * /admin/users: who may sign in, and as what. HR admins add a person with a role, change a role,
 * deactivate or reactivate, and issue a one-time set-password link, which is shown here once.
 */
import { useId, useState, type FormEvent } from 'react';
import { ApiError, describeLoadError } from '@/browser/fetcher';
import { addPerson, changePerson, usePeople } from '@/browser/swr/use-people';
import type { Person, PersonChange, PersonResponse } from '@/contract/http';
import { PERSON_ROLES } from '@/contract/people';
import { formatDateTime } from './format';
import { primaryButton, secondaryButton } from './buttons';

const ROLE_LABELS: Record<Person['role'], string> = { 'hr-admin': 'HR admin', viewer: 'Viewer' };

const inputClass =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900';
const smallButton =
  'rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-900 shadow-sm hover:bg-zinc-50 aria-disabled:cursor-wait aria-disabled:opacity-70 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800';

interface IssuedLink {
  email: string;
  url: string;
  expiresAt: string;
}

function statusOf(person: Person): string {
  if (!person.active) return 'Deactivated';
  if (!person.passwordSet) return person.linkPending ? 'Invited: link not used yet' : 'Invited: link expired';
  return 'Active';
}

export function PeopleAdmin({ signInEnabled, currentEmail }: { signInEnabled: boolean; currentEmail: string | null }) {
  const { people, error, mutate } = usePeople();
  const [issued, setIssued] = useState<IssuedLink | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [busyEmail, setBusyEmail] = useState<string | null>(null);

  const showLink = (response: PersonResponse) => {
    if (response.setPasswordUrl && response.linkExpiresAt) {
      setIssued({ email: response.user.email, url: response.setPasswordUrl, expiresAt: response.linkExpiresAt });
    }
  };

  async function change(person: Person, update: PersonChange, done: string) {
    setBusyEmail(person.email);
    setProblem(null);
    setOutcome(null);
    try {
      const response = await changePerson(person.email, update);
      showLink(response);
      setOutcome(done);
      await mutate();
    } catch (caught) {
      setProblem(caught instanceof ApiError ? caught.message : 'That did not work. Try again.');
    } finally {
      setBusyEmail(null);
    }
  }

  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">People</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          Who may sign in with a password, and as what. A change takes effect on the person&apos;s next request.
        </p>
      </div>

      {!signInEnabled && (
        <p role="note" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200">
          Sign-in is off, so nobody needs an account yet. People you add here can sign in once AUTH_SECRET is set.
        </p>
      )}

      <AddPersonForm
        onAdded={async (response) => {
          setProblem(null);
          setOutcome(`${response.user.email} added.`);
          showLink(response);
          await mutate();
        }}
      />

      {issued && <IssuedLinkPanel link={issued} onDone={() => setIssued(null)} />}

      <div aria-live="polite" role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
        {outcome}
      </div>
      {problem && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
          {problem}
        </div>
      )}

      <section aria-labelledby="people-list-heading" className="space-y-3">
        <h2 id="people-list-heading" className="text-lg font-semibold">
          Everyone who may sign in
        </h2>
        {error && !people && <p role="alert" className="text-sm text-red-700 dark:text-red-300">{describeLoadError(error)}</p>}
        {!people && !error && <p className="text-sm text-zinc-500">Loading…</p>}
        {people && people.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-300">Nobody yet.</p>}
        {people && people.length > 0 && (
          <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Person</th>
                  <th scope="col" className="px-4 py-2 font-medium">Role</th>
                  <th scope="col" className="px-4 py-2 font-medium">Status</th>
                  <th scope="col" className="px-4 py-2 font-medium">Actions</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {people.map((person) => {
                  const isMe = person.email === currentEmail;
                  const who = person.name ?? person.email;
                  const busy = busyEmail === person.email;
                  return (
                    <tr key={person.email} className={person.active ? '' : 'text-zinc-500 dark:text-zinc-400'}>
                      <th scope="row" className="px-4 py-3 font-normal">
                        <span className="block font-medium text-zinc-900 dark:text-zinc-100">{who}</span>
                        {person.name && <span className="block text-xs text-zinc-500 dark:text-zinc-400">{person.email}</span>}
                        {isMe && <span className="text-xs text-zinc-500 dark:text-zinc-400">(you)</span>}
                      </th>
                      <td className="px-4 py-3">
                        <select
                          aria-label={`Role of ${who}`}
                          value={person.role}
                          disabled={busy}
                          onChange={(event) => {
                            const role = event.target.value as Person['role'];
                            void change(person, { role }, `${who} is now ${ROLE_LABELS[role]}.`);
                          }}
                          className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950"
                        >
                          {PERSON_ROLES.map((role) => (
                            <option key={role} value={role}>
                              {ROLE_LABELS[role]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="px-4 py-3">{statusOf(person)}</td>
                      <td className="px-4 py-3">
                        <div className="flex flex-wrap gap-2">
                          {!isMe && (
                            <button
                              type="button"
                              className={smallButton}
                              aria-disabled={busy}
                              onClick={() =>
                                !busy &&
                                void change(person, { active: !person.active }, person.active ? `${who} is deactivated.` : `${who} is active again.`)
                              }
                            >
                              {person.active ? 'Deactivate' : 'Reactivate'}
                              <span className="sr-only"> {who}</span>
                            </button>
                          )}
                          <button
                            type="button"
                            className={smallButton}
                            aria-disabled={busy}
                            onClick={() => !busy && void change(person, { resetPassword: true }, `New set-password link for ${who}.`)}
                          >
                            Reset password<span className="sr-only"> of {who}</span>
                          </button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function AddPersonForm({ onAdded }: { onAdded: (response: PersonResponse) => Promise<void> }) {
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

function IssuedLinkPanel({ link, onDone }: { link: IssuedLink; onDone: () => void }) {
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
