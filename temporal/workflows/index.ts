/** The worker's workflowsPath and the bundle entry: every workflow the worker runs. */
export { onboardingWorkflow } from './onboarding';
export { batchWorkflow } from './batch';
export { serviceBreakerWorkflow } from './breaker';
