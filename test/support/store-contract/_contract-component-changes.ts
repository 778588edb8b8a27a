import { expect, it } from 'vitest';
import type { IngestEvent } from '../../../src/domain/index.ts';
import type { ContractContext } from './store-contract.ts';
import { MINUTE, T0, makeEvent, makeIngestWrite, makeProvider } from '../builders.ts';

/** Contract cases for a provider's component status changes (the per-component day bars). */
export function contractComponentChangeCases({ store }: ContractContext): void {
  it("lists one provider's component changes since a time, oldest first, and nothing else", async () => {
    const s = store();
    await s.addProvider(makeProvider(), T0);
    await s.addProvider(makeProvider({ slug: 'other' }), T0);
    await s.applyIngest(makeIngestWrite({ events: [change('acme', 'old', T0 - 60 * MINUTE), change('acme', 'a', T0), makeEvent(), change('acme', 'b', null)] }));
    await s.applyIngest(makeIngestWrite({ providerSlug: 'other', events: [change('other', 'x', T0)] }));
    const listed = await s.listComponentChanges('acme', T0 - MINUTE);
    expect(listed.map((e) => [e.componentVendorId, e.to, e.occurredAt])).toEqual([
      ['a', 'major_outage', T0],
      ['b', 'major_outage', null],
    ]);
  }); // prettier-ignore
}

// --- internal ---

/** An event whose vendor time is unknown (null) counts by when it was detected (T0). */
function change(slug: string, component: string, at: number | null): IngestEvent {
  return {
    kind: 'component_status_changed',
    idempotencyKey: `${slug}:${component}:${String(at)}`,
    providerSlug: slug,
    componentVendorId: component,
    componentName: component.toUpperCase(),
    from: 'operational',
    to: 'major_outage',
    occurredAt: at,
    detectedAt: T0,
  };
}
