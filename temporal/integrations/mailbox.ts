/** E-mail "mailboxes" as operators write them in EMAIL_FROM; pure, so configuration can check them too. */

export interface Mailbox {
  name: string;
  address: string;
}

/** `Name <address>`, `"Name" <address>` or a bare address, split; undefined when it is none of these. */
export function parseMailbox(value: string): Mailbox | undefined {
  const trimmed = value.trim();
  const named = /^(.*?)\s*<([^<>\s@]+@[^<>\s@]+)>$/.exec(trimmed);
  if (named) return { name: (named[1] ?? '').replace(/^"(.*)"$/, '$1').trim(), address: named[2] ?? '' };
  return /^[^<>\s@"]+@[^<>\s@"]+$/.test(trimmed) ? { name: '', address: trimmed } : undefined;
}

/**
 * Services often repeat the address in their refusals ("550 5.1.1 <bob@…>: unknown user"); failure
 * messages end up on the dashboard and in worker logs, so the address is replaced with `<address>`.
 * Callers cut the text to a few hundred characters first: the pattern backtracks over long runs without `@`.
 */
export function redactAddresses(text: string): string {
  return text.replace(/<?[^\s<>@]+@[^\s<>@]+>?/g, '<address>');
}
