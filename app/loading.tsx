import { TableSkeleton } from '@/components/skeletons/table';

export default function Loading() {
  return <TableSkeleton />;
}
