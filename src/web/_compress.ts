import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { constants } from 'node:zlib';

/**
 * Brotli or gzip for responses over 1 KB (pages, JSON, feeds). Registered after the caching
 * hooks, so a 304 (no body) is never compressed. Brotli at quality 4: close to gzip's speed,
 * since cached pages are still compressed on every request.
 */
export function registerCompression(app: FastifyInstance): void {
  void app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}
