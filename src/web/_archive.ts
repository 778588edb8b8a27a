import type { FastifyInstance } from 'fastify';
import { FOOTER_START, archiveLine } from './layout.ts';

/** What `serve --no-poll` tells every page: the newest stored time (null: nothing stored). */
export interface ArchiveInfo {
  newestDataTime: number | null;
}

/**
 * Puts the archive line into every HTML page's footer. A hook rather than a layout argument:
 * pages are rendered (and cached) without knowing how the server runs. It must run before the
 * ETag hook (`_hooks.ts`), whose tag it extends, so a 304 still means "same bytes".
 */
export function registerArchiveLine(app: FastifyInstance, archive: ArchiveInfo): void {
  const footer = FOOTER_START.value;
  const withLine = footer + archiveLine(archive.newestDataTime).value;
  const suffix = `-a${String(archive.newestDataTime ?? 0)}`;
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type !== 'string' || !type.startsWith('text/html')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const text = payload.toString();
    if (!text.includes(footer)) return payload;
    const etag = reply.getHeader('etag');
    if (typeof etag === 'string') reply.header('etag', etag.replace(/"$/, `${suffix}"`));
    return text.replace(footer, withLine);
  });
}
