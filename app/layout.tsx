import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { getConfig } from '@/common/config';
import { NavLinks } from '@/components/nav-links';
import { ServiceBannerSlot } from '@/components/service-banner-slot';
import { getAccess } from '@/server/auth/session';
import { AccessProvider } from '@/components/auth/access-context';
import { AccountStatus, SignInOffBanner } from '@/components/auth/account-status';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Onboarding Dashboard', template: '%s · Onboarding Dashboard' },
  description: 'Follow every new hire’s onboarding, step by step.',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fafafa' },
    { media: '(prefers-color-scheme: dark)', color: '#09090b' },
  ],
};

/** Read at request time, not at build time: the same build may run with SANDBOX on or off. */
async function SandboxBanner() {
  await connection();
  if (!getConfig().sandboxEnabled) return null;
  return (
    <div role="note" className="border-b border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200">
      <p className="mx-auto max-w-6xl px-4 py-2 text-sm sm:px-6">
        <span className="font-semibold">Sandbox mode:</span> emails, Slack, CRM and the LLM are simulated.{' '}
        <Link href="/sandbox" className="underline underline-offset-2 hover:no-underline">
          See what they received
        </Link>
      </p>
    </div>
  );
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Per request: who is signed in decides which actions the pages offer (the API enforces it too).
  const access = await getAccess();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <AccessProvider access={access}>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-zinc-900"
        >
          Skip to content
        </a>
        <SignInOffBanner access={access} />
        <SandboxBanner />
        <ServiceBannerSlot />
        <header className="border-b border-zinc-200 bg-white/80 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/80">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
            <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
              <span aria-hidden="true" className="grid size-7 place-items-center rounded-lg bg-indigo-600 text-sm text-white">
                O
              </span>
              Onboarding Dashboard
            </Link>
            <div className="flex flex-wrap items-center gap-3">
              <NavLinks />
              <AccountStatus access={access} />
            </div>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
          {children}
        </main>
        </AccessProvider>
      </body>
    </html>
  );
}
