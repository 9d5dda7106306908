import { z } from 'zod';
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../shared/contract';
import type { CallContext, HttpClient } from './http';

export interface CrmContactUpdate {
  employeeId: string;
  status: 'onboarded' | 'cancelled';
  fullName?: string;
  email?: string;
  role?: string;
}

export interface CrmService {
  setStatus(update: CrmContactUpdate, call: CallContext): Promise<{ employeeId: string; status: string }>;
}

const contactSchema = z.object({ employeeId: z.string(), status: z.string() });

/**
 * `PUT {base}/contacts/:employeeId` with `{status, fullName?, email?, role?}` answering `{employeeId, status}`:
 * the contract of docs/services.md (the activity sends only the status). The sandbox speaks it too.
 */
export function createHttpCrmService(http: HttpClient): CrmService {
  return {
    async setStatus({ employeeId, ...fields }, call) {
      const answer = await http.request('PUT', `/contacts/${encodeURIComponent(employeeId)}`, fields, call);
      const parsed = contactSchema.safeParse(answer);
      if (!parsed.success) {
        throw ApplicationFailure.retryable('CRM answered without the contact status', FAILURE_TYPES.invalidResponse);
      }
      return parsed.data;
    },
  };
}
