import type { Metadata } from 'next';
import { BatchProgress } from '@/components/batch-progress';

export const metadata: Metadata = { title: 'Batch' };

export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <BatchProgress id={decodeURIComponent(id)} />;
}
