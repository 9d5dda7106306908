/** Where to go after signing in: only paths on this site (`//evil.example` or `/\evil.example` would leave it). */
export function safeCallbackUrl(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}
