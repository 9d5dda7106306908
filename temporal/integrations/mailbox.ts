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
