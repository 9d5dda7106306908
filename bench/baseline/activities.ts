/**
 * The bare baseline's activities: no I/O at all, so what the baseline measures is Temporal itself
 * (server round trips, task dispatch, worker overhead), the limit our own workflow is compared to.
 */
export async function noopStep(step: string): Promise<string> {
  return Promise.resolve(step);
}
