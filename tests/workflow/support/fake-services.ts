/**
 * A scripted outside world for workflow tests: the real activities run against these fakes, so the
 * attempt numbers, failure types and idempotency keys are the ones production produces.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../../../temporal/shared/contract';
import type { CallContext, LlmService, Services } from '../../../temporal/integrations';

export type ServiceName = 'email' | 'llm' | 'crm' | 'slack';
/** What one call does: answer, fail for a while, fail for good, or wait until it is cancelled. */
export type Outcome = 'ok' | 'transient' | 'permanent' | 'hang' | 'invalid' | 'not_found';
/** Outcomes per service, used up one per call; once used up, calls succeed. */
export type Script = Partial<Record<ServiceName, Outcome[]>>;

interface ServiceCall {
  service: ServiceName;
  workflowId: string;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  outcome: Outcome;
  /** For `hang`: set when the activity's cancellation reached the call. */
  cancelled: boolean;
}

export const FAKE_SLACK_CHANNELS = ['onboarding-team', 'general', 'engineering', 'hr-onboarding'] as const;

export class FakeWorld {
  readonly calls: ServiceCall[] = [];
  private readonly scripts = new Map<string, Script>();
  private readonly models = new Map<string, LlmService>();

  script(workflowId: string, script: Script): void {
    this.scripts.set(workflowId, structuredClone(script));
  }

  /** This onboarding's learning path asks `llm` (say, the real OpenAI client against a fake endpoint) instead. */
  useLlm(workflowId: string, llm: LlmService): void {
    this.models.set(workflowId, llm);
  }

  callsFor(workflowId: string): ServiceCall[] {
    return this.calls.filter((c) => c.workflowId === workflowId);
  }

  services(): Services {
    return {
      email: {
        send: async (message, call) => {
          await this.call('email', { ...message }, call);
          return { id: `msg-${this.calls.length}` };
        },
      },
      llm: {
        generateLearningPath: async (request, call) => {
          const own = this.models.get(workflowIdOf(call));
          if (own) return own.generateLearningPath(request, call);
          await this.call('llm', { ...request }, call);
          return {
            model: 'fake-llm',
            path: { modules: [{ title: `${request.role} basics`, durationHours: 4, why: 'Everyone starts here' }] },
          };
        },
        // The approval loop's revision: "add <topic>" adds a module titled after it, as the sandbox model does.
        reviseLearningPath: async (request, call) => {
          await this.call('llm', { ...request, revision: true }, call);
          const added = [...request.feedback.matchAll(/add ([^;,]+)/gi)].map((m) => (m[1] ?? '').trim());
          return {
            model: 'fake-llm',
            path: { modules: [...request.draft.modules, ...added.map((title) => ({ title, durationHours: 2, why: 'Asked for' }))] },
          };
        },
      },
      crm: {
        setStatus: async (update, call) => {
          await this.call('crm', { ...update }, call);
          return { employeeId: update.employeeId, status: update.status };
        },
      },
      slack: {
        postMessage: async (message, call) => {
          await this.call('slack', { ...message }, call);
          return { channel: message.channel, ts: `${this.calls.length}.0001` };
        },
        // The workspace's channels, read by the assistant's diagnosis (not a delivery: not recorded).
        listChannels: () => Promise.resolve([...FAKE_SLACK_CHANNELS]),
      },
    };
  }

  private async call(service: ServiceName, payload: Record<string, unknown>, call: CallContext): Promise<void> {
    const workflowId = workflowIdOf(call);
    const outcome = this.scripts.get(workflowId)?.[service]?.shift() ?? 'ok';
    const record: ServiceCall = { service, workflowId, idempotencyKey: call.idempotencyKey, payload, outcome, cancelled: false };
    this.calls.push(record);
    switch (outcome) {
      case 'ok':
        return;
      case 'transient':
        throw ApplicationFailure.retryable(`The ${service} service is briefly unavailable (HTTP 503)`, FAILURE_TYPES.transientHttp);
      case 'permanent':
        if (service === 'slack') {
          throw ApplicationFailure.nonRetryable(`Slack channel ${String(payload.channel)} not found`, FAILURE_TYPES.slackChannelNotFound);
        }
        throw ApplicationFailure.nonRetryable(`The ${service} service rejected the request (HTTP 422)`, FAILURE_TYPES.permanentHttp);
      case 'invalid':
        // The model's answers did not fit the schema (a role it cannot place).
        throw ApplicationFailure.nonRetryable(`The learning-path model gave no usable answer in 3 tries`, FAILURE_TYPES.invalidLlmOutput);
      case 'not_found':
        throw ApplicationFailure.nonRetryable(`The ${service} service answered HTTP 404: not_found`, FAILURE_TYPES.permanentHttp);
      case 'hang':
        return new Promise<void>((_, reject) => {
          const signal = call.signal;
          if (!signal) return;
          signal.addEventListener('abort', () => {
            record.cancelled = true;
            reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
          });
        });
    }
  }
}

function workflowIdOf(call: CallContext): string {
  return call.idempotencyKey.split(':')[0] ?? '';
}
