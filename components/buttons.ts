/** Button looks shared by pages and dialogs (plain strings, so importing them pulls in no component code). */
export const primaryButton =
  'inline-flex items-center justify-center gap-2 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 aria-disabled:cursor-wait aria-disabled:opacity-70 dark:bg-indigo-400 dark:text-zinc-950 dark:hover:bg-indigo-300';
export const dangerButton =
  'inline-flex items-center justify-center gap-2 rounded-lg bg-red-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-700 aria-disabled:cursor-wait aria-disabled:opacity-70 dark:bg-red-500 dark:text-zinc-950 dark:hover:bg-red-400';
export const secondaryButton =
  'inline-flex items-center justify-center gap-2 rounded-lg border border-zinc-300 bg-white px-4 py-2 text-sm font-medium text-zinc-900 shadow-sm hover:bg-zinc-50 aria-disabled:cursor-wait aria-disabled:opacity-70 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800';
