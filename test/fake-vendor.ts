/**
 * A real HTTP server on 127.0.0.1 that plays vendors' status pages, well behaved and not, for
 * integration tests and benchmarks. Bodies, ETags and compressed copies are prepared once per
 * route, so serving a request is a map lookup and a write.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { status } from './_fake-vendor-misbehaviours.ts';
import type { Route } from './_fake-vendor-routes.ts';

export * from './_fake-vendor-routes.ts';
export * from './_fake-vendor-misbehaviours.ts';

export interface FakeVendor {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  /** Serves `path` (matched without its query string) with `handler`, replacing any earlier. */
  route(path: string, handler: Route): void;
  /** Requests seen for `path`, whatever the answer (unknown paths count too). */
  hits(path: string): number;
  /** Headers of the last request for `path`, to check what a client sent. */
  lastRequest(path: string): IncomingHttpHeaders | undefined;
  close(): Promise<void>;
}

export async function startFakeVendor(): Promise<FakeVendor> {
  const paths = new Map<string, PathState>();
  const stateOf = (path: string): PathState => {
    let state = paths.get(path);
    if (state === undefined) {
      state = { route: null, hits: 0, lastHeaders: undefined };
      paths.set(path, state);
    }
    return state;
  };
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const state = stateOf(query === -1 ? url : url.slice(0, query));
    state.hits += 1;
    state.lastHeaders = req.headers;
    serveSafely(state.route ?? notFound, req, res);
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    route: (path, handler) => {
      stateOf(path).route = handler;
    },
    hits: (path) => paths.get(path)?.hits ?? 0,
    lastRequest: (path) => paths.get(path)?.lastHeaders,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
        // Dripping, hanging and kept-alive connections would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

// --- internal ---

interface PathState {
  route: Route | null;
  hits: number;
  lastHeaders: IncomingHttpHeaders | undefined;
}

const notFound = status(404);

function serveSafely(route: Route, req: IncomingMessage, res: ServerResponse): void {
  try {
    route.serve(req, res);
  } catch (err) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(err));
  }
}
