/**
 * The onboarding workflow's patches, asked through one place. Each `patched()` that returns true records a
 * marker and, since Temporal 1.20, an upsert of the `TemporalChangeVersion` search attribute: a history
 * event and a visibility write for each patch, in every run. Runs started from CURRENT_PATCHES on record
 * a single marker that stands for every patch listed below; runs started before it never recorded that
 * marker, so on replay they ask each patch as they always did and take the commands they took.
 *
 * A change that needs a new patch adds it here and asks for it through `has`; when that patch has been in
 * the code long enough, a new CURRENT_PATCHES marker may take over the list again.
 */
import { patched } from '@temporalio/workflow';

/** Stands for every patch in PATCH_IDS (a run with this marker has them all). */
export const CURRENT_PATCHES = 'onboarding-patches-7';

/** Every patch the onboarding workflow asked before CURRENT_PATCHES: its name here, its marker ID. */
export const PATCH_IDS = {
  /** Plans (timed steps, tasks) and escalation (onboarding.ts). */
  plans: 'onboarding-plans',
  /** Fewer visibility updates (visibility.ts). */
  leanUpserts: 'lean-visibility-upserts',
  /** Steps wait for their service's breaker (service-wait.ts). */
  serviceBreaker: 'service-breaker',
  /** The memo names an approval as what needs a person (visibility.ts). */
  attentionReason: 'attention-reason-memo',
  /** A learning path may wait for approval (assistant.ts). */
  approval: 'learning-path-approval',
  /** The assistant diagnoses a failed step (assistant.ts). */
  diagnosis: 'assistant-diagnosis',
} as const;

export type PatchName = keyof typeof PATCH_IDS;

export interface Patches {
  /** Whether this run takes the patched path: always for runs with CURRENT_PATCHES, else `patched(id)`. */
  has(name: PatchName): boolean;
}

/** Call first thing in the workflow, before any other patch is asked. */
export function decidePatches(): Patches {
  const current = patched(CURRENT_PATCHES);
  return { has: (name) => current || patched(PATCH_IDS[name]) };
}
