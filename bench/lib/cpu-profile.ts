/**
 * Where each Node process spent its CPU, from the `.cpuprofile` files `--cpu-prof` writes when a process
 * exits (`npm run bench -- --cpu-prof`): self time summed by who owns the code (a package, a folder of
 * ours, a Node built-in, the garbage collector), so a profile reads as "what this process pays for".
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { round } from './helpers';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  role: string;
  /** Sampled CPU time, idle excluded. */
  busyMs: number;
  /** The largest owners of self time, with their share of busyMs. */
  top: Array<{ owner: string; ms: number; share: number }>;
}

/** Who owns a frame: `next`, `@temporalio/worker`, `ours: temporal/`, `node:zlib`, `(garbage collector)`. */
export function ownerOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? url);
  }
  if (url.startsWith('node:')) return url.split('/')[0] ?? url;
  // Next's compiled server chunks hold our route code and the libraries bundled with it.
  if (url.includes('/.next')) return 'web bundle (our routes and bundled libraries)';
  const repo = /\/(app|server|common|contract|temporal|worker|bench|browser|components)\//.exec(url);
  return repo ? `ours: ${repo[1]}/` : path.basename(url);
}

function roleOf(profile: CpuProfile): string | undefined {
  const urls = profile.nodes.map((node) => node.callFrame.url);
  if (urls.some((url) => url.includes('bench/baseline/worker.ts'))) return 'baseline-worker';
  if (urls.some((url) => url.includes('/worker/index.ts'))) return 'worker';
  if (urls.some((url) => url.includes('next/dist/server/next-server') || url.includes('next/dist/server/lib/start-server'))) return 'web';
  return undefined;
}

export function summariseProfile(file: string, topCount = 8): ProfileSummary | undefined {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const role = roleOf(profile);
  // The `tsx` launcher in front of the worker processes: nothing of interest.
  if (!role) return undefined;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const us = profile.timeDeltas[index] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    const owner = ownerOf(node.callFrame.url, node.callFrame.functionName);
    self.set(owner, (self.get(owner) ?? 0) + us);
    busy += us;
  });
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topCount)
    .map(([owner, us]) => ({ owner, ms: round(us / 1000), share: round(us / Math.max(1, busy), 3) }));
  return { file: path.basename(file), role, busyMs: round(busy / 1000), top };
}

/** Every profile in `dir` that belongs to a process we know, largest first. */
export function summariseProfiles(dir: string): ProfileSummary[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  } catch {
    return [];
  }
  return files
    .map((name) => summariseProfile(path.join(dir, name)))
    .filter((summary): summary is ProfileSummary => summary !== undefined)
    .sort((a, b) => b.busyMs - a.busyMs);
}
