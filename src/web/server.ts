import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { EpochMs, IngestNotice } from '../domain/index.ts';
import type { Fetcher } from '../fetch/index.ts';
import type { Store } from '../storage/store.ts';
import { registerArchiveLine, type ArchiveInfo } from './_archive.ts';
import { registerAlertRoutes, type AlertRoutesDeps } from './api/alerts-routes.ts';
import { registerApi } from './api/index.ts';
import { registerMetricsRoute, type MetricsSource } from './api/metrics.ts';
import { registerPageApi } from './api/page.ts';
import type { WebDeps } from './_deps.ts';
import { registerWriteAccess, type WriteAccess } from './_write-access.ts';
import { answerFrameworkError, registerErrorHandlers, registerHooks } from './_hooks.ts';
import { registerHostCheck, type HostOptions } from './_host-check.ts';
import { HttpError, wantsJson } from './_http.ts';
import { recordRoutes } from './_route-list.ts';
import { registerStatic } from './_static.ts';
import { registerCompression } from './_compress.ts';
import { registerCors } from './_cors.ts';
import { newRequestId } from './_request-id.ts';
import { registerFastHitRecorder, registerFastHitSource, registerFastHits } from './_fast-hit.ts';
import { registerFeeds } from './feeds/index.ts';
import { PageCache } from './page-cache.ts';
import { registerAddProvider } from './pages/add-provider.ts';
import { registerDashboard } from './pages/dashboard.ts';
import { registerIncidentPage } from './pages/incident.ts';
import { registerIncidentsPage } from './pages/incidents.ts';
import { registerProviderPage } from './pages/provider.ts';
import { registerSearchPage } from './pages/search.ts';
import { registerTimeZonePreference } from './pages/time-zone.ts';
import { registerStatuspageCompat } from './statuspage-compat/index.ts';
import { registerOwnPageApi } from './statuspage-compat/own-page.ts';
import { registerOwnPageFeeds } from './feeds/own-page-feed.ts';
import { registerOwnIncidentPage } from './pages/own-incident.ts';
import { registerAdminPage } from './pages/admin-page.ts';
import type { PageConfig } from '../config/index.ts';
import { registerStatusOnly } from './_status-only.ts';
import { registerStatusHome } from './pages/status-home.ts';
import { registerStatusHistory } from './pages/status-history.ts';
import { registerStatusStatic } from './_status-static.ts';
import type { PageSubscribers } from '../own-page/subscribers/index.ts';
import { registerOwnPageSubscribe } from './pages/own-page-subscribe.ts';

export interface WebOptions {
  store: Store;
  /** Where 5xx errors are logged (a pino logger from `observability/logger.ts`); none: silent. */
  log?: FastifyBaseLogger;
  /**
   * Subscribes to committed ingest writes (`withIngestNotices(store).onIngest`). With it,
   * rendered pages are cached until a write changes what they show; without it nothing is
   * cached, since nothing would tell the cache.
   */
  onIngest?: (listener: (notice: IngestNotice) => void) => () => void;
  /** Enables the dashboard's "add a vendor" form (it probes the URL through this fetcher). */
  fetcher?: Fetcher;
  clock?: () => EpochMs;
  /** Registers the alert subscription and delivery routes (`/api/v1/subscriptions`, …). */
  alerts?: AlertRoutesDeps;
  /** Who may change things (add vendors, manage alerts). Default: open, as in tests. */
  writeAccess?: WriteAccess;
  /** The names this server answers to besides loopback; others get 421 (DNS rebinding). */
  hosts?: HostOptions;
  /** `serve --no-poll`: every page says it shows an archive, and how recent its data is. */
  archive?: ArchiveInfo;
  /** Serves `/metrics` (loopback or token only). */
  metrics?: MetricsSource;
  /** The team's own page (`page:` in statuswatch.yaml), served under /status. */
  ownPage?: PageConfig;
  /** The public listener (`public-listener.ts`): every path outside /status answers 404 (needs ownPage). */
  statusOnly?: boolean;
  /** The own page's subscribe, confirm and unsubscribe routes (under /status). */
  pageSubscribers?: PageSubscribers;
}

/** The HTTP server: pages, JSON API, feeds and the Statuspage-compatible output. */
export function createWebServer(options: WebOptions): FastifyInstance {
  const app = Fastify({
    ...(options.log === undefined ? { logger: false } : { loggerInstance: options.log }),
    // One line per 5xx is logged (with this id, which the error page shows), not every request.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: newRequestId,
    bodyLimit: 64 * 1024,
    frameworkErrors: answerFrameworkError(options.clock ?? Date.now),
  });
  const clock = options.clock ?? Date.now;
  const cache =
    options.onIngest === undefined ? new PageCache({ maxAgeMs: 0 }) : new PageCache({ clock });
  if (options.onIngest !== undefined) {
    const unsubscribe = options.onIngest((notice) => {
      cache.notice(notice);
    });
    app.addHook('onClose', (_instance, done) => {
      unsubscribe();
      done();
    });
  }
  const deps: WebDeps = { store: options.store, cache, clock, fetcher: options.fetcher ?? null };
  const access = options.writeAccess ?? OPEN_WITHOUT_TOKEN;
  recordRoutes(app);
  acceptForms(app);
  registerHostCheck(app, options.hosts ?? {});
  if (options.statusOnly === true) {
    // Fails closed: a public listener without its page would serve everything.
    if (options.ownPage === undefined) throw new Error('statusOnly needs ownPage');
    registerStatusOnly(app, options.ownPage);
  }
  // Before the ETag hook, which must see the page as sent.
  if (options.archive !== undefined) registerArchiveLine(app, options.archive);
  registerFastHitSource(app, cache);
  registerHooks(app);
  registerWriteAccess(app, access);
  registerErrorHandlers(app, clock, options.ownPage);
  // Cache hits answered as last time: after every gate above (host, /status only, 415).
  registerFastHits(app, cache);
  // Outputs other tools read: CORS for public reads, compression for bodies over 1 KB.
  registerCors(app);
  registerCompression(app, { cache });
  registerFastHitRecorder(app, cache);
  // Routes go in after the plugins above have loaded: @fastify/compress wraps routes as they are
  // added (an onRoute hook), so a route added before it loads would never be compressed.
  void app.register((routes, _options, done) => {
    registerRoutes(routes, deps, options);
    done();
  });
  return app;
}

// --- internal ---

const OPEN_WITHOUT_TOKEN = { token: null, openWithoutToken: true };

function registerRoutes(app: FastifyInstance, deps: WebDeps, options: WebOptions): void {
  registerStatic(app);
  app.get('/healthz', async (_request, reply) => {
    const providers = await options.store.listProviders();
    return reply
      .header('cache-control', 'no-store')
      .send({ ok: true, database: options.store.dialect, providers: providers.length });
  });
  for (const register of [
    registerDashboard,
    registerAddProvider,
    registerProviderPage,
    registerIncidentPage,
    registerIncidentsPage,
    registerSearchPage,
    registerTimeZonePreference,
    registerFeeds,
    registerApi,
  ]) {
    register(app, deps);
  }
  registerStatuspageCompat(app, deps, { archive: options.archive !== undefined });
  if (options.alerts !== undefined) registerAlertRoutes(app, options.alerts);
  // Always registered (documented): without `page:` each route answers 404.
  registerPageApi(app, deps, {
    page: options.ownPage ?? null,
    access: options.writeAccess ?? OPEN_WITHOUT_TOKEN,
  });
  if (options.ownPage !== undefined) {
    registerOwnPageApi(app, deps, options.ownPage);
    registerOwnPageFeeds(app, deps, options.ownPage);
    registerOwnIncidentPage(app, deps, options.ownPage);
    registerStatusHome(app, deps, options.ownPage, options.pageSubscribers !== undefined);
    registerStatusHistory(app, deps, options.ownPage);
    registerStatusStatic(app);
    registerAdminPage(app, deps, options.ownPage, options.writeAccess ?? OPEN_WITHOUT_TOKEN);
  }
  if (options.pageSubscribers !== undefined) registerOwnPageSubscribe(app, options.pageSubscribers);
  if (options.metrics !== undefined) {
    registerMetricsRoute(app, options.metrics, options.writeAccess ?? OPEN_WITHOUT_TOKEN);
  }
}

/**
 * HTML forms post `application/x-www-form-urlencoded`; fastify only parses JSON itself. Not
 * under /api: any site can make a browser send a form there, while a JSON post needs CORS.
 */
function acceptForms(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (request, body, done) => {
      if (wantsJson(request)) {
        done(new HttpError(415, 'unsupported_media_type', 'the API takes JSON bodies only'));
        return;
      }
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
}
