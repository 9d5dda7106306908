/**
 * Seeds for the list benchmark: executions of type `onboardingWorkflow` (so the dashboard's list sees
 * them) that finish at once on their own task queue. The real workflow never runs for them; their
 * memo and search attributes are set by the benchmark when it starts them, like the web app does.
 */
export async function onboardingWorkflow(): Promise<void> {
  // Nothing to do: a seed only has to exist, closed, in the visibility store.
  return Promise.resolve();
}
