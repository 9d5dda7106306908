import { z } from 'zod';
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../shared/contract';
import type { CallContext, HttpClient } from './http';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface EmailService {
  send(message: EmailMessage, call: CallContext): Promise<{ id: string }>;
}

const sentSchema = z.object({ id: z.string().min(1) });

/**
 * `POST {base}/send` with `{to, subject, text}` answering `{id}`: the sandbox, and with `SANDBOX=off` a
 * JSON mail API that honours Idempotency-Key (used when SMTP_URL is not set; docs/services.md).
 */
export function createHttpEmailService(http: HttpClient): EmailService {
  return {
    async send(message, call) {
      const answer = await http.request('POST', '/send', message, call);
      const parsed = sentSchema.safeParse(answer);
      if (!parsed.success) {
        throw ApplicationFailure.retryable('Email service answered without a message id', FAILURE_TYPES.invalidResponse);
      }
      return parsed.data;
    },
  };
}
