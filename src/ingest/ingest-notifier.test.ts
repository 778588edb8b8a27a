import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../storage/sqlite-store.ts';
import {
  makeEvent,
  makeIngestWrite,
  makeProvider,
  makeSourceState,
  T0,
} from '../../test/support/builders.ts';
import type { IngestNotice } from '../domain/index.ts';
import { withIngestNotices } from './ingest-notifier.ts';

describe('withIngestNotices', () => {
  it('notices every committed write, bookkeeping-only ones included, and nothing else', async () => {
    const notices = withIngestNotices(await openSqliteStore(':memory:'));
    const seen: IngestNotice[] = [];
    const stop = notices.onIngest((n) => seen.push(n));
    await notices.store.addProvider(makeProvider(), T0);
    expect(seen).toEqual([]);
    const ids = await notices.store.applyIngest(makeIngestWrite({ events: [makeEvent()] }));
    await notices.store.recordSourceStates([{ providerSlug: 'acme', source: makeSourceState() }]);
    expect(seen).toEqual([
      { providerSlug: 'acme', eventIds: ids, dataChanged: false },
      { providerSlug: 'acme', eventIds: [], dataChanged: false },
    ]);
    expect(ids).toHaveLength(1);
    stop();
    await notices.store.recordSourceStates([{ providerSlug: 'acme', source: makeSourceState() }]);
    expect(seen).toHaveLength(2);
    await notices.store.close();
  });
});
