import {
  crmUpdateResultSchema,
  learningPathResultSchema,
  slackResultSchema,
  welcomeEmailResultSchema,
  type StepKey,
  type StepResult as StepResultValue,
} from '@/temporal/shared/schemas';

/** What a finished step produced, in words an HR person reads: the email, the learning path, the CRM status, the Slack post. */
export function StepResult({ stepKey, result }: { stepKey: StepKey; result: StepResultValue }) {
  switch (stepKey) {
    case 'welcome-email': {
      const email = welcomeEmailResultSchema.safeParse(result);
      if (!email.success) return null;
      return (
        <p>
          Sent “<span className="font-medium">{email.data.subject}</span>” to <span className="font-medium">{email.data.to}</span>
        </p>
      );
    }
    case 'learning-path': {
      const path = learningPathResultSchema.safeParse(result);
      if (!path.success) return null;
      const totalHours = path.data.modules.reduce((sum, module) => sum + module.durationHours, 0);
      return (
        <div>
          <p>
            Learning path for <span className="font-medium">{path.data.role}</span>: {path.data.modules.length} modules,{' '}
            {formatHours(totalHours)} in total
          </p>
          <ol className="mt-2 space-y-1.5">
            {path.data.modules.map((module, index) => (
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
      const crm = crmUpdateResultSchema.safeParse(result);
      if (!crm.success) return null;
      return (
        <p>
          CRM status of {crm.data.employeeId} set to <span className="font-medium">{crm.data.status}</span>
        </p>
      );
    }
    case 'slack-notification': {
      const slack = slackResultSchema.safeParse(result);
      if (!slack.success) return null;
      return (
        <p>
          Posted in <span className="font-medium">{slack.data.channel}</span>: “{slack.data.text}”
        </p>
      );
    }
  }
}

function formatHours(hours: number): string {
  const rounded = Math.round(hours * 10) / 10;
  return `${rounded} ${rounded === 1 ? 'hour' : 'hours'}`;
}
