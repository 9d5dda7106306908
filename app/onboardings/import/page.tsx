import type { Metadata } from 'next';
import { CsvImport } from '@/components/csv-import';

export const metadata: Metadata = { title: 'Import new hires' };

export default function ImportPage() {
  return <CsvImport />;
}
