import { SandboxSkeleton } from '@/components/skeletons/sandbox';

export default function Loading() {
  return <SandboxSkeleton />;
}
