import { invalidInput } from '@/server/api/body';
import { unservedMethods } from '@/server/api/methods';
import { withApi } from '@/server/api/handler';
import { listQueryInput, listQuerySchema } from '@/contract/http';
import { toCsv } from '@/server/csv';
import { listOnboardings } from '@/server/temporal/client';
import type { Summary } from '@/contract/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Enough for any HR team's list; past it the file says it was cut rather than growing without bound. */
const MAX_EXPORT_ROWS = 10_000;

const COLUMNS: { title: string; value: (row: Summary) => string | number | null }[] = [
  { title: 'employeeId', value: (row) => row.employeeId },
  { title: 'fullName', value: (row) => row.fullName },
  { title: 'role', value: (row) => row.role },
  { title: 'department', value: (row) => row.department },
  { title: 'startDate', value: (row) => row.startDate },
  { title: 'status', value: (row) => row.status },
  { title: 'currentStep', value: (row) => row.currentStep },
  { title: 'completedSteps', value: (row) => row.completedSteps },
  { title: 'totalSteps', value: (row) => row.totalSteps },
  { title: 'startedAt', value: (row) => row.startedAt },
  { title: 'closedAt', value: (row) => row.closedAt },
];

/** The list with the same filters as the page, as CSV a spreadsheet opens safely. */
export const GET = withApi(async (request) => {
  const params = new URL(request.url).searchParams;
  params.delete('pageSize');
  params.delete('cursor');
  const parsed = listQuerySchema.safeParse(listQueryInput(params));
  if (!parsed.success) throw invalidInput(parsed.error.issues, 'Some query parameters are not valid.');
  const rows: Summary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listOnboardings({ status: parsed.data.status, view: parsed.data.view, q: parsed.data.q, pageSize: 100, cursor });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < MAX_EXPORT_ROWS);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(toCsv([COLUMNS.map((column) => column.title), ...rows.slice(0, MAX_EXPORT_ROWS).map((row) => COLUMNS.map((column) => column.value(row)))]), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="onboardings-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
});

const { notAllowed, OPTIONS } = unservedMethods('/api/onboardings/export.csv');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };
