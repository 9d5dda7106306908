'use client';
/**
 * Dialogs load the first time one opens (the detail page's own are in components/detail-dialogs.tsx): none is part of what a page shows first, so their code and
 * words stay out of the first-load JavaScript (docs/performance.md). Each renders nothing for the few
 * milliseconds its chunk takes to arrive.
 */
import { createElement, lazy, Suspense, type ComponentType } from 'react';

function lazyDialog<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Loaded = lazy(async () => ({ default: await load() }));
  function LazyDialog(props: P) {
    return <Suspense fallback={null}>{createElement(Loaded, props)}</Suspense>;
  }
  return LazyDialog;
}

export const ConfirmDialog = lazyDialog(() => import('./confirm-dialog').then((m) => m.ConfirmDialog));
export const EraseDialog = lazyDialog(() => import('./decision-dialogs').then((m) => m.EraseDialog));
export const BulkDialog = lazyDialog(() => import('./bulk-dialog').then((m) => m.BulkDialog));
export const PauseServiceDialog = lazyDialog(() => import('./pause-service-dialog').then((m) => m.PauseServiceDialog));
