'use client';
/**
 * What the signed-in person may do, for client components: the layout reads the session on the server
 * and hands it down, so buttons a viewer may not use are not shown (the API refuses them anyway).
 */
import { createContext, useContext, type ReactNode } from 'react';

export interface ClientAccess {
  signInEnabled: boolean;
  user: { email: string; role: 'hr-admin' | 'viewer' } | null;
  canChange: boolean;
}

// Without a provider (tests rendering a component alone) behave as the open local demo.
const AccessContext = createContext<ClientAccess>({ signInEnabled: false, user: null, canChange: true });

export function AccessProvider({ access, children }: { access: ClientAccess; children: ReactNode }) {
  return <AccessContext.Provider value={access}>{children}</AccessContext.Provider>;
}

/** Whether sign-in is on and who is signed in (the navigation offers People to HR admins). */
export function useAccess(): ClientAccess {
  return useContext(AccessContext);
}

/** True when the current person may start, retry, skip, cancel or erase. */
export function useCanChange(): boolean {
  return useContext(AccessContext).canChange;
}
