/**
 * What a fake Temporal adapter answers for one onboarding: a running standard-plan onboarding at its
 * first step, with nothing done yet. Mock factories import it (`await import('./detail-fixture')`),
 * since vi.mock runs before the test file's own imports.
 */
import type { Detail } from '@/contract/http';

export function runningDetail(id: string, employeeId = id.replace(/^onboarding-/, '')): Detail {
  return {
    id,
    runId: 'run-1',
    status: 'running',
    input: { employeeId, fullName: 'Jane Doe', email: 'jane@example.com', role: 'Software Engineer', startDate: '2026-01-05', slackChannel: '#onboarding-team' },
    currentStep: 'welcome-email',
    plan: { id: 'standard', name: 'Standard' },
    steps: [],
    events: [],
    startedAt: '2026-01-01T00:00:00.000Z',
    closedAt: null,
    temporalUiUrl: 'http://localhost:8233',
    waitingForWorker: false,
    earlierRuns: [],
  };
}
