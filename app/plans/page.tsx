import type { Metadata } from 'next';
import { connection } from 'next/server';
import { PlanCard } from '@/components/plan-card';
import { getPlans } from '@/server/plans';

export const metadata: Metadata = { title: 'Plans' };

export default async function PlansPage() {
  // Read at request time: the same build serves whatever PLANS_DIR this process was started with.
  await connection();
  const plans = getPlans();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Plans</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          What happens in each kind of onboarding, and when. Times are counted from the hire’s start date in the
          company’s time zone. A running onboarding keeps the plan it started with.
        </p>
      </div>
      {plans.map((plan) => (
        <PlanCard key={plan.id} plan={plan} />
      ))}
    </div>
  );
}
