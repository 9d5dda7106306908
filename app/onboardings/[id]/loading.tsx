import { DetailSkeleton } from '@/components/skeletons/detail';

export default function Loading() {
  return <DetailSkeleton />;
}
