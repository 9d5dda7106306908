import 'server-only';
/**
 * Owners' links on the web side: a token is checked here, then the run it names says whether the
 * link is still good. Nothing changes for a forged (404), used (410 link_used) or expired (410
 * link_expired) link; a good one marks its task done through the workflow, which accepts the nonce once.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { linkSecret, verifyLink, type LinkClaims } from '@/common/links';
import { getConfig } from '@/server/env';
import { ApiError } from '@/server/api/errors';
import { completeTask, decideApproval, queryRun } from '@/server/temporal/client';
import { PLAN_OWNER_LABELS, type PlanOwner } from '@/temporal/shared/plan-rules';
import type { StepState } from '@/temporal/shared/schemas';
import type { ActDecision, LinkView } from '@/contract/http';

let cachedSecret: string | undefined;

function secret(): string {
  const config = getConfig();
  cachedSecret ??= linkSecret(config.DATA_DIR, config.LINK_SECRET);
  return cachedSecret;
}

const NOT_FOUND = 'This link is not valid. Check that it was copied whole, or ask HR for a new one.';

interface CheckedLink {
  claims: LinkClaims;
  step: StepState;
  view: LinkView;
}

/** The link's run and step if the link is good; otherwise the error to answer with. */
async function checkLink(token: string, now = Date.now()): Promise<CheckedLink> {
  const claims = verifyLink(token, secret());
  if (!claims) throw new ApiError('not_found', NOT_FOUND);
  let state;
  try {
    state = await queryRun(claims.workflowId, claims.runId);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new ApiError('not_found', NOT_FOUND);
    throw error;
  }
  const step = state.steps.find((candidate) => candidate.key === claims.step);
  // An approval sends a new link for every draft: an earlier one was used (or replaced) and says so.
  if (step?.usedNonces?.includes(claims.nonce)) {
    throw new ApiError(
      'link_used',
      step.status === 'completed' ? `This link was already used: “${step.label}” is approved.` : 'This link was already used. A newer draft has its own link.',
    );
  }
  // A nonce the run never issued for this step: not one of our links.
  if (!step?.link || step.link.nonce !== claims.nonce) throw new ApiError('not_found', NOT_FOUND);
  if (step.link.used || step.status === 'completed') {
    throw new ApiError('link_used', `This link was already used: “${step.label}” is done.`);
  }
  if (claims.expiresAt < now) throw new ApiError('link_expired', 'This link has expired. Ask HR for a new one.');
  const approval = step.approval;
  const draft = approval?.drafts[approval.drafts.length - 1];
  return {
    claims,
    step,
    view: {
      hireName: state.input.fullName,
      step: {
        key: step.key,
        label: step.label,
        kind: step.kind ?? 'task',
        description: step.description ?? null,
        owner: step.owner ? (PLAN_OWNER_LABELS[step.owner as PlanOwner] ?? step.owner) : null,
        dueAt: step.dueAt ?? null,
        status: step.status,
      },
      expiresAt: new Date(claims.expiresAt).toISOString(),
      draft: approval && draft ? { round: approval.round, maxRounds: approval.maxRounds, modules: draft.modules } : null,
    },
  };
}

export async function readLink(token: string): Promise<LinkView> {
  return (await checkLink(token)).view;
}

export async function actOnLink(token: string, { decision, feedback }: ActDecision): Promise<{ accepted: true }> {
  const { claims, step } = await checkLink(token);
  if (step.approval) {
    if (decision === 'done') throw new ApiError('invalid_input', 'This link asks for a decision: approve or request_changes.', { fields: { decision: ['Use approve or request_changes'] } });
    if (decision === 'request_changes' && !feedback) {
      throw new ApiError('invalid_input', 'Say what to change.', { fields: { feedback: ['Say what to change, for example “add security basics”'] } });
    }
    const approver = PLAN_OWNER_LABELS[step.approval.approver as PlanOwner] ?? 'Approver';
    return decideApproval(claims.workflowId, claims.step, { decision, feedback }, { nonce: claims.nonce, runId: claims.runId }, `${approver} (by link)`);
  }
  if (decision !== 'done') throw new ApiError('invalid_input', 'This link is for a task: mark it done.', { fields: { decision: ['Use done'] } });
  if (step.status !== 'waiting_for_person') throw new ApiError('not_open', `“${step.label}” is not open yet.`);
  const owner = step.owner ? (PLAN_OWNER_LABELS[step.owner as PlanOwner] ?? step.owner) : 'Owner';
  return completeTask(claims.workflowId, claims.step, { nonce: claims.nonce, runId: claims.runId }, `${owner} (by link)`);
}
