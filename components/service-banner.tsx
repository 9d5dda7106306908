'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useServices } from '@/browser/swr/use-services';
import { useAccess } from '@/components/auth/access-context';
import { SERVICE_LABELS } from '@/temporal/shared/constants';
import type { ServiceView } from '@/contract/services';

/** "Slack is paused: outage", "Slack breaker is open after 5 failures". */
export function describeService(view: ServiceView): string {
  const label = SERVICE_LABELS[view.service];
  if (view.state === 'paused') return view.reason ? `${label} is paused: ${view.reason}` : `${label} is paused`;
  if (view.state === 'open') return `${label} breaker is ${view.reason ?? 'open'}`;
  return `${label} is working`;
}

/**
 * On every page while a service is paused or its breaker open: its steps wait, and HR should know why
 * before wondering about a stuck onboarding. Nothing shows when the state cannot be read (signed out).
 */
export function ServiceBanner() {
  const pathname = usePathname();
  const { signInEnabled, user } = useAccess();
  const { services } = useServices({ refreshInterval: pathname === '/services' ? 2000 : 5000, enabled: !signInEnabled || user !== null });
  const held = (services ?? []).filter((view) => view.state !== 'closed');
  if (held.length === 0) return null;
  return (
    <div role="status" className="border-b border-red-200 bg-red-50 text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-100">
      <p className="mx-auto max-w-6xl px-4 py-2 text-sm sm:px-6">
        <span className="font-semibold">{held.map(describeService).join('. ')}.</span> Steps that need {held.length === 1 ? 'it' : 'them'} wait
        without using attempts.{' '}
        {pathname === '/services' ? null : (
          <Link href="/services" className="underline underline-offset-2 hover:no-underline">
            See services
          </Link>
        )}
      </p>
    </div>
  );
}
