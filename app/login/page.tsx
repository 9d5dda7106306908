import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { safeCallbackUrl } from '@/server/auth/callback-url';
import { getAccess } from '@/server/auth/session';
import { getAuthSettings } from '@/server/auth/settings';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const settings = getAuthSettings();
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (!settings.enabled) {
    return (
      <div className="mx-auto max-w-sm space-y-4">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          Sign-in is off, so there is nothing to sign in to. Set AUTH_SECRET to require sign-in.
        </p>
        <Link href="/" className="text-sm font-medium text-indigo-700 underline dark:text-indigo-300">
          Go to the onboardings
        </Link>
      </div>
    );
  }
  if ((await getAccess()).user) redirect(callbackUrl);
  const error = typeof params.error === 'string' ? params.error : null;
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">New-hire records are personal data: HR staff only.</p>
      </div>
      <LoginForm callbackUrl={callbackUrl} oidcName={settings.oidc?.displayName ?? null} initialError={error} />
    </div>
  );
}
