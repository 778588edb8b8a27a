import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { badRequest } from '../_http.ts';
import { parseTimeZone } from '../_time.ts';

const form = z.object({ tz: z.string().trim().max(64), back: z.string().max(2_000).optional() });

const YEAR_SECONDS = 365 * 86_400;

/**
 * POST /preferences/time-zone: remembers the reader's zone in a cookie and goes back to the
 * page the form was on (without its `?tz=`, which would otherwise override the cookie).
 */
export function registerTimeZonePreference(app: FastifyInstance): void {
  app.post('/preferences/time-zone', async (request, reply) => {
    const parsed = form.safeParse(request.body ?? {});
    if (!parsed.success) throw badRequest('the form needs a tz field');
    const tz = parseTimeZone(parsed.data.tz);
    if (tz === null) throw badRequest(`unknown time zone ${JSON.stringify(parsed.data.tz)}`);
    const cookie = `tz=${encodeURIComponent(tz)}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax`;
    return reply
      .code(303)
      .header('set-cookie', cookie)
      .header('location', backTo(parsed.data.back))
      .send();
  });
}

/** Only a path on this site: an absolute or protocol-relative URL would be an open redirect. */
function backTo(raw: string | undefined): string {
  if (raw === undefined || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) {
    return '/';
  }
  const url = new URL(raw, 'http://local');
  // Check the result, not the input: "/.//evil.com" resolves to "//evil.com".
  if (url.origin !== 'http://local' || url.pathname.startsWith('//')) return '/';
  url.searchParams.delete('tz');
  return url.pathname + url.search;
}
