import type { Metadata } from 'next';
import { ServicesPanel } from '@/components/services-panel';

export const metadata: Metadata = { title: 'Services' };

export default function ServicesPage() {
  return <ServicesPanel />;
}
