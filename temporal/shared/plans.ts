/**
 * Onboarding plans: which steps an onboarding has, when each happens relative to the start date, and who
 * owns the work people do. A plan is a JSON file in PLANS_DIR, checked when the web app starts; it is
 * copied into the workflow input when an onboarding starts, so editing a file never changes a running one.
 */
import { z } from 'zod';
import { STEP_KEYS, type StepKey } from './constants';
import { PLAN_OWNERS } from './plan-rules';
import { parseTimeExpression, TIME_EXPRESSION_HINT } from './plan-time';

export * from './plan-rules';
export * from './plan-time';

const timeSchema = z
  .string()
  .refine((text) => parseTimeExpression(text) !== undefined, { error: TIME_EXPRESSION_HINT });

export const planStepSchema = z
  .strictObject({
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'Use 1–64 lowercase letters, digits or hyphens, like laptop-and-accounts' }),
    kind: z.enum(['service', 'task']),
    label: z.string().trim().min(1).max(80).optional(),
    service: z.enum(STEP_KEYS).optional(),
    at: timeSchema.optional(),
    due: timeSchema.optional(),
    owner: z.enum(PLAN_OWNERS).optional(),
    approval: z.enum(['manager', 'hr']).optional(),
    blocking: z.boolean().optional(),
    description: z.string().trim().max(500).optional(),
  })
  .superRefine((step, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (step.kind === 'service') {
      if (!step.service) problem('service', 'A service step names its service: welcome-email, learning-path, crm-update or slack-notification');
      if (step.owner) problem('owner', 'Only a task has an owner');
      if (step.due) problem('due', 'Only a task has a due time');
      if (step.blocking !== undefined) problem('blocking', 'Service steps always run in order; blocking is for tasks');
      if (step.approval && step.service !== 'learning-path') problem('approval', 'Only the learning-path step can wait for an approval');
    } else {
      if (step.service) problem('service', 'A task is work for a person; it names no service');
      if (!step.owner) problem('owner', `A task needs an owner: ${PLAN_OWNERS.join(', ')}`);
      if (step.approval) problem('approval', 'Only the learning-path step can wait for an approval');
    }
  });
export type PlanStep = z.infer<typeof planStepSchema>;

export const planSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'Use 1–64 lowercase letters, digits or hyphens' }),
    name: z.string().trim().min(1).max(80),
    description: z.string().trim().max(500).optional(),
    match: z
      .strictObject({
        departments: z.array(z.string().trim().min(1).max(80)).max(50).optional(),
        roles: z.array(z.string().trim().min(1).max(80)).max(50).optional(),
      })
      .optional(),
    steps: z.array(planStepSchema).min(1).max(40),
  })
  .superRefine((plan, ctx) => {
    const seenKeys = new Set<string>();
    const seenServices = new Set<StepKey>();
    plan.steps.forEach((step, index) => {
      if (seenKeys.has(step.key)) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'key'], message: `The key ${step.key} is used twice` });
      }
      seenKeys.add(step.key);
      if (step.service) {
        if (seenServices.has(step.service)) {
          ctx.addIssue({ code: 'custom', path: ['steps', index, 'service'], message: `The ${step.service} service runs once per plan` });
        }
        seenServices.add(step.service);
        // The dashboard's API names service steps by their service key (retry, skip, diagnosis).
        if (step.key !== step.service) {
          ctx.addIssue({ code: 'custom', path: ['steps', index, 'key'], message: `A service step's key is its service: ${step.service}` });
        }
      }
    });
  });
export type Plan = z.infer<typeof planSchema>;

