/**
 * When a plan's step happens, written as a small expression: `now`, `start` (00:00 of the start date in
 * the company's time zone), or either followed by `+` or `-` and an ISO-8601 duration (`start-P7D`,
 * `start+PT9H`, `now+PT30S`). Zod-free and workflow-safe, so pages can describe times without loading zod.
 *
 * Date parts (years, months, weeks, days) move the calendar date in the company's time zone; time parts
 * (hours, minutes, seconds) are added after that, so `start+P2DT9H` is 09:00 two days after the start
 * date even across a daylight-saving change.
 */

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export interface TimeExpression {
  base: 'now' | 'start';
  /** +1 after the base, -1 before it. */
  sign: 1 | -1;
  offset: IsoDuration;
}

const EXPRESSION = /^(now|start)(?:([+-])(P.+))?$/;
const DURATION = /^P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,4})D)?(?:T(?:(\d{1,5})H)?(?:(\d{1,6})M)?(?:(\d{1,7})S)?)?$/;

const ZERO: IsoDuration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

/** The duration, or undefined when the text is not an ISO-8601 duration we support (no fractions). */
export function parseIsoDuration(text: string): IsoDuration | undefined {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, years, months, weeks, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return {
    years: years ?? 0,
    months: months ?? 0,
    weeks: weeks ?? 0,
    days: days ?? 0,
    hours: hours ?? 0,
    minutes: minutes ?? 0,
    seconds: seconds ?? 0,
  };
}

/** The expression, or undefined when it is not one (the plan schema turns that into a message). */
export function parseTimeExpression(text: string): TimeExpression | undefined {
  const match = EXPRESSION.exec(text);
  if (!match) return undefined;
  const [, base, sign, duration] = match;
  if (duration === undefined) return { base: base as TimeExpression['base'], sign: 1, offset: { ...ZERO } };
  const offset = parseIsoDuration(duration);
  if (!offset) return undefined;
  return { base: base as TimeExpression['base'], sign: sign === '-' ? -1 : 1, offset };
}

export const TIME_EXPRESSION_HINT =
  'Use now, start, or either followed by + or - and an ISO-8601 duration, like start-P7D, start+PT9H or now+PT30S';

// ----- resolving to an instant -----

export interface TimeBase {
  /** When the onboarding starts. */
  now: Date;
  /** The hire's start date, YYYY-MM-DD. */
  startDate: string;
  /** IANA time zone of the company, like Europe/Berlin. */
  timeZone: string;
}

/**
 * The instant an expression names. Computed once, when the onboarding starts (outside the workflow:
 * time-zone rules come with the Node binary, so the workflow keeps the instants, not the rules).
 */
export function resolveTime(expression: TimeExpression, base: TimeBase): Date {
  const { sign, offset } = expression;
  const timeMs = sign * ((offset.hours * 60 + offset.minutes) * 60 + offset.seconds) * 1000;
  if (expression.base === 'now') {
    const day = shiftCalendar(base.now, sign, offset);
    const timeOfDay = base.now.getTime() - Date.UTC(base.now.getUTCFullYear(), base.now.getUTCMonth(), base.now.getUTCDate());
    return new Date(day.getTime() + timeOfDay + timeMs);
  }
  const [y, m, d] = base.startDate.split('-').map(Number) as [number, number, number];
  // Calendar arithmetic on the local date (UTC fields of a date-only value carry no time zone).
  const day = shiftCalendar(new Date(Date.UTC(y, m - 1, d)), sign, offset);
  return new Date(startOfDayIn(base.timeZone, day).getTime() + timeMs);
}

/**
 * The calendar date (UTC fields, time dropped) moved by the duration's date parts. Years and months keep
 * the day of the month, clamped to the month's length as ISO-8601 does (31 March minus a month is
 * 28 February); then weeks and days move it.
 */
function shiftCalendar(from: Date, sign: 1 | -1, offset: IsoDuration): Date {
  const months = from.getUTCMonth() + sign * (offset.years * 12 + offset.months);
  const year = from.getUTCFullYear() + Math.floor(months / 12);
  const month = ((months % 12) + 12) % 12;
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(from.getUTCDate(), daysInMonth) + sign * (offset.weeks * 7 + offset.days);
  return new Date(Date.UTC(year, month, day));
}

/** 00:00 of the given calendar date (read from its UTC fields) in a time zone, as an instant. */
export function startOfDayIn(timeZone: string, day: Date): Date {
  const wallClock = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  // Two passes settle the offset on days where it changes (the second uses the offset at the guess).
  let guess = wallClock - zoneOffsetMs(timeZone, new Date(wallClock));
  guess = wallClock - zoneOffsetMs(timeZone, new Date(guess));
  return new Date(guess);
}

/**
 * One formatter per time zone: making an Intl.DateTimeFormat costs far more than using one (it was 4% of
 * the web process's CPU when each start made two). Kept by the name as given (names are case-blind, so
 * one zone can come under many spellings): past WALL_CLOCK_FORMATS_MAX names the map starts again.
 */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();
const WALL_CLOCK_FORMATS_MAX = 1_000;

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    if (wallClockFormats.size >= WALL_CLOCK_FORMATS_MAX) wallClockFormats.clear();
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function zoneOffsetMs(timeZone: string, at: Date): number {
  const parts = wallClockFormat(timeZone).formatToParts(at);
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** True when the string names a time zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    wallClockFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

// ----- in words -----

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function dateWords(offset: IsoDuration): string[] {
  const words: string[] = [];
  if (offset.years) words.push(plural(offset.years, 'year'));
  if (offset.months) words.push(plural(offset.months, 'month'));
  if (offset.weeks) words.push(plural(offset.weeks, 'week'));
  if (offset.days) words.push(plural(offset.days, 'day'));
  return words;
}

function timeWords(offset: IsoDuration): string[] {
  const words: string[] = [];
  if (offset.hours) words.push(plural(offset.hours, 'hour'));
  if (offset.minutes) words.push(plural(offset.minutes, 'minute'));
  if (offset.seconds) words.push(plural(offset.seconds, 'second'));
  return words;
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The expression as a person reads it: "7 days before the start date", "on the start date at 09:00",
 * "30 seconds after the onboarding starts".
 */
export function describeTime(expression: TimeExpression): string {
  const { base, sign, offset } = expression;
  const dates = dateWords(offset);
  const times = timeWords(offset);
  if (base === 'now') {
    const all = [...dates, ...times];
    if (all.length === 0) return 'as soon as the onboarding starts';
    return `${joinWords(all)} ${sign === 1 ? 'after' : 'before'} the onboarding starts`;
  }
  // A forward time of day under 24 hours reads as a clock time: "on the start date at 09:00".
  const clock =
    sign === 1 && offset.hours < 24 && times.length > 0 ? `at ${pad(offset.hours)}:${pad(offset.minutes)}` : undefined;
  const day =
    dates.length === 0 ? 'on the start date' : `${joinWords(dates)} ${sign === 1 ? 'after' : 'before'} the start date`;
  if (times.length === 0) return day;
  if (clock) return `${day}${dates.length === 0 ? ' ' : ', '}${clock}`;
  if (dates.length === 0) return `${joinWords(times)} ${sign === 1 ? 'after' : 'before'} the start date begins`;
  return `${day}, ${sign === 1 ? 'plus' : 'minus'} ${joinWords(times)}`;
}
