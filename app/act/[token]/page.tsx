import type { Metadata } from 'next';
import { ActOnLink } from '@/components/act-on-link';

export const metadata: Metadata = { title: 'Your onboarding task', referrer: 'no-referrer' };

/** The page behind an owner's link (SPEC §8): no account needed, the signed token is the credential. */
export default async function ActPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <div className="mx-auto max-w-xl">
      <ActOnLink token={token} />
    </div>
  );
}
