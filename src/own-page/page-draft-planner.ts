import type { PageConfig } from '../config/index.ts';
import type { DeliveryPlanner } from '../ingest/delivery-planner.ts';
import type { Store } from '../storage/store.ts';
import { dependedOnProviders, pageDraftChanges, vendorNameOf } from './dependency-drafts.ts';

/**
 * Wraps ingest's DeliveryPlanner so that a vendor write also raises the own page's drafts, in
 * the same transaction as the events that cause them (`IngestWrite.planPageDrafts`): the store
 * hands the plan only the events it actually inserted, so a vendor incident raises its draft
 * once however many polls, restarts or nodes see it, and a crash loses neither or both. The
 * composition root wraps alerts' planner with this where it polls (serve, poll, simulate).
 */
export function withPageDrafts(
  base: DeliveryPlanner,
  store: Store,
  page: PageConfig | undefined,
  options: { autoPublish?: boolean } = {},
): DeliveryPlanner {
  if (page === undefined) return base;
  const providers = dependedOnProviders(page);
  if (providers.size === 0) return base;
  return async (write, facts) => {
    const planned = await base(write, facts);
    const concerned =
      !write.imported &&
      write.events.length > 0 &&
      write.providerSlug !== page.slug &&
      providers.has(write.providerSlug);
    if (!concerned) return planned;
    // The vendor's name for the draft's words: one read, only for writes that may raise one.
    const record = await store.getProvider(write.providerSlug);
    const plan = {
      incidents: write.incidents,
      components: write.components ?? facts.components,
      vendorName: vendorNameOf(record?.provider.name ?? write.providerSlug),
      now: facts.now,
      autoPublish: options.autoPublish ?? true,
    };
    return { ...planned, planPageDrafts: (events) => pageDraftChanges(page, events, plan) };
  };
}
