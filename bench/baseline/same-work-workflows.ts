/**
 * The same-work baseline: the onboarding's four service calls in a row (bench/baseline/same-work-activities.ts),
 * with nothing around them: no state, no queries, no signals, no search attribute or memo updates, no codec.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { NewHire } from '../../temporal/shared/contract';
import type { SameWorkActivities } from './same-work-activities';

const { sameWorkEmail, sameWorkLearningPath, sameWorkCrm, sameWorkSlack } = proxyActivities<SameWorkActivities>({
  startToCloseTimeout: '30s',
});

export async function benchSameWorkWorkflow(hire: NewHire): Promise<void> {
  await sameWorkEmail(hire);
  await sameWorkLearningPath(hire);
  await sameWorkCrm(hire);
  await sameWorkSlack(hire);
}
