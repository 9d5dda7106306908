import { z } from 'zod';
import { KNOWN_ROLES, learningModuleSchema, type LearningModule } from '@/temporal/shared/schemas';

type KnownRole = (typeof KNOWN_ROLES)[number];

const COMPANY_BASICS: LearningModule = {
  title: 'Company, product and customers',
  durationHours: 4,
  why: 'Everyone needs to know what we sell, to whom, and how we talk about it.',
};

const CATALOG: Record<KnownRole, LearningModule[]> = {
  'Software Engineer': [
    COMPANY_BASICS,
    { title: 'Development environment and repository tour', durationHours: 6, why: 'A working setup and a map of the code make the first change possible.' },
    { title: 'Code review and testing practices', durationHours: 4, why: 'Shared habits keep changes safe and reviews quick.' },
    { title: 'Deploying and observing services', durationHours: 6, why: 'Shipping includes knowing how a change behaves in production.' },
    { title: 'First small change, end to end', durationHours: 12, why: 'Doing it once with a buddy turns the rest into practice.' },
  ],
  'Frontend Engineer': [
    COMPANY_BASICS,
    { title: 'Design system and component library', durationHours: 6, why: 'Reusing components keeps the product consistent and accessible.' },
    { title: 'Accessibility fundamentals', durationHours: 4, why: 'Every screen must work with a keyboard and a screen reader.' },
    { title: 'Frontend build, testing and release', durationHours: 6, why: 'Knowing the pipeline makes shipping UI changes routine.' },
    { title: 'First UI change with a buddy', durationHours: 10, why: 'A small real change is the fastest way in.' },
  ],
  'Backend Engineer': [
    COMPANY_BASICS,
    { title: 'Service architecture and data model', durationHours: 6, why: 'Changes land safely when you know what talks to what.' },
    { title: 'Durable workflows with Temporal', durationHours: 6, why: 'Long-running processes here are Temporal workflows.' },
    { title: 'On-call, alerts and runbooks', durationHours: 4, why: 'Owning services includes answering when they page.' },
    { title: 'First backend change, end to end', durationHours: 12, why: 'Doing it once with a buddy turns the rest into practice.' },
  ],
  'Data Scientist': [
    COMPANY_BASICS,
    { title: 'Data warehouse and key tables', durationHours: 6, why: 'Trustworthy analysis starts from the right sources.' },
    { title: 'Metrics definitions and experimentation', durationHours: 6, why: 'Shared definitions keep numbers comparable across teams.' },
    { title: 'Privacy and data handling', durationHours: 3, why: 'Customer data has rules that every analysis must follow.' },
  ],
  'Product Manager': [
    COMPANY_BASICS,
    { title: 'Customer research library', durationHours: 5, why: 'Decisions should rest on what customers actually said.' },
    { title: 'Roadmap and planning rituals', durationHours: 4, why: 'Knowing how work is chosen lets you shape it.' },
    { title: 'Working with engineering and design', durationHours: 4, why: 'Good products come from a team that trusts its process.' },
  ],
  'Product Designer': [
    COMPANY_BASICS,
    { title: 'Design system and tooling', durationHours: 6, why: 'Designs that use the system ship faster and stay consistent.' },
    { title: 'Accessibility in design', durationHours: 4, why: 'Accessible design is cheaper than accessible fixes.' },
    { title: 'Research and usability testing', durationHours: 5, why: 'Testing with users early avoids building the wrong thing.' },
  ],
  'Sales Representative': [
    COMPANY_BASICS,
    { title: 'Product demo certification', durationHours: 8, why: 'A confident demo is the core of every sales conversation.' },
    { title: 'CRM and pipeline hygiene', durationHours: 3, why: 'Forecasts are only as good as the data in the CRM.' },
    { title: 'Pricing, discounts and contracts', durationHours: 4, why: 'Knowing the rules avoids deals that cannot be signed.' },
  ],
  'Customer Success Manager': [
    COMPANY_BASICS,
    { title: 'Onboarding playbook for customers', durationHours: 5, why: 'A good start is the best predictor of renewal.' },
    { title: 'Support tooling and escalation paths', durationHours: 4, why: 'Customers need fast answers and clear owners.' },
    { title: 'Health scores and renewals', durationHours: 4, why: 'Spotting risk early leaves time to act.' },
  ],
  'HR Generalist': [
    COMPANY_BASICS,
    { title: 'HR systems and employee records', durationHours: 5, why: 'Accurate records underpin payroll, benefits and compliance.' },
    { title: 'Employment law essentials', durationHours: 6, why: 'Many everyday decisions have legal consequences.' },
    { title: 'Onboarding and offboarding processes', durationHours: 3, why: 'These are the moments employees remember.' },
  ],
  Accountant: [
    COMPANY_BASICS,
    { title: 'Chart of accounts and close calendar', durationHours: 5, why: 'The monthly close runs on a shared structure and schedule.' },
    { title: 'Expense and procurement policies', durationHours: 3, why: 'Policies decide what can be paid and how it is booked.' },
    { title: 'Financial systems walkthrough', durationHours: 6, why: 'Knowing the tools makes reconciliation quick and reliable.' },
  ],
};

const GENERIC_PATH: LearningModule[] = [
  COMPANY_BASICS,
  { title: 'Tools and accounts', durationHours: 3, why: 'Access to the everyday tools is needed before any real work.' },
  { title: 'Your team and its goals', durationHours: 4, why: 'Knowing what the team is trying to achieve gives context to every task.' },
  { title: 'Security and privacy basics', durationHours: 2, why: 'Everyone handles data; everyone must protect it.' },
];

/**
 * The learning path for a role: the catalog's when it knows the role (any case, department ignored),
 * a general first-weeks path otherwise.
 */
export function learningPathFor(role: string): { role: string; known: boolean; modules: LearningModule[] } {
  const wanted = role.trim().toLowerCase();
  const known = KNOWN_ROLES.find((candidate) => candidate.toLowerCase() === wanted);
  return known ? { role: known, known: true, modules: CATALOG[known] } : { role: role.trim(), known: false, modules: GENERIC_PATH };
}

/**
 * The role named in a chat request. Convention shared with temporal/integrations/llm.ts: the user
 * message has a line `Role: <role>` or `Role: <role> (<department>)`.
 *
 * Plain string scanning, no regular expression with nested or adjacent quantifiers: the message is the
 * caller's text, and `/^\s*Role:\s*(.+?)\s*$/m` took seconds on 16 KiB of spaces (quadratic backtracking),
 * blocking the whole web server meanwhile. Every step here is linear in the message's length.
 */
export function roleFromMessages(messages: readonly { role: string; content?: unknown }[]): string | undefined {
  for (const message of [...messages].reverse()) {
    if (message.role !== 'user' || typeof message.content !== 'string') continue;
    const role = roleLine(message.content);
    if (role === undefined) continue;
    const withoutDepartment = roleBeforeDepartment(role);
    // "Backend Engineer (Payments)" is the catalog's Backend Engineer; an unknown role keeps its department.
    if (withoutDepartment !== undefined && learningPathFor(withoutDepartment).known) return withoutDepartment;
    return role;
  }
  return undefined;
}

const ROLE_PREFIX = 'role:';

/** The value of the first `Role:` line (any case, surrounding spaces ignored), if it has one. */
function roleLine(content: string): string | undefined {
  for (const line of content.split(/[\n\r\u2028\u2029]/)) {
    const trimmed = line.trim();
    if (trimmed.slice(0, ROLE_PREFIX.length).toLowerCase() !== ROLE_PREFIX) continue;
    const value = trimmed.slice(ROLE_PREFIX.length).trim();
    if (value !== '') return value;
  }
  return undefined;
}

/** "Backend Engineer (Payments)" → "Backend Engineer"; `undefined` when the role does not end in one "(...)". */
function roleBeforeDepartment(role: string): string | undefined {
  if (!role.endsWith(')')) return undefined;
  const open = role.lastIndexOf('(');
  if (open === -1 || role.slice(open + 1, -1).includes(')')) return undefined;
  const before = role.slice(0, open).trimEnd();
  return before === '' ? undefined : before;
}

/** At most this many modules in a revised draft (the learning-path schema allows 12). */
const MAX_MODULES = 12;

/** "security basics" → "Security basics". */
function titleFor(topic: string): string {
  const clean = topic.trim().replace(/\s+/g, ' ').slice(0, 80);
  return clean.charAt(0).toUpperCase() + clean.slice(1);
}

/**
 * The draft with the manager's feedback applied. Each instruction (separated by ';', ',' or a new
 * line) is "add <topic>" (a 2-hour module titled after the topic, unless one already contains it) or
 * "remove <topic>" (every module whose title contains the topic, any case; the draft keeps at least
 * one module). Anything else is ignored, as a real model might.
 */
export function reviseLearningPath(draft: readonly LearningModule[], feedback: string): LearningModule[] {
  let modules = [...draft];
  for (const instruction of feedback.split(/[;,\n]/)) {
    // Trimmed first, so the pattern has no open-ended spaces to backtrack over on long input.
    const match = /^(add|remove)\s+(\S.*)$/i.exec(instruction.trim().replace(/\.$/, ''));
    if (!match?.[1] || !match[2]) continue;
    const verb = match[1].toLowerCase();
    const topic = match[2].toLowerCase();
    if (verb === 'add') {
      if (modules.some((m) => m.title.toLowerCase().includes(topic)) || modules.length >= MAX_MODULES) continue;
      modules.push({ title: titleFor(match[2]), durationHours: 2, why: `Requested by the manager: ${match[2].trim().slice(0, 80)}.` });
    } else {
      const kept = modules.filter((m) => !m.title.toLowerCase().includes(topic));
      if (kept.length > 0) modules = kept;
    }
  }
  return modules;
}

const draftSchema = z.object({ modules: z.array(learningModuleSchema).min(1).max(MAX_MODULES) });

/**
 * A revision request, by the convention the approval loop uses: the last user message holds a line
 * `Previous draft: <the draft as JSON, {"modules": [...]}>` and a line `Feedback: <the manager's words>`.
 * Undefined when the message is not a revision; an error when it is one with a draft that does not parse.
 */
export function revisionFromMessages(
  messages: readonly { role: string; content?: unknown }[],
): { ok: true; draft: LearningModule[]; feedback: string } | { ok: false; message: string } | undefined {
  const last = [...messages].reverse().find((m) => m.role === 'user' && typeof m.content === 'string');
  if (!last || typeof last.content !== 'string') return undefined;
  // Line by line, without a regular expression over the whole message (its length is the caller's).
  const lines = last.content.split(/[\n\r]/).map((line) => line.trim());
  const valueAfter = (label: string) => {
    const line = lines.find((candidate) => candidate.toLowerCase().startsWith(label.toLowerCase()));
    return line === undefined ? undefined : line.slice(label.length).trim();
  };
  const draftText = valueAfter('Previous draft:');
  const feedback = valueAfter('Feedback:');
  if (!draftText || feedback === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(draftText) as unknown;
  } catch {
    return { ok: false, message: "The previous draft must be JSON on the 'Previous draft:' line" };
  }
  const parsed = draftSchema.safeParse(data);
  if (!parsed.success) return { ok: false, message: 'The previous draft must be {"modules": [{"title", "durationHours", "why"}]}' };
  return { ok: true, draft: parsed.data.modules, feedback };
}
