/**
 * Which outside services the configuration turns on, and what SANDBOX=off says when something is
 * missing or malformed: every problem at once, each naming its variable.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../common/config';

const real = {
  SANDBOX: 'off',
  LLM_BASE_URL: 'https://llm.example.com/v1',
  SMTP_URL: 'smtp://mailer:secret@mail.example.com:587',
  EMAIL_FROM: 'Onboarding <hr@acme.example>',
  CRM_API_URL: 'https://crm.example.com/v1',
  SLACK_BOT_TOKEN: 'xoxb-1',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('real services (SANDBOX=off)', () => {
  it('accepts SMTP, or the JSON email API instead of it', () => {
    expect(parseConfig(real)).toMatchObject({ sandboxEnabled: false, SMTP_URL: real.SMTP_URL, EMAIL_FROM: real.EMAIL_FROM });
    expect(problemsOf({ ...real, SMTP_URL: undefined, EMAIL_FROM: undefined, EMAIL_API_URL: 'https://mail-api.example.com' })).toEqual([]);
  });

  it('names everything that is missing, at once', () => {
    expect(problemsOf({ SANDBOX: 'off' })).toEqual([
      'SMTP_URL: required when SANDBOX=off (or EMAIL_API_URL for a JSON email API); the sandbox does not send email',
      'LLM_BASE_URL: required when SANDBOX=off (the sandbox does not serve it)',
      'CRM_API_URL: required when SANDBOX=off (the sandbox does not serve it)',
      'SLACK_BOT_TOKEN: required when SANDBOX=off (the sandbox does not serve it)',
    ]);
    expect(problemsOf({ ...real, EMAIL_FROM: undefined })).toEqual(['EMAIL_FROM: required with SMTP_URL (the From of every message)']);
  });

  it.each([
    ['SMTP_URL', 'mail.example.com:587'],
    ['SMTP_URL', 'https://mail.example.com'],
    ['EMAIL_FROM', 'hr'],
    ['EMAIL_FROM', 'Onboarding <hr>'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    const problems = problemsOf({ ...real, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: must be`));
  });

  it('needs none of them while the sandbox is on', () => {
    const config = parseConfig({});
    expect(config.sandboxEnabled).toBe(true);
    expect(config.SMTP_URL).toBeUndefined();
  });
});
