/**
 * The outside world, chosen by configuration: the sandbox served by the web app, or the real services.
 * Plain settings in, so nothing here depends on how the process reads its environment.
 */
import { createHttpClient } from './http';
import { createHttpEmailService, type EmailService } from './email';
import { createSmtpEmailService } from './smtp';
import { createHttpCrmService, type CrmService } from './crm';
import { createHttpSlackService, type SlackService } from './slack';
import { createOpenAiChatModel, createOpenAiLlmService, type ChatModel, type LlmService } from './llm';

export type { CallContext } from './http';
export type { EmailService, EmailMessage } from './email';
export type { CrmService } from './crm';
export type { SlackService } from './slack';
export { escapeSlackText } from './slack';
export type { LlmService, ChatModel, ChatMessage, ChatAnswer, LearningPathAnswer } from './llm';
export { createOpenAiChatModel };


export interface Services {
  email: EmailService;
  llm: LlmService;
  crm: CrmService;
  slack: SlackService;
  /** The model the assistant asks to diagnose failures no rule covers (the primary LLM). */
  assistant?: ChatModel;
}

interface ServiceSettings {
  /** Where the web app serves the sandbox; used when `sandbox` is true. */
  appUrl: string;
  sandbox: boolean;
  llm: { baseUrl: string; apiKey?: string; model: string; fallback?: { baseUrl: string; apiKey?: string; model: string } };
  /** SMTP when `smtpUrl` is set (then `from` is required), otherwise the JSON email API at `url`. */
  email?: { smtpUrl?: string; from?: string; url?: string; apiKey?: string };
  crm?: { url?: string; apiKey?: string };
  slack?: { url?: string; botToken?: string };
  /**
   * The simulated services' own credential (common/sandbox-key.ts), sent like a real provider's API
   * key; the web app requires it while sign-in is on. Needed when `sandbox` is true.
   */
  sandboxApiKey?: string;
  timeoutMs?: number;
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required when the sandbox is off`);
  return value;
}

export function createServices(settings: ServiceSettings): Services {
  const sandbox = `${settings.appUrl.replace(/\/+$/, '')}/api/sandbox`;
  const pick = (real: string | undefined, name: string, sandboxPath: string): string => {
    if (settings.sandbox) return `${sandbox}${sandboxPath}`;
    return required(real, name);
  };
  const timeoutMs = settings.timeoutMs;
  const sandboxKey = settings.sandboxApiKey ?? '';
  if (settings.sandbox && !sandboxKey) throw new Error('sandboxApiKey is required when the sandbox is on');
  // The OpenAI client insists on some key; a keyless local model ignores it.
  const llmKey = settings.llm.apiKey ?? (settings.sandbox ? sandboxKey : 'no-key');
  // The variable to check when a service refuses the credential (named in the failure message).
  const credential = (real: string) => (settings.sandbox ? 'SANDBOX_API_KEY' : real);
  const smtp = settings.sandbox ? undefined : settings.email?.smtpUrl;
  return {
    email: smtp
      ? createSmtpEmailService({ url: smtp, from: required(settings.email?.from, 'EMAIL_FROM'), timeoutMs })
      : createHttpEmailService(
          createHttpClient({
            serviceName: 'Email service',
            baseUrl: pick(settings.email?.url, 'SMTP_URL or EMAIL_API_URL', '/email'),
            bearerToken: settings.sandbox ? sandboxKey : settings.email?.apiKey,
            credentialVariable: credential('EMAIL_API_KEY'),
            timeoutMs,
          }),
        ),
    crm: createHttpCrmService(
      createHttpClient({
        serviceName: 'CRM',
        baseUrl: pick(settings.crm?.url, 'CRM_API_URL', '/crm'),
        bearerToken: settings.sandbox ? sandboxKey : settings.crm?.apiKey,
        credentialVariable: credential('CRM_API_KEY'),
        // docs/services.md: 409 means a request with the same Idempotency-Key is still being processed.
        alsoTransient: [409],
        timeoutMs,
      }),
    ),
    slack: createHttpSlackService(
      createHttpClient({
        serviceName: 'Slack',
        baseUrl: settings.sandbox ? `${sandbox}/slack` : (settings.slack?.url ?? 'https://slack.com/api'),
        bearerToken: settings.sandbox ? sandboxKey : required(settings.slack?.botToken, 'SLACK_BOT_TOKEN'),
        credentialVariable: credential('SLACK_BOT_TOKEN'),
        timeoutMs,
      }),
    ),
    assistant: createOpenAiChatModel({
      baseUrl: settings.llm.baseUrl,
      apiKey: llmKey,
      model: settings.llm.model,
      timeoutMs,
    }),
    llm: createOpenAiLlmService({
      baseUrl: settings.llm.baseUrl,
      apiKey: llmKey,
      model: settings.llm.model,
      timeoutMs,
      ...(settings.llm.fallback
        ? { fallback: { ...settings.llm.fallback, apiKey: settings.llm.fallback.apiKey ?? llmKey } }
        : {}),
    }),
  };
}
