'use client';
/**
 * /admin/users: who may sign in, and as what. HR admins add a person with a role, change a role,
 * deactivate or reactivate, and issue a one-time set-password link, which is shown here once.
 */
import dynamic from 'next/dynamic';
import { useState } from 'react';
import { ApiError, describeLoadError } from '@/browser/fetcher';
import { changePerson } from '@/browser/people';
import { usePeople } from '@/browser/swr/use-people';
import type { Person, PersonChange, PersonResponse } from '@/contract/http';
import { PERSON_ROLES } from '@/contract/people';
import { ROLE_LABELS, type IssuedLink } from './person-roles';

// Load after the page (first-load JavaScript, docs/performance.md); still rendered on the server.
const AddPersonForm = dynamic(() => import('./people-admin-forms').then((m) => m.AddPersonForm));
const IssuedLinkPanel = dynamic(() => import('./people-admin-forms').then((m) => m.IssuedLinkPanel));

const smallButton =
  'rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-900 shadow-sm hover:bg-zinc-50 aria-disabled:cursor-wait aria-disabled:opacity-70 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800';


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
