'use client';

import dynamic from 'next/dynamic';
import { useCanChange } from '@/components/auth/access-context';
import { describeLoadError } from '@/browser/fetcher';
import { useServices } from '@/browser/swr/use-services';

// Loads after the page, side by side with the page's first request: the cards show once it has answered.
const BreakerCard = dynamic(() => import('./breaker-card').then((m) => m.BreakerCard));

export function ServicesPanel() {
  const { services, error, mutate } = useServices({ refreshInterval: 2000 });
  const canChange = useCanChange();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Services</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Each outside service has a breaker. It opens by itself after several failures in a row across onboardings, tests the
          service again after a cool-down, and closes when it answers. A person can pause a service (say, during a known outage)
          and resume it. While a service is paused or open, the steps that call it wait without using attempts; resumed, they run
          within seconds.
        </p>
      </div>
      {error && !services ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {describeLoadError(error)}
        </p>
      ) : null}
      {!services ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading services…</p>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          {services.map((view) => (
            <BreakerCard key={view.service} view={view} canChange={canChange} onChanged={() => mutate()} />
          ))}
        </div>
      )}
    </div>
  );
}
