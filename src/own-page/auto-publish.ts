import type { EpochMs, IngestNotice } from '../domain/index.ts';
import { dependedOnProviders } from './dependency-drafts.ts';
import { publishDueDrafts } from './draft-incidents.ts';
import type { OwnPageWriter } from './own-page-store.ts';

export interface AutoPublishOptions {
  writer: OwnPageWriter;
  /** Committed ingest writes (serve's notices): a vendor write may have raised a draft. */
  onIngest: (listener: (notice: IngestNotice) => void) => () => void;
  clock?: () => EpochMs;
  onError: (error: unknown) => void;
}

/**
 * Opens auto-published drafts after the write that raised them commits. The draft itself is
 * durable (raised in the vendor write's transaction); this only publishes it, so a sweep at
 * start finishes what a crash left, and a sweep after each vendor write with new events keeps
 * it prompt. Sweeps run one at a time; notices during one ask for one more.
 */
export function startAutoPublish(options: AutoPublishOptions): { stop: () => Promise<void> } {
  const { writer } = options;
  const clock = options.clock ?? Date.now;
  if (!writer.page.components.some((c) => c.autoPublish && c.dependsOn.length > 0))
    return { stop: () => Promise.resolve() };
  const providers = dependedOnProviders(writer.page);
  let running: Promise<void> | null = null;
  let again = false;
  const sweep = (): void => {
    if (running !== null) {
      again = true;
      return;
    }
    running = publishDueDrafts(writer, clock())
      .then(
        () => undefined,
        (error: unknown) => {
          options.onError(error);
        },
      )
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          sweep();
        }
      });
  };
  const unsubscribe = options.onIngest((notice) => {
    if (notice.eventIds.length > 0 && providers.has(notice.providerSlug)) sweep();
  });
  sweep();
  return {
    stop: async () => {
      unsubscribe();
      again = false;
      await running;
    },
  };
}
