import 'server-only';
import {
  Client,
  Connection,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure, WorkflowIdReusePolicy } from '@temporalio/common';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { errorFields, getLogger } from '@/common/telemetry/logger';
import { temporal } from '@temporalio/proto';
import type { onboardingWorkflow } from '@/temporal/workflows';
import {
  cancelRequestedSignal,
  completeTaskUpdate,
  decideApprovalUpdate,
  rescheduleUpdate,
  runNowUpdate,
  SA_START_DATE,
  SA_ATTENTION_SINCE,
  onboardingInputSchema,
  onboardingStateSchema,
  progressQuery,
  retryUpdate,
  SA_NAME_TOKENS,
  SA_STATUS,
  SA_STEP,
  skipUpdate,
  UPDATE_REJECTION_TYPES,
  type UpdateRejectionType,
  WORKFLOW_TYPE,
  workflowIdFor,
  type NewHire,
  type OnboardingMemo,
  type OnboardingState,
  STEP_KEYS,
  type OnboardingInput,
  type OnboardingStatus,
  type RetryRequest,
  type SkipRequest,
  type StartRequest,
} from '@/temporal/shared/contract';
import { DEFAULT_PLAN_ID } from '@/temporal/shared/plan-rules';
import { findPlan, getPlans } from '@/server/plans';
import { escalationSettings, missingOwnerAddresses, planForInput, rescheduledTimes, startInstant } from '@/server/plans/resolve';
import { getConfig } from '@/server/env';
import { clientDataConverter, payloadKeySettings } from '@/common/codec/data-converter';
import { ApiError, TEMPORAL_UNAVAILABLE_MESSAGE } from '@/server/api/errors';
import type { Detail, ListResponse } from '@/contract/http';
import type { PreparedStart } from '@/temporal/shared/batch-contract';
import { atRiskClause, buildListQuery, decodeCursor, encodeCursor, quote, searchClause } from './list-query';
import { hashNameWord, nameTokens, normaliseNameWords, searchSecret } from './name-tokens';
import {
  byUrgency,
  isLiveExecution,
  isWaitingForWorker,
  onboardingStatusFor,
  timestampToIso,
  toDetail,
  toSummary,
  type PendingActivityLike,
} from './to-view';

// ----- one connection per process -----

interface TemporalGlobal {
  onboardingTemporalClient?: Client;
  /** Whether the visibility store accepts ORDER BY (Elasticsearch does, SQL visibility does not). */
  onboardingOrderBySupported?: boolean;
}
// On globalThis so Next's hot reload, which re-evaluates modules, reuses the connection.
const cache = globalThis as typeof globalThis & TemporalGlobal;

export function getTemporalClient(): Client {
  if (!cache.onboardingTemporalClient) {
    const config = getConfig();
    // Lazy: the app starts (and serves the sandbox and pages) even while Temporal is still coming up.
    // A request should fail fast with 503 rather than hang while Temporal is down.
    const connection = Connection.lazy({ ...config.temporalConnection, connectTimeout: '3s' });
    cache.onboardingTemporalClient = new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      // The worker encrypts payloads (memo, query answers, failure messages): we must read them the same way.
      dataConverter: clientDataConverter(payloadKeySettings(config.DATA_DIR)),
      // Start, updates, signals and queries join the request's trace and carry it to the workflow.
      interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
    });
  }
  return cache.onboardingTemporalClient;
}

/** Every call gets a deadline: without one a call to an unreachable server can wait for minutes. */
export const CALL_DEADLINE_MS = 5_000;
/** The progress query needs a worker; if none answers quickly we show what describe knows. */
const QUERY_DEADLINE_MS = 3_000;

export function withDeadline<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  return getTemporalClient().connection.withDeadline(Date.now() + ms, fn);
}

// ----- start -----

export interface StartResult {
  id: string;
  runId: string;
  status: 'running';
}

/**
 * Everything an onboarding's start carries besides its ID policy: the input (with this process's retry
 * settings and escalation policy, and the plan with its times resolved, so each run's policy is in its
 * history), the memo the list shows and the name hashes search uses. One place for the form's start and a
 * bulk start (server/temporal/batches.ts). An unknown plan or a missing owner address is a 400.
 */
export function prepareStart(request: StartRequest, actor?: string): Omit<PreparedStart, 'startsAt'> & { startsAt: Date; firstStep: string } {
  const config = getConfig();
  const { plan: planId = DEFAULT_PLAN_ID, restart: _restart, ...hire } = request;
  const plan = findPlan(planId);
  if (!plan) {
    throw new ApiError('invalid_input', 'Some fields are not valid.', {
      fields: { plan: [`No plan ${planId}; pick one of ${getPlans().map((p) => p.id).join(', ')}`] },
    });
  }
  const missing = missingOwnerAddresses(plan, hire);
  if (Object.keys(missing).length > 0) throw new ApiError('invalid_input', 'Some fields are not valid.', { fields: missing });

  const workflowId = workflowIdFor(hire.employeeId);
  const memo: OnboardingMemo = {
    employeeId: hire.employeeId,
    fullName: hire.fullName,
    role: hire.role,
    department: hire.department,
    startDate: hire.startDate,
    ...(plan.steps.length !== STEP_KEYS.length ? { totalSteps: plan.steps.length } : {}),
  };
  const now = new Date();
  const input = onboardingInputSchema.parse({
    hire,
    retry: { initialInterval: config.ONBOARDING_RETRY_INITIAL_INTERVAL, maximumInterval: config.ONBOARDING_RETRY_MAXIMUM_INTERVAL },
    requestedBy: actor,
    plan: planForInput(plan, hire, { now, timeZone: config.COMPANY_TIME_ZONE }, config),
    escalation: escalationSettings(config, workflowId),
    assistant: { autoFix: config.AUTO_FIX },
  } satisfies OnboardingInput);
  return {
    workflowId,
    input,
    memo,
    nameTokens: nameTokens(hire.fullName),
    startsAt: startInstant(hire.startDate, config.COMPANY_TIME_ZONE),
    firstStep: plan.steps.find((step) => step.kind === 'service')?.key ?? 'welcome-email',
  };
}

export async function startOnboarding(request: StartRequest, actor?: string): Promise<StartResult> {
  const config = getConfig();
  const client = getTemporalClient();
  const { workflowId, input, memo, nameTokens: tokens, startsAt, firstStep } = prepareStart(request, actor);
  const restart = request.restart === true;
  const handle = await withDeadline(CALL_DEADLINE_MS, () =>
    client.workflow.start<typeof onboardingWorkflow>(WORKFLOW_TYPE, {
      workflowId,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [input],
      // One onboarding per employee: a finished one answers already_exists rather than silently starting a
      // second run that would re-send the welcome email and re-announce the hire. Starting again is a
      // deliberate act (`restart: true`), and only after a cancelled, failed or terminated run.
      workflowIdReusePolicy: restart ? WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY : WorkflowIdReusePolicy.REJECT_DUPLICATE,
      memo: { ...memo },
      typedSearchAttributes: [
        { key: SA_STATUS, value: 'running' },
        { key: SA_STEP, value: firstStep },
        { key: SA_NAME_TOKENS, value: tokens },
        { key: SA_START_DATE, value: startsAt },
      ],
    }),
  );
  return { id: workflowId, runId: handle.firstExecutionRunId, status: 'running' };
}

// ----- list -----

export interface ListOptions {
  status?: OnboardingStatus | undefined;
  view?: 'at_risk' | undefined;
  q?: string | undefined;
  pageSize: number;
  cursor?: string | undefined;
}

// gRPC status numbers (fixed by the protocol).
const INVALID_ARGUMENT = 3;
const DEADLINE_EXCEEDED = 4;

export async function listOnboardings({ status, view, q, pageSize, cursor }: ListOptions): Promise<ListResponse> {
  const now = new Date();
  const risk = view === 'at_risk' ? atRiskClause(now) : undefined;
  const secret = searchSecret();
  let search: string | undefined;
  if (q !== undefined && q.trim() !== '') {
    search = searchClause(q, (word) => hashNameWord(word, secret), normaliseNameWords(q));
    // Nothing in `q` can match an ID or a name word: no result, and no need to ask Temporal.
    if (search === undefined) return { items: [], nextCursor: null };
  }
  // The cursor is bound to the filters, not to the order clause, which is settled on the first call.
  const filterQuery = buildListQuery({ status, search, risk }, false);
  let nextPageToken: Uint8Array | undefined;
  if (cursor !== undefined) {
    nextPageToken = decodeCursor(cursor, filterQuery, secret);
    if (!nextPageToken) throw invalidCursor();
  }

  const client = getTemporalClient();
  const namespace = getConfig().TEMPORAL_NAMESPACE;
  const listPage = (orderBy: boolean) =>
    withDeadline(CALL_DEADLINE_MS, () =>
      client.workflowService.listWorkflowExecutions({
        namespace,
        query: buildListQuery({ status, search, risk }, orderBy),
        pageSize,
        nextPageToken,
      }),
    );

  let response;
  // Concurrent first requests may all try ORDER BY; each one that is refused falls back on its own.
  const triedOrderBy = cache.onboardingOrderBySupported ?? true;
  try {
    response = await listPage(triedOrderBy);
    cache.onboardingOrderBySupported ??= true;
  } catch (error) {
    const orderByRejected =
      triedOrderBy &&
      isGrpcServiceError(error) &&
      Number(error.code) === INVALID_ARGUMENT &&
      /order by/i.test(error.message);
    if (!orderByRejected) throw error;
    cache.onboardingOrderBySupported = false;
    response = await listPage(false);
  }

  const items = await Promise.all(
    response.executions.map(async (raw) => {
      // The SDK's own decoding (payload codecs included), as `client.workflow.list()` uses it.
      const info = await executionInfoFromRaw(raw, client.options.loadedDataConverter, raw, namespace);
      return toSummary({
        workflowId: info.workflowId,
        executionStatus: info.status.name,
        startTime: info.startTime,
        closeTime: info.closeTime,
        memo: info.memo,
        statusAttribute: info.typedSearchAttributes.get(SA_STATUS),
        stepAttribute: info.typedSearchAttributes.get(SA_STEP),
        attentionSince: info.typedSearchAttributes.get(SA_ATTENTION_SINCE),
        startsAt: info.typedSearchAttributes.get(SA_START_DATE),
        now,
      });
    }),
  );
  // Visibility cannot sort by urgency: the at-risk page is sorted here, most urgent first.
  if (view === 'at_risk') items.sort(byUrgency);
  const token = response.nextPageToken;
  return { items, nextCursor: token && token.length > 0 ? encodeCursor(token, filterQuery, secret) : null };
}

function invalidCursor(): ApiError {
  return new ApiError('invalid_input', 'The cursor is not valid for this list; start from the first page.', {
    fields: { cursor: ['Not a cursor from this list'] },
  });
}

// ----- detail -----

export async function getOnboarding(id: string): Promise<Detail> {
  const config = getConfig();
  const client = getTemporalClient();
  const handle = client.workflow.getHandle(id);
  const description = await withDeadline(CALL_DEADLINE_MS, () => handle.describe());
  const live = isLiveExecution(description.status.name);
  // A completed run's final state is its result: read it from the close event instead of asking a worker
  // to replay the whole run for a query. (Only once it is known to be closed: for a running workflow the
  // server holds a close-event request open until the run ends or the deadline passes.)
  let state: OnboardingState | undefined =
    description.status.name === 'COMPLETED'
      ? await completedState(id, description.runId).catch((error: unknown) => {
          getLogger('web').warn({ ...errorFields(error), onboardingId: id }, 'could not read the result of an onboarding; asking the workflow instead');
          return undefined;
        })
      : undefined;
  if (!state) {
    try {
      state = await withDeadline(QUERY_DEADLINE_MS, () => handle.query(progressQuery));
    } catch (error) {
      // A closed run with no worker around is normal; anything else unexpected is worth a log line.
      if (live && !isQueryUnanswered(error)) getLogger('web').warn({ ...errorFields(error), onboardingId: id }, 'progress query failed');
    }
  }
  const pendingActivities = await Promise.all(
    (description.raw.pendingActivities ?? []).map(async (activity): Promise<PendingActivityLike> => ({
      ...activity,
      lastFailure: activity.lastFailure ? await withReadableMessage(activity.lastFailure) : null,
    })),
  );
  return toDetail({
    id,
    runId: description.runId,
    earlierRuns: await earlierRuns(id, description.runId),
    executionStatus: description.status.name,
    startTime: description.startTime,
    closeTime: description.closeTime,
    temporalUiUrl: `${config.temporalUiUrl}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(id)}/${encodeURIComponent(description.runId)}/history`,
    waitingForWorker: isWaitingForWorker({
      live,
      queryAnswered: state !== undefined,
      pendingActivities,
      pendingWorkflowTask: description.raw.pendingWorkflowTask,
      now: new Date(),
    }),
    pendingActivities,
    state,
    fallback: state
      ? { hire: state.input }
      : {
          hire: await hireFromStartInput(description),
          statusAttribute: description.typedSearchAttributes.get(SA_STATUS),
          stepAttribute: description.typedSearchAttributes.get(SA_STEP),
        },
  });
}

/**
 * Earlier runs per `<id>:<current run>`, kept for a while: they are closed runs (starting again is only
 * allowed after one ends), so they change only when a new run starts, while an open detail page asks every
 * second. Without this each poll was a visibility call, and a Temporal server's default allowance is 10 such
 * calls a second per namespace: a few open pages used it up and every list and detail waited ~1.6 s.
 */
const EARLIER_RUNS_TTL_MS = 30_000;
const EARLIER_RUNS_MAX_ENTRIES = 1_000;
const earlierRunsCache = new Map<string, { at: number; runs: Detail['earlierRuns'] }>();

/** The other runs under this ID (an onboarding started again), newest first; none if visibility does not answer. */
async function earlierRuns(id: string, currentRunId: string): Promise<Detail['earlierRuns']> {
  const key = `${id}:${currentRunId}`;
  const cached = earlierRunsCache.get(key);
  if (cached && Date.now() - cached.at < EARLIER_RUNS_TTL_MS) return cached.runs;
  const runs = await listEarlierRuns(id, currentRunId);
  // An earlier run not yet seen closed (visibility catching up) is asked again next time.
  if (runs?.every((run) => run.closedAt !== null)) {
    earlierRunsCache.delete(key);
    earlierRunsCache.set(key, { at: Date.now(), runs });
    // Oldest entry out first (a Map keeps insertion order).
    if (earlierRunsCache.size > EARLIER_RUNS_MAX_ENTRIES) earlierRunsCache.delete(earlierRunsCache.keys().next().value!);
  }
  return runs ?? [];
}

async function listEarlierRuns(id: string, currentRunId: string): Promise<Detail['earlierRuns'] | undefined> {
  try {
    const response = await withDeadline(CALL_DEADLINE_MS, () =>
      getTemporalClient().workflowService.listWorkflowExecutions({
        namespace: getConfig().TEMPORAL_NAMESPACE,
        query: `WorkflowId = ${quote(id)}`,
        pageSize: 20,
      }),
    );
    return response.executions
      .filter((raw) => raw.execution?.runId && raw.execution.runId !== currentRunId)
      .map((raw) => {
        // The proto's names (CANCELED) as the SDK spells them (CANCELLED), which onboardingStatusFor reads.
        const statusName = (temporal.api.enums.v1.WorkflowExecutionStatus[raw.status ?? 0] ?? '')
          .replace('WORKFLOW_EXECUTION_STATUS_', '')
          .replace(/^CANCELED$/, 'CANCELLED');
        return {
          runId: raw.execution?.runId ?? '',
          status: onboardingStatusFor(statusName, undefined),
          startedAt: timestampToIso(raw.startTime) ?? '',
          closedAt: timestampToIso(raw.closeTime),
        };
      })
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  } catch (error) {
    getLogger('web').warn({ ...errorFields(error), onboardingId: id }, 'could not list the earlier runs of an onboarding');
    return undefined;
  }
}

type ProtoFailure = NonNullable<NonNullable<WorkflowExecutionDescription['raw']['pendingActivities']>[number]['lastFailure']>;

/**
 * Failure messages travel encoded (they can quote personal data), leaving "Encoded failure" in
 * `message`; the real one is in `encodedAttributes`, which the codec decrypts.
 */
async function withReadableMessage(failure: ProtoFailure): Promise<ProtoFailure> {
  if (!failure.encodedAttributes) return failure;
  try {
    const attributes = (await decodeFirst([failure.encodedAttributes])) as { message?: unknown } | undefined;
    const message = attributes?.message;
    return typeof message === 'string' ? { ...failure, message } : failure;
  } catch (error) {
    getLogger('web').warn(errorFields(error), 'could not decode a pending activity failure');
    return failure;
  }
}

/** No worker polling: the server holds the query until our deadline (the SDK wraps the gRPC error). */
function isQueryUnanswered(error: unknown): boolean {
  return isDeadline(error) || (error instanceof Error && isDeadline(error.cause));
}

/** Without a worker there is no query answer; the hire is still in the run's first history event. */
async function hireFromStartInput(description: WorkflowExecutionDescription): Promise<NewHire> {
  return (await startInputOf(description)).hire;
}

/** The run's input, from its first history event. */
async function startInputOf(description: WorkflowExecutionDescription): Promise<OnboardingInput> {
  const client = getTemporalClient();
  const history = await withDeadline(CALL_DEADLINE_MS, () =>
    client.workflowService.getWorkflowExecutionHistory({
      namespace: getConfig().TEMPORAL_NAMESPACE,
      execution: { workflowId: description.workflowId, runId: description.runId },
      maximumPageSize: 1,
    }),
  );
  const input = onboardingInputSchema.safeParse(
    await decodeFirst(history.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads),
  );
  // A workflow with this ID that was not started by us (for example by hand with the CLI) is no onboarding.
  if (!input.success) throw new ApiError('not_found', 'No onboarding with this ID.');
  return input.data;
}

/** The state a completed run returned, from its close event (call it only for a closed run: see above). */
async function completedState(workflowId: string, runId: string): Promise<OnboardingState | undefined> {
  const result = await completedResult(workflowId, runId);
  if (result === undefined) return undefined;
  const state = onboardingStateSchema.safeParse(result);
  return state.success ? state.data : undefined;
}

/**
 * What a completed run returned, decoded, from its close event: no worker has to replay the run for a
 * query. Call it only for a closed run (for a running one the server holds the request open).
 */
export async function completedResult(workflowId: string, runId: string): Promise<unknown> {
  const client = getTemporalClient();
  const history = await withDeadline(CALL_DEADLINE_MS, () =>
    client.workflowService.getWorkflowExecutionHistory({
      namespace: getConfig().TEMPORAL_NAMESPACE,
      execution: { workflowId, runId },
      historyEventFilterType: temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
      waitNewEvent: false,
    }),
  );
  const result = history.history?.events?.[0]?.workflowExecutionCompletedEventAttributes?.result?.payloads;
  return result ? decodeFirst(result) : undefined;
}

/** The first payload of a list, through the codec (decryption) and the payload converter. */
export async function decodeFirst(payloads: temporal.api.common.v1.IPayload[] | null | undefined): Promise<unknown> {
  const converter = getTemporalClient().options.loadedDataConverter;
  let decoded = payloads?.[0] ? [payloads[0]] : [];
  for (const codec of [...converter.payloadCodecs].reverse()) decoded = await codec.decode(decoded);
  const [first] = decoded;
  return first ? converter.payloadConverter.fromPayload(first) : undefined;
}

/** The state of one run (a link names its run): through the `progress` query. */
export async function queryRun(workflowId: string, runId: string): Promise<OnboardingState> {
  const handle = getTemporalClient().workflow.getHandle(workflowId, runId);
  try {
    return await withDeadline(QUERY_DEADLINE_MS, () => handle.query(progressQuery));
  } catch (error) {
    if (isQueryUnanswered(error)) {
      throw new ApiError('temporal_unavailable', NO_WORKER_MESSAGE, { headers: { 'Retry-After': '5' } });
    }
    throw error;
  }
}

// ----- decisions -----

const UPDATE_DEADLINE_MS = 10_000;
const NO_WORKER_MESSAGE = 'No worker is processing onboardings right now, so nothing was changed. Try again in a moment.';

const REJECTION_TYPES: readonly string[] = Object.values(UPDATE_REJECTION_TYPES);

function isRejection(type: string | undefined | null): type is UpdateRejectionType {
  return typeof type === 'string' && REJECTION_TYPES.includes(type);
}

/**
 * The workflow's update validators refuse with an `ApplicationFailure` whose `type` is our error code
 * (UPDATE_REJECTION_TYPES) and whose message is for a person: both go out as they are.
 */
function rejectionError(error: WorkflowUpdateFailedError, code: UpdateRejectionType): ApiError {
  const cause = error.cause;
  if (cause instanceof ApplicationFailure && isRejection(cause.type)) return new ApiError(cause.type, cause.message);
  return new ApiError(code, cause?.message ?? error.message);
}

async function executeDecision(
  id: string,
  kind: 'retry' | 'skip',
  run: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<unknown>,
): Promise<{ accepted: true }> {
  const code = kind === 'retry' ? UPDATE_REJECTION_TYPES.notRetryable : UPDATE_REJECTION_TYPES.notSkippable;
  const handle = getTemporalClient().workflow.getHandle(id);
  try {
    await withDeadline(UPDATE_DEADLINE_MS, () => run(handle));
    return { accepted: true };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) throw rejectionError(error, code);
    if (error instanceof WorkflowNotFoundError && (await isClosed(id))) {
      throw new ApiError(code, `This onboarding is finished; there is nothing to ${kind}.`);
    }
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isDeadline(error)) {
      throw new ApiError('temporal_unavailable', NO_WORKER_MESSAGE, { headers: { 'Retry-After': '5' } });
    }
    throw error;
  }
}

function isDeadline(error: unknown): boolean {
  return isGrpcServiceError(error) && Number(error.code) === DEADLINE_EXCEEDED;
}

/** True when the onboarding exists and is closed; rethrows not-found for one that does not exist. */
async function isClosed(id: string): Promise<boolean> {
  const description = await withDeadline(CALL_DEADLINE_MS, () => getTemporalClient().workflow.getHandle(id).describe());
  return !isLiveExecution(description.status.name);
}

export function retryStep(id: string, request: RetryRequest, actor?: string): Promise<{ accepted: true }> {
  return executeDecision(id, 'retry', (handle) => handle.executeUpdate(retryUpdate, { args: [{ ...request, actor }] }));
}

export function skipStep(id: string, request: SkipRequest, actor?: string): Promise<{ accepted: true }> {
  return executeDecision(id, 'skip', (handle) => handle.executeUpdate(skipUpdate, { args: [{ ...request, actor }] }));
}

/** The plan's updates: their rejection types are the API's error codes (409). */
async function executePlanUpdate(id: string, run: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<unknown>): Promise<{ accepted: true }> {
  const handle = getTemporalClient().workflow.getHandle(id);
  try {
    await withDeadline(UPDATE_DEADLINE_MS, () => run(handle));
    return { accepted: true };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const type = (error.cause as { type?: string } | undefined)?.type;
      const code = PLAN_REJECTIONS.find((known) => known === type);
      if (code) throw new ApiError(code, error.cause?.message ?? error.message);
      throw error;
    }
    if (error instanceof WorkflowNotFoundError && (await isClosed(id))) {
      throw new ApiError('already_closed', 'This onboarding is already finished.');
    }
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isDeadline(error)) {
      throw new ApiError('temporal_unavailable', NO_WORKER_MESSAGE, { headers: { 'Retry-After': '5' } });
    }
    throw error;
  }
}

const PLAN_REJECTIONS = [
  UPDATE_REJECTION_TYPES.notScheduled,
  UPDATE_REJECTION_TYPES.notOpen,
  UPDATE_REJECTION_TYPES.alreadyClosed,
  UPDATE_REJECTION_TYPES.linkUsed,
] as const;

export function runStepNow(id: string, step: string, actor?: string): Promise<{ accepted: true }> {
  return executePlanUpdate(id, (handle) => handle.executeUpdate(runNowUpdate, { args: [{ step, actor }] }));
}

/** A decision on a learning-path draft: by HR from the dashboard, or by the approver's link (nonce, run). */
export function decideApproval(
  id: string,
  step: string,
  { decision, feedback }: { decision: 'approve' | 'request_changes'; feedback?: string | undefined },
  link: { nonce?: string; runId?: string },
  actor?: string,
) {
  return executePlanUpdate(id, (handle) => {
    const target = link.runId ? getTemporalClient().workflow.getHandle(id, link.runId) : handle;
    return target.executeUpdate(decideApprovalUpdate, {
      args: [{ step, decision, ...(feedback ? { feedback } : {}), ...(link.nonce ? { nonce: link.nonce } : {}), actor }],
    });
  });
}

export function completeTask(id: string, step: string, args: { note?: string | undefined; nonce?: string; runId?: string }, actor?: string) {
  return executePlanUpdate(id, (handle) => {
    const target = args.runId ? getTemporalClient().workflow.getHandle(id, args.runId) : handle;
    return target.executeUpdate(completeTaskUpdate, {
      args: [{ step, ...(args.note ? { note: args.note } : {}), ...(args.nonce ? { nonce: args.nonce } : {}), actor }],
    });
  });
}

/** Moves every step not yet done to the new start date; the instants are resolved here, in COMPANY_TIME_ZONE. */
export async function rescheduleOnboarding(id: string, startDate: string, actor?: string): Promise<{ accepted: true }> {
  const config = getConfig();
  const description = await withDeadline(CALL_DEADLINE_MS, () => getTemporalClient().workflow.getHandle(id).describe());
  if (!isLiveExecution(description.status.name)) throw new ApiError('already_closed', 'This onboarding is already finished.');
  const input = await startInputOf(description);
  const times = rescheduledTimes(input.plan?.steps ?? [], startDate, { now: description.startTime, timeZone: config.COMPANY_TIME_ZONE });
  const startsAt = startInstant(startDate, config.COMPANY_TIME_ZONE).toISOString();
  return executePlanUpdate(id, (handle) => handle.executeUpdate(rescheduleUpdate, { args: [{ startDate, startsAt, times, actor }] }));
}

export async function cancelOnboarding(id: string, actor?: string): Promise<{ status: 'cancelling' }> {
  if (await isClosed(id)) throw new ApiError('already_closed', 'This onboarding is already finished.');
  const handle = getTemporalClient().workflow.getHandle(id);
  try {
    // The signal first, so the events record who cancelled before the cancellation arrives.
    await withDeadline(CALL_DEADLINE_MS, () => handle.signal(cancelRequestedSignal, { actor }));
    await withDeadline(CALL_DEADLINE_MS, () => handle.cancel());
  } catch (error) {
    // It closed between our check and the request.
    if (error instanceof WorkflowNotFoundError) throw new ApiError('already_closed', 'This onboarding is already finished.');
    throw error;
  }
  return { status: 'cancelling' };
}

// ----- health -----

const HEALTH_DEADLINE_MS = 2_000;

export async function checkTemporal(): Promise<'ok' | 'unavailable'> {
  try {
    const client = getTemporalClient();
    await withDeadline(HEALTH_DEADLINE_MS, () =>
      client.workflowService.getSystemInfo({}),
    );
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

/**
 * A poll is a long poll (up to a minute on the server): a worker that polled within this window is
 * there; pollers of a stopped worker stay in the list for minutes and must not count.
 */
export const POLLER_FRESH_MS = 90_000;

export interface Readiness {
  temporal: 'ok' | 'unavailable';
  worker: 'polling' | 'none' | 'unknown';
}

/** Temporal answers, and a worker polls the task queue (DescribeTaskQueue's pollers). */
export async function checkReadiness(now: number = Date.now()): Promise<Readiness> {
  const config = getConfig();
  const client = getTemporalClient();
  try {
    const described = await withDeadline(HEALTH_DEADLINE_MS, () =>
      client.workflowService.describeTaskQueue({
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: { name: config.TEMPORAL_TASK_QUEUE, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      }),
    );
    const polling = (described.pollers ?? []).some(
      (poller) => now - Number(poller.lastAccessTime?.seconds ?? 0) * 1000 <= POLLER_FRESH_MS,
    );
    return { temporal: 'ok', worker: polling ? 'polling' : 'none' };
  } catch {
    return { temporal: 'unavailable', worker: 'unknown' };
  }
}

export { TEMPORAL_UNAVAILABLE_MESSAGE };
