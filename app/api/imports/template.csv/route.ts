import { unservedMethods } from '@/server/api/methods';
import { withApi } from '@/server/api/handler';
import { importTemplate } from '@/server/csv';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withApi(
  () =>
    new Response(importTemplate(), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="new-hires-template.csv"',
        'Cache-Control': 'no-store',
      },
    }),
);

const { notAllowed, OPTIONS } = unservedMethods('/api/imports/template.csv');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, OPTIONS };
