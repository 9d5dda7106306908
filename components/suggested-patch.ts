import type { StepView } from '@/contract/http';

/**
 * The patch "Apply fix and retry" sends, when the suggestion is one (a correction, then a retry). Its own
 * module, so the detail page can decide whether to offer the button without loading the assistant's
 * panels with the page (next/dynamic in components/step-item.tsx).
 */
export function applicablePatch(step: StepView): Record<string, string> | undefined {
  const suggestion = step.diagnosis?.suggestion;
  if (!suggestion?.patch || (suggestion.action ?? 'retry') !== 'retry') return undefined;
  const entries = Object.entries(suggestion.patch).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
