import type { FastifyInstance } from 'fastify';
import type { PageConfig } from '../config/index.ts';
import { createWebServer, type WebOptions } from './server.ts';

/** What the public listener shares with the main server, and what it leaves out. */
export type PublicListenerOptions = Omit<
  WebOptions,
  'fetcher' | 'metrics' | 'hosts' | 'writeAccess' | 'archive' | 'statusOnly' | 'ownPage'
> & {
  page: PageConfig & { listen: NonNullable<PageConfig['listen']> };
  /** `apiToken`: the only way a change could pass here (none of /status takes one today). */
  apiToken: string | null;
  /** `web.allowedHosts`: a reverse proxy's name, when it does not pass the page URL's host on. */
  allowedHosts?: readonly string[];
};

/**
 * `page.listen`: the second listener, facing the internet by design, that serves `/status…`
 * alone (home, history, reports, /status/api/v2, feeds, the page's stylesheet, and whatever
 * else lives under /status) while the dashboard, admin and API stay on the loopback listener.
 * The same server, routes and caches as the main one, behind a gate that answers 404 for any
 * path outside /status (`_status-only.ts`). Hosts: the page URL's host, the bound address and
 * loopback (plus web.allowedHosts), as on the main server: what is public here is readable by
 * anyone anyway, but a post from a browser (a subscribe form) is judged by its Origin against
 * our Host, which a DNS-rebinding page could otherwise claim.
 */
export function createPublicListener(options: PublicListenerOptions): FastifyInstance {
  const { page, apiToken, allowedHosts, ...shared } = options;
  return createWebServer({
    ...shared,
    ownPage: page,
    statusOnly: true,
    // Never open without a token: this listener is reachable from the network by design.
    writeAccess: { token: apiToken, openWithoutToken: false },
    hosts: { bound: page.listen.host, publicUrl: page.url, allowed: allowedHosts ?? [] },
  });
}
