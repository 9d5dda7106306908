/**
 * The assistant's diagnosis of a failed step: what went wrong and, when it is safe, the fix.
 *
 * Pure and deterministic (no zod, no I/O, no clock), so the workflow may import it and the eval can
 * score it offline. The rules here cover the failures whose cause can be read off the facts; anything
 * they do not cover is handed to the LLM by temporal/activities/diagnosis.ts, which validates the
 * answer and never lets it claim the confidence only a rule has. See docs/assistant.md.
 */

/** What a retry may correct, per step (the fields of `retryPatchSchema`). */
export interface DiagnosisPatch {
  email?: string;
  slackChannel?: string;
  role?: string;
}

export interface DiagnosisSuggestion {
  /** Corrected input for the retry ("Apply fix and retry"). */
  patch?: DiagnosisPatch;
  /** What to do with the step once the fix (or the `instructions`) is done. */
  action?: 'retry' | 'skip';
  /** What a person must do outside the dashboard before the action makes sense. */
  instructions?: string;
}

export interface Diagnosis {
  summary: string;
  cause: string;
  /** Null: no safe fix; a person decides. */
  suggestion: DiagnosisSuggestion | null;
  /** 0..1. At least AUTO_FIX_CONFIDENCE only where a rule is sure. */
  confidence: number;
  source: 'rules' | 'llm';
}

/** The facts of one failed step, as the workflow knows them. */
export interface FailureFacts {
  /** The step key: welcome-email, learning-path, crm-update, slack-notification (or a plan's own key). */
  step: string;
  /** The failure's type (FAILURE_TYPES), e.g. SlackChannelNotFound. */
  type: string;
  /** The failure's message, as shown on the step. */
  message: string;
  /** The service's own answer code when known (channel_not_found, mailbox_unavailable, not_found). */
  code?: string;
  /** The HTTP status of the service's answer when known. */
  status?: number;
  /** The hire's values (the editable ones matter: email, slackChannel, role). */
  fields: {
    fullName?: string;
    email?: string;
    slackChannel?: string;
    role?: string;
    department?: string;
    employeeId?: string;
  };
  /** The services' reference data, fetched by the activity (or given by the eval). */
  reference?: {
    /** The Slack workspace's channel names, with or without '#'. */
    slackChannels?: readonly string[];
    /** The roles the learning-path catalog knows. */
    knownRoles?: readonly string[];
  };
}

/** Opens the diagnosis system prompt; the sandbox model recognises a diagnosis question by it. */
export const DIAGNOSIS_MARKER = 'You diagnose a failed onboarding step.';

/** A suggestion at or above this may be applied by the workflow itself (AUTO_FIX=apply). */
export const AUTO_FIX_CONFIDENCE = 0.9;

/** The highest confidence an LLM answer may carry: only a rule is ever sure. */
export const LLM_MAX_CONFIDENCE = 0.75;

/**
 * Domains the sandbox email refuses with `422 mailbox_unavailable`, and the domain meant: typos common
 * enough that the correction is certain.
 */
export const DOMAIN_TYPOS: Readonly<Record<string, string>> = {
  'exmaple.com': 'example.com',
  'example.con': 'example.com',
  'examle.com': 'example.com',
  'gmial.com': 'gmail.com',
  'gmal.com': 'gmail.com',
  'gmai.com': 'gmail.com',
  'gamil.com': 'gmail.com',
  'gmail.con': 'gmail.com',
  'hotmial.com': 'hotmail.com',
  'hotmail.con': 'hotmail.com',
  'outlok.com': 'outlook.com',
  'outlook.con': 'outlook.com',
  'yaho.com': 'yahoo.com',
  'yahoo.con': 'yahoo.com',
};

/** Well-known mail domains a near miss is compared with (a company would add its own). */
export const KNOWN_MAIL_DOMAINS: readonly string[] = [
  'example.com',
  'gmail.com',
  'outlook.com',
  'hotmail.com',
  'yahoo.com',
  'icloud.com',
  'proton.me',
  'protonmail.com',
];

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1 ("gmial" → "gmail" is 1, not 2).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

interface Nearest {
  /** The single candidate at the smallest distance, or undefined when two or more tie. */
  best?: string;
  distance: number;
  /** Every candidate at the smallest distance. */
  tied: string[];
}

function nearest(wanted: string, candidates: readonly string[], normalise: (s: string) => string): Nearest | undefined {
  const key = normalise(wanted);
  let distance = Number.POSITIVE_INFINITY;
  let tied: string[] = [];
  for (const candidate of new Set(candidates)) {
    const dist = editDistance(key, normalise(candidate));
    if (dist < distance) {
      distance = dist;
      tied = [candidate];
    } else if (dist === distance && !tied.some((t) => normalise(t) === normalise(candidate))) {
      tied.push(candidate);
    }
  }
  if (tied.length === 0) return undefined;
  return { best: tied.length === 1 ? tied[0] : undefined, distance, tied };
}

/** How far a typo may be from the meant name and still count as "close": 2, or a quarter of a long name. */
function closeEnough(distance: number, length: number): boolean {
  return distance <= Math.max(2, Math.floor(length / 4));
}

const round2 = (n: number) => Math.round(n * 100) / 100;

// ----- the rules -----

function channelName(channel: string): string {
  return channel.trim().replace(/^#/, '').toLowerCase();
}

function isChannelNotFound(facts: FailureFacts): boolean {
  return facts.type === 'SlackChannelNotFound' || facts.code === 'channel_not_found';
}

function slackChannelRule(facts: FailureFacts): Diagnosis | undefined {
  if (!isChannelNotFound(facts)) return undefined;
  const typed = facts.fields.slackChannel ?? '';
  const channels = facts.reference?.slackChannels ?? [];
  const summary = `Slack has no channel ${typed || '(none given)'}`;
  if (channels.length === 0) {
    return {
      summary,
      cause: 'The channel does not exist in the Slack workspace, and its channel list could not be read to find the one meant.',
      suggestion: null,
      confidence: 0.5,
      source: 'rules',
    };
  }
  const found = nearest(typed, channels, channelName);
  const length = channelName(typed).length;
  // The exact name of an existing channel: the channel is private or hidden from the app, not misspelt.
  const exact = found?.best !== undefined && typed.trim() === `#${channelName(found.best)}`;
  if (exact) {
    return {
      summary: `Slack does not show the app the channel ${typed}`,
      cause: 'The channel exists but Slack answered channel_not_found: it is probably private and the app is not a member. Invite the app, or pick another channel.',
      suggestion: null,
      confidence: 0.6,
      source: 'rules',
    };
  }
  if (!found || !closeEnough(found.distance, length)) {
    return {
      summary,
      cause: `The channel does not exist, and no existing channel is close to the name typed. Pick one of the workspace's channels, or ask an admin to create ${typed}.`,
      suggestion: null,
      confidence: 0.6,
      source: 'rules',
    };
  }
  if (!found.best) {
    return {
      summary,
      cause: `The channel does not exist; ${found.tied.map((c) => `#${channelName(c)}`).join(' and ')} are equally close, so the one meant is not clear.`,
      suggestion: null,
      confidence: 0.5,
      source: 'rules',
    };
  }
  const meant = `#${channelName(found.best)}`;
  return {
    summary: `${summary}; did you mean ${meant}?`,
    cause:
      found.distance === 0
        ? `Slack channel names are lowercase with a leading '#': ${typed} is written ${meant}.`
        : `${typed} is ${found.distance} edit${found.distance === 1 ? '' : 's'} away from the existing channel ${meant}.`,
    suggestion: { patch: { slackChannel: meant }, action: 'retry' },
    // One channel within two edits (and a small part of the name) is a typo; a wider match is a guess a person confirms.
    confidence: found.distance <= 2 && found.distance * 4 <= Math.max(length, 4) ? 0.95 : 0.7,
    source: 'rules',
  };
}

function isUndeliverable(facts: FailureFacts): boolean {
  if (facts.code === 'mailbox_unavailable' || facts.code === 'recipient_rejected') return true;
  if (facts.type === 'RecipientRejected') return true;
  return facts.type === 'PermanentHttpError' && (facts.status === 422 || /\bHTTP 422\b/.test(facts.message));
}

function emailDomainRule(facts: FailureFacts): Diagnosis | undefined {
  if (facts.step !== 'welcome-email' || !isUndeliverable(facts)) return undefined;
  const email = facts.fields.email ?? '';
  const at = email.lastIndexOf('@');
  const summary = "The hire's email address cannot receive mail";
  if (at <= 0) {
    return { summary, cause: 'The address has no domain to check.', suggestion: null, confidence: 0.5, source: 'rules' };
  }
  const local = email.slice(0, at);
  const domain = email.slice(at + 1).toLowerCase();
  const certain = DOMAIN_TYPOS[domain];
  if (certain) {
    return {
      summary: `${summary}: ${domain} is a typo of ${certain}`,
      cause: `The mail service refused the domain ${domain}, a common misspelling of ${certain}.`,
      suggestion: { patch: { email: `${local}@${certain}` }, action: 'retry' },
      confidence: 0.95,
      source: 'rules',
    };
  }
  const found = nearest(domain, KNOWN_MAIL_DOMAINS, (d) => d);
  if (found?.best && found.distance > 0 && found.distance <= 2) {
    return {
      summary: `${summary}: ${domain} may be a typo of ${found.best}`,
      cause: `The mail service refused the address; ${domain} is ${found.distance} edit${found.distance === 1 ? '' : 's'} away from ${found.best}. Confirm with the hire before applying.`,
      suggestion: { patch: { email: `${local}@${found.best}` }, action: 'retry' },
      // Close to a known domain is not proof (example.co is a real domain): a person confirms.
      confidence: found.distance === 1 ? 0.8 : 0.6,
      source: 'rules',
    };
  }
  return {
    summary,
    cause: `The mail service refused the address at ${domain}, and the domain is not a known misspelling. Ask the hire for a working address.`,
    suggestion: null,
    confidence: 0.7,
    source: 'rules',
  };
}

function roleName(role: string): string {
  return role.trim().toLowerCase().replace(/\s+/g, ' ');
}

function isUnplacedRole(facts: FailureFacts): boolean {
  if (facts.step !== 'learning-path') return false;
  return facts.type === 'InvalidLlmOutput' || facts.code === 'unknown_role' || facts.code === 'role_not_found';
}

function roleRule(facts: FailureFacts): Diagnosis | undefined {
  if (!isUnplacedRole(facts)) return undefined;
  const role = facts.fields.role ?? '';
  const roles = facts.reference?.knownRoles ?? [];
  if (roles.some((known) => roleName(known) === roleName(role))) {
    return {
      summary: 'The learning-path model gave no usable answer',
      cause: `${role} is a role the catalog knows, so the role is not the problem: the model answered badly. A plain retry usually works.`,
      suggestion: { action: 'retry' },
      confidence: 0.6,
      source: 'rules',
    };
  }
  const summary = `The learning-path model could not place the role ${role || '(none given)'}`;
  const found = roles.length > 0 ? nearest(role, roles, roleName) : undefined;
  if (found?.best && closeEnough(found.distance, roleName(role).length)) {
    return {
      summary: `${summary}; did you mean ${found.best}?`,
      cause: `${role} is ${found.distance} edit${found.distance === 1 ? '' : 's'} away from the known role ${found.best}.`,
      suggestion: { patch: { role: found.best }, action: 'retry' },
      confidence: found.distance <= 2 ? 0.92 : 0.7,
      source: 'rules',
    };
  }
  // "Senior Backend Engineer": exactly one known role inside the typed one is a likely, not certain, match.
  const inside = roles.filter((known) => ` ${roleName(role)} `.includes(` ${roleName(known)} `));
  if (inside.length === 1 && inside[0]) {
    return {
      summary: `${summary}; the nearest known role is ${inside[0]}`,
      cause: `${role} contains the known role ${inside[0]}; its learning path is the closest the catalog has.`,
      suggestion: { patch: { role: inside[0] }, action: 'retry' },
      confidence: 0.75,
      source: 'rules',
    };
  }
  return {
    summary,
    cause: `No known role is close to ${role || 'the role given'}. Correct the role to one of the catalog's, or skip the step.`,
    suggestion: null,
    confidence: 0.6,
    source: 'rules',
  };
}

function isCrmContactMissing(facts: FailureFacts): boolean {
  if (facts.step !== 'crm-update') return false;
  if (facts.code === 'not_found' || facts.code === 'contact_not_found') return true;
  return facts.type === 'PermanentHttpError' && (facts.status === 404 || /\bHTTP 404\b/.test(facts.message));
}

function crmContactRule(facts: FailureFacts): Diagnosis | undefined {
  if (!isCrmContactMissing(facts)) return undefined;
  const id = facts.fields.employeeId;
  return {
    summary: `The CRM has no contact${id ? ` for employee ${id}` : ''}`,
    cause: 'The CRM updates an existing contact and found none for this employee ID; nothing in the onboarding can create it.',
    suggestion: { action: 'retry', instructions: 'Create the contact in the CRM, then retry' },
    // Sure of the cause, but the fix needs a person first: never applied automatically.
    confidence: 0.8,
    source: 'rules',
  };
}

const RULES = [slackChannelRule, emailDomainRule, roleRule, crmContactRule] as const;

/** The rules' diagnosis, or undefined when no rule covers the failure (then the LLM is asked). */
export function diagnoseByRules(facts: FailureFacts): Diagnosis | undefined {
  for (const rule of RULES) {
    const diagnosis = rule(facts);
    if (diagnosis) return { ...diagnosis, confidence: round2(diagnosis.confidence) };
  }
  return undefined;
}

/** The diagnosis when neither a rule nor a valid LLM answer has a fix. */
export function noSafeFix(cause: string, source: Diagnosis['source'] = 'llm'): Diagnosis {
  return { summary: 'No safe fix found', cause, suggestion: null, confidence: 0, source };
}

/** The patch field a step's retry may correct, if any. */
export function editableFieldOf(step: string): keyof DiagnosisPatch | undefined {
  switch (step) {
    case 'welcome-email':
      return 'email';
    case 'slack-notification':
      return 'slackChannel';
    case 'learning-path':
      return 'role';
    default:
      return undefined;
  }
}
