import 'server-only';
/**
 * The plans in PLANS_DIR, read and checked once when the web app starts: a bad file stops the process
 * with the file and the path of the error, instead of failing the first onboarding that uses it.
 * Restart the web app to pick up an edited plan; running onboardings keep the copy they started with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getConfig } from '@/common/config';
import { DEFAULT_PLAN_ID, planSchema, type Plan } from '@/temporal/shared/plans';

export class PlanError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid onboarding plans:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'PlanError';
  }
}

/** Reads every `*.json` in the folder, in file-name order; throws PlanError naming each bad file and path. */
export function loadPlans(dir: string): Plan[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new PlanError([`${dir}: cannot read the plans folder (${reason}); set PLANS_DIR to a folder of plan files`]);
  }
  const problems: string[] = [];
  const plans: Plan[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const parsed = planSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${file}: ${issue.path.length > 0 ? issue.path.join('.') : '(plan)'}: ${issue.message}`);
      }
      continue;
    }
    if (parsed.data.id !== path.basename(name, '.json')) {
      problems.push(`${file}: id: the plan's id (${parsed.data.id}) must be its file name without .json`);
      continue;
    }
    plans.push(parsed.data);
  }
  if (problems.length === 0 && !plans.some((plan) => plan.id === DEFAULT_PLAN_ID)) {
    problems.push(`${dir}: no ${DEFAULT_PLAN_ID}.json: the ${DEFAULT_PLAN_ID} plan is used when HR picks none`);
  }
  if (problems.length > 0) throw new PlanError(problems);
  // The default plan first: it is what the form offers first and the API uses when none is named.
  return [...plans.filter((plan) => plan.id === DEFAULT_PLAN_ID), ...plans.filter((plan) => plan.id !== DEFAULT_PLAN_ID)];
}

interface PlansGlobal {
  onboardingPlans?: Plan[];
}
const cache = globalThis as typeof globalThis & PlansGlobal;

/** The plans of this process, read on first use (at start, from instrumentation-node.ts). */
export function getPlans(): Plan[] {
  cache.onboardingPlans ??= loadPlans(path.resolve(getConfig().PLANS_DIR));
  return cache.onboardingPlans;
}

export function findPlan(id: string): Plan | undefined {
  return getPlans().find((plan) => plan.id === id);
}
