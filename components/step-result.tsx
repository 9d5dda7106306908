import type {
  CrmUpdateResult,
  LearningPathResult,
  SlackResult,
  StepKey,
  StepResult as StepResultValue,
  WelcomeEmailResult,
} from '@/temporal/shared/schemas';

// The API validated each result against its step's schema already; these only tell the shapes apart.
// (Parsing again with zod here put the whole zod library into the page's first-load JavaScript.)
const isWelcomeEmail = (result: StepResultValue): result is WelcomeEmailResult => 'messageId' in result;
const isLearningPath = (result: StepResultValue): result is LearningPathResult => 'modules' in result;
const isCrmUpdate = (result: StepResultValue): result is CrmUpdateResult => 'employeeId' in result && 'status' in result;
const isSlackPost = (result: StepResultValue): result is SlackResult => 'channel' in result && 'ts' in result;

/** What a finished step produced, in words an HR person reads: the email, the learning path, the CRM status, the Slack post. */
export function StepResult({ stepKey, result }: { stepKey: StepKey; result: StepResultValue }) {
  switch (stepKey) {
    case 'welcome-email': {
      if (!isWelcomeEmail(result)) return null;
      const email = result;
      return (
        <p>
          Sent “<span className="font-medium">{email.subject}</span>” to <span className="font-medium">{email.to}</span>
        </p>
      );
    }
    case 'learning-path': {
      if (!isLearningPath(result)) return null;
      const path = result;
      const totalHours = path.modules.reduce((sum, module) => sum + module.durationHours, 0);
      return (
        <div>
          <p>
            Learning path for <span className="font-medium">{path.role}</span>: {path.modules.length} modules,{' '}
            {formatHours(totalHours)} in total
          </p>
          <AiFigures path={path} />
          <ol className="mt-2 space-y-1.5">
            {path.modules.map((module, index) => (
              <li key={`${index}-${module.title}`} className="flex gap-3">
                <span aria-hidden="true" className="w-5 shrink-0 text-right tabular-nums text-zinc-500 dark:text-zinc-400">
                  {index + 1}.
                </span>
                <div>
                  <span className="font-medium">{module.title}</span>{' '}
                  <span className="text-zinc-600 dark:text-zinc-400">· {formatHours(module.durationHours)}</span>
                  <div className="text-xs text-zinc-600 dark:text-zinc-400">{module.why}</div>
                </div>
              </li>
            ))}
          </ol>
        </div>
      );
    }
    case 'crm-update': {
      if (!isCrmUpdate(result)) return null;
      const crm = result;
      return (
        <p>
          CRM status of {crm.employeeId} set to <span className="font-medium">{crm.status}</span>
        </p>
      );
    }
    case 'slack-notification': {
      if (!isSlackPost(result)) return null;
      const slack = result;
      return (
        <p>
          Posted in <span className="font-medium">{slack.channel}</span>: “{slack.text}”
        </p>
      );
    }
  }
}

/** Which model answered, what it cost and how long it took: "Model x · 120 + 340 tokens · 1.2 s · 1 ask". */
function AiFigures({ path }: { path: LearningPathResult }) {
  const figures = [`Model ${path.model}`];
  if (path.tokens) figures.push(`${path.tokens.prompt} + ${path.tokens.completion} tokens`);
  if (path.latencyMs !== undefined) figures.push(path.latencyMs < 1000 ? `${Math.round(path.latencyMs)} ms` : `${(path.latencyMs / 1000).toFixed(1)} s`);
  if (path.asks !== undefined) figures.push(`${path.asks} ${path.asks === 1 ? 'ask' : 'asks'}`);
  return (
    <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
      {figures.join(' · ')}
      {path.note ? <span className="ml-2 font-medium text-amber-800 dark:text-amber-300">{path.note}</span> : null}
    </p>
  );
}

function formatHours(hours: number): string {
  const rounded = Math.round(hours * 10) / 10;
  return `${rounded} ${rounded === 1 ? 'hour' : 'hours'}`;
}
