'use client';
/**
 * Dialogs load the first time one opens: none is part of what a page shows first, so their code stays
 * out of the first-load JavaScript (docs/performance.md). Each renders nothing for the few milliseconds
 * its chunk takes to arrive.
 */
import { lazy, Suspense, type ComponentProps } from 'react';

const LazyConfirmDialog = lazy(() => import('./confirm-dialog').then((m) => ({ default: m.ConfirmDialog })));
const LazyRetryDialog = lazy(() => import('./retry-dialog').then((m) => ({ default: m.RetryDialog })));

export function ConfirmDialog(props: ComponentProps<typeof LazyConfirmDialog>) {
  return (
    <Suspense fallback={null}>
      <LazyConfirmDialog {...props} />
    </Suspense>
  );
}

export function RetryDialog(props: ComponentProps<typeof LazyRetryDialog>) {
  return (
    <Suspense fallback={null}>
      <LazyRetryDialog {...props} />
    </Suspense>
  );
}
