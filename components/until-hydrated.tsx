'use client';

import { useSyncExternalStore, type ReactNode } from 'react';

const subscribe = () => () => undefined;

/** False in the server's HTML and while React hydrates it, true once the page handles events. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/**
 * Pages rendered with their data on the server show their buttons before React has attached a handler to
 * them: a click then would be lost. Until hydration the buttons and fields inside are disabled (a fieldset
 * disables every control in it), so the browser shows they cannot be used yet; the box itself takes no
 * space or role in the layout (`display: contents`).
 */
export function UntilHydrated({ children }: { children: ReactNode }) {
  const hydrated = useHydrated();
  return (
    <fieldset disabled={!hydrated} className="contents">
      {children}
    </fieldset>
  );
}
