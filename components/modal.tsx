'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

interface ModalProps {
  title: string;
  /** Called when the person dismisses the dialog (Esc or a close button). */
  onDismiss: () => void;
  children: ReactNode;
  /** Which element to focus first; defaults to the first field or button inside. */
  initialFocusSelector?: string;
  describedBy?: string;
}

/**
 * A native modal <dialog>: the browser makes the rest of the page inert (so focus stays inside),
 * Esc closes it, and focus goes back to where it was when it closes. Mount it to open it.
 */
export function Modal({ title, onDismiss, children, initialFocusSelector, describedBy }: ModalProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onDismissRef = useRef(onDismiss);
  useEffect(() => {
    onDismissRef.current = onDismiss;
  }, [onDismiss]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>(initialFocusSelector ?? 'input, select, textarea, button');
    first?.focus();
    const handleCancel = (event: Event) => {
      // Let React unmount the dialog instead of the browser closing it behind React's back.
      event.preventDefault();
      onDismissRef.current();
    };
    // A modal dialog makes the page inert, but Tab can still leave it for the browser's own UI: wrap around instead.
    const handleKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Tab') return;
      const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => !element.hasAttribute('disabled'));
      const firstFocusable = focusable[0];
      const lastFocusable = focusable.at(-1);
      if (!firstFocusable || !lastFocusable) return;
      if (event.shiftKey && document.activeElement === firstFocusable) {
        event.preventDefault();
        lastFocusable.focus();
      } else if (!event.shiftKey && document.activeElement === lastFocusable) {
        event.preventDefault();
        firstFocusable.focus();
      }
    };
    dialog.addEventListener('cancel', handleCancel);
    dialog.addEventListener('keydown', handleKeyDown);
    return () => {
      dialog.removeEventListener('cancel', handleCancel);
      dialog.removeEventListener('keydown', handleKeyDown);
      if (dialog.open) dialog.close();
      previouslyFocused?.focus();
    };
  }, [initialFocusSelector]);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-2xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <div className="p-6">
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        {children}
      </div>
    </dialog>
  );
}
