/**
 * The expected answers of the hostile suites, written from the rules in the README's API section
 * ("New hire", the retry / skip bodies, the list query) and the sandbox's service rules, NOT computed
 * with the product's own zod schemas: a suite that asked `newHireSchema.safeParse` what to expect would
 * agree with any bug in that schema. Each rule is one row of a table, so a disagreement names the rule.
 *
 * Where the rules leave a choice open, the choice is written down here:
 * - "characters" are UTF-16 code units (what a browser's maxlength counts), counted after trimming
 *   (String.prototype.trim's white space) for the trimmed fields;
 * - "optional" means absent: `null` is not a value of any field;
 * - "a valid address" is the form's rule: a local part of letters, digits and `. _ ' + -` that neither
 *   starts with a dot nor has two dots together and ends in a letter, digit, `_`, `+` or `-`; `@`; then
 *   labels of letters, digits and hyphens, each starting with a letter or digit, and a top-level domain of
 *   two or more letters; 254 characters at most;
 * - a list query's `pageSize` is a number as JavaScript reads it (`Number()`) that is whole and 1–100;
 *   empty parameters count as absent and the first of repeated parameters counts.
 */

const STEP_KEYS = ['welcome-email', 'learning-path', 'crm-update', 'slack-notification'];
const STATUSES = ['running', 'needs_attention', 'completed', 'cancelling', 'cancelled', 'failed'];
const DAY_MS = 86_400_000;

type Rule = (value: unknown) => boolean;

const isString = (value: unknown): value is string => typeof value === 'string';
const trimmedLength = (min: number, max: number): Rule => (value) => isString(value) && value.trim().length >= min && value.trim().length <= max;

/** Unicode's control characters (general category Cc): C0, DEL and C1. */
const hasControlCharacter = (text: string) => [...text].some((char) => /\p{Cc}/u.test(char));

const EMAIL_LOCAL = /^[A-Za-z0-9_'+-](?:[A-Za-z0-9_'+.-]*[A-Za-z0-9_+-])?$/;
const EMAIL_LABEL = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
export const emailRule: Rule = (value) => {
  if (!isString(value) || value.length > 254) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  if (local.includes('..') || !EMAIL_LOCAL.test(local) || local.length === 1 && !/^[A-Za-z0-9_+-]$/.test(local)) return false;
  const tld = labels.at(-1) ?? '';
  return labels.length >= 2 && labels.slice(0, -1).every((label) => EMAIL_LABEL.test(label)) && /^[A-Za-z]{2,}$/.test(tld);
};

export const employeeIdRule: Rule = (value) => isString(value) && value.length >= 1 && value.length <= 64 && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value);
export const slackChannelRule: Rule = (value) => isString(value) && /^#[a-z0-9_-]{1,80}$/.test(value);
export const roleRule: Rule = trimmedLength(1, 80);
const fullNameRule: Rule = (value) => trimmedLength(1, 120)(value) && !hasControlCharacter((value as string).trim());
const departmentRule: Rule = trimmedLength(0, 80);

function calendarDate(value: unknown): Date | undefined {
  if (!isString(value)) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date : undefined;
}

const utcDay = (date: Date) => Math.floor(date.getTime() / DAY_MS);

/** The start date: a real day, from 90 days before today (UTC) to 365 days after. */
const startDateRule = (today: Date): Rule => (value) => {
  const date = calendarDate(value);
  if (!date) return false;
  const offset = utcDay(date) - utcDay(today);
  return offset >= -90 && offset <= 365;
};

interface FieldRow {
  field: string;
  required: boolean;
  rule: Rule;
}

const newHireTable = (today: Date): FieldRow[] => [
  { field: 'employeeId', required: true, rule: employeeIdRule },
  { field: 'fullName', required: true, rule: fullNameRule },
  { field: 'email', required: true, rule: emailRule },
  { field: 'role', required: true, rule: roleRule },
  { field: 'department', required: false, rule: departmentRule },
  { field: 'startDate', required: true, rule: startDateRule(today) },
  { field: 'managerEmail', required: false, rule: emailRule },
  { field: 'slackChannel', required: false, rule: slackChannelRule },
];

const patchTable: FieldRow[] = [
  { field: 'email', required: false, rule: emailRule },
  { field: 'slackChannel', required: false, rule: slackChannelRule },
  { field: 'role', required: false, rule: roleRule },
];

/** The fields that break a rule of `table`, unknown fields included (they are rejected too). */
function badFields(object: Record<string, unknown>, table: readonly FieldRow[]): string[] {
  const bad = new Set<string>();
  for (const key of Object.keys(object)) if (!table.some((row) => row.field === key)) bad.add(key);
  for (const { field, required, rule } of table) {
    const present = Object.prototype.hasOwnProperty.call(object, field);
    if (present ? !rule(object[field]) : required) bad.add(field);
  }
  return [...bad].sort();
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fields of a new hire that break the rules: [] means 201. */
export function newHireProblems(object: Record<string, unknown>, today = new Date()): string[] {
  return badFields(object, newHireTable(today));
}

/** `{"step"?, "patch"?: {"email"?, "slackChannel"?, "role"?}}`. */
export function retryBodyValid(object: Record<string, unknown>): boolean {
  const table: FieldRow[] = [
    { field: 'step', required: false, rule: (value) => isString(value) && STEP_KEYS.includes(value) },
    { field: 'patch', required: false, rule: (value) => isPlainObject(value) && badFields(value, patchTable).length === 0 },
  ];
  return badFields(object, table).length === 0;
}

/** `{"step"}`: one of the four step keys, nothing else. */
export function skipBodyValid(object: Record<string, unknown>): boolean {
  return badFields(object, [{ field: 'step', required: true, rule: (value) => isString(value) && STEP_KEYS.includes(value) }]).length === 0;
}

/**
 * A list query: status one of the statuses, q at most 100 characters, pageSize 1–100, cursor at most 4,096
 * characters of the form `<page token>.<mac>` in base64url (what the list hands out; its MAC is checked later).
 */
export function listQueryValid(searchParams: URLSearchParams): boolean {
  const get = (key: string) => {
    const value = searchParams.get(key);
    return value === null || value === '' ? undefined : value;
  };
  const status = get('status');
  const q = get('q');
  const pageSize = get('pageSize');
  const cursor = get('cursor');
  if (status !== undefined && !STATUSES.includes(status)) return false;
  if (q !== undefined && q.length > 100) return false;
  if (cursor !== undefined && (cursor.length > 4096 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(cursor))) return false;
  if (pageSize !== undefined) {
    const n = Number(pageSize);
    if (!Number.isInteger(n) || n < 1 || n > 100) return false;
  }
  return true;
}

/** The sandbox fault request: a known service, failNext 0–1000 whole, failRate 0–1, latencyMs 0–120000 whole, booleans. */
export function faultRequestValid(object: Record<string, unknown>): boolean {
  const whole = (min: number, max: number): Rule => (value) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  const table: FieldRow[] = [
    { field: 'service', required: true, rule: (value) => isString(value) && ['email', 'llm', 'crm', 'slack'].includes(value) },
    { field: 'failNext', required: false, rule: whole(0, 1000) },
    { field: 'failRate', required: false, rule: (value) => typeof value === 'number' && value >= 0 && value <= 1 },
    { field: 'latencyMs', required: false, rule: whole(0, 120_000) },
    { field: 'permanent', required: false, rule: (value) => typeof value === 'boolean' },
    { field: 'after', required: false, rule: (value) => typeof value === 'boolean' },
  ];
  return badFields(object, table).length === 0;
}

/**
 * Text that passes validation and still tries hard: quotes, right-to-left marks, markup, very long words,
 * scripts beyond Latin. Used where a hostile value must reach the services, not stop at the gate.
 */
export const PASSING_HOSTILE_NAMES = [
  `Renée O'Brien-"Smith"`,
  '\u202Eevil\u202C Mallory',
  '\u200Fמרים כהן\u200F',
  '<script>alert(1)</script>',
  '李小龍 &amp; <b>bold</b>',
  `Ab${'c'.repeat(115)}`,
  'Ⅻ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩🏽‍💻',
  "Robert'); DROP TABLE onboardings;--",
];
export const PASSING_HOSTILE_ROLES = ['<img src=x onerror=alert(1)>', `Über${'x'.repeat(70)}`, '\u202Egnireenigne\u202C', '"Senior" Engineer & <Lead>'];
export const PASSING_HOSTILE_EMAILS = ["o'brien@example.com", "d'arcy+tag@example.com", 'x-_+@a-b.example', `${'l'.repeat(64)}@example.com`];
export const PASSING_HOSTILE_CHANNELS = ['#general', '#onboarding-team', '#engineering', `#${'a'.repeat(80)}`, '#__-'];
