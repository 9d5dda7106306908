/** Names the benchmark and the baseline worker agree on. */
export const BASELINE_TASK_QUEUE = 'bench-baseline';
export const BASELINE_WORKFLOW_TYPE = 'benchBaselineWorkflow';
export const SAME_WORK_TASK_QUEUE = 'bench-same-work';
export const SAME_WORK_WORKFLOW_TYPE = 'benchSameWorkWorkflow';
export const SEED_TASK_QUEUE = 'bench-seed';
export const BASELINE_READY_LINE = 'baseline worker ready';
