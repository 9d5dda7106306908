/**
 * The outside world, chosen by configuration: the sandbox served by the web app, or the real services.
 * Plain settings in, so nothing here depends on how the process reads its environment.
 */
import { createHttpClient } from './http';
import { createHttpEmailService, type EmailService } from './email';
import { createHttpCrmService, type CrmService } from './crm';
import { createHttpSlackService, type SlackService } from './slack';
import { createOpenAiLlmService, type LlmService } from './llm';

export type { CallContext } from './http';
export type { EmailService, EmailMessage } from './email';
export type { CrmService, CrmContactUpdate } from './crm';
export type { SlackService, SlackMessage } from './slack';
export type { LlmService, LearningPathRequest } from './llm';


export interface Services {
  email: EmailService;
  llm: LlmService;
  crm: CrmService;
  slack: SlackService;
}

export interface ServiceSettings {
  /** Where the web app serves the sandbox; used when `sandbox` is true. */
  appUrl: string;
  sandbox: boolean;
  llm: { baseUrl: string; apiKey?: string; model: string };
  email?: { url?: string; apiKey?: string };
  crm?: { url?: string; apiKey?: string };
  slack?: { url?: string; botToken?: string };
  /**
   * The simulated services' own credential (common/sandbox-key.ts), sent like a real provider's API
   * key; the web app requires it while sign-in is on. Needed when `sandbox` is true.
   */
  sandboxApiKey?: string;
  timeoutMs?: number;
}

export function createServices(settings: ServiceSettings): Services {
  const sandbox = `${settings.appUrl.replace(/\/+$/, '')}/api/sandbox`;
  const pick = (real: string | undefined, name: string, sandboxPath: string): string => {
    if (settings.sandbox) return `${sandbox}${sandboxPath}`;
    if (!real) throw new Error(`${name} is required when the sandbox is off`);
    return real;
  };
  const timeoutMs = settings.timeoutMs;
  const sandboxKey = settings.sandboxApiKey ?? '';
  if (settings.sandbox && !sandboxKey) throw new Error('sandboxApiKey is required when the sandbox is on');
  return {
    email: createHttpEmailService(
      createHttpClient({
        serviceName: 'Email service',
        baseUrl: pick(settings.email?.url, 'EMAIL_API_URL', '/email'),
        bearerToken: settings.sandbox ? sandboxKey : settings.email?.apiKey,
        timeoutMs,
      }),
    ),
    crm: createHttpCrmService(
      createHttpClient({
        serviceName: 'CRM',
        baseUrl: pick(settings.crm?.url, 'CRM_API_URL', '/crm'),
        bearerToken: settings.sandbox ? sandboxKey : settings.crm?.apiKey,
        timeoutMs,
      }),
    ),
    slack: createHttpSlackService(
      createHttpClient({
        serviceName: 'Slack',
        baseUrl: settings.sandbox ? `${sandbox}/slack` : (settings.slack?.url ?? 'https://slack.com/api'),
        bearerToken: settings.sandbox ? sandboxKey : settings.slack?.botToken,
        timeoutMs,
      }),
    ),
    llm: createOpenAiLlmService({
      baseUrl: settings.llm.baseUrl,
      // The OpenAI client insists on some key; a keyless local model ignores it.
      apiKey: settings.llm.apiKey ?? (settings.sandbox ? sandboxKey : 'no-key'),
      model: settings.llm.model,
      timeoutMs,
    }),
  };
}
