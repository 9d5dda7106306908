import { SandboxSkeleton } from '@/components/skeletons';

export default function Loading() {
  return <SandboxSkeleton />;
}
