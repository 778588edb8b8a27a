import type { Component, EpochMs } from '../domain/index.ts';
import type { IngestWrite } from '../storage/store.ts';

/** What planning may need beyond the write itself. */
export interface PlanFacts {
  /** The provider's components when the write carries none (for component and group filters). */
  components: readonly Component[] | null;
  now: EpochMs;
}

/**
 * The port through which ingest has alert deliveries planned inside its write transaction:
 * given a write, returns it with the planning attached. Declared here so that ingest never
 * imports alerts; the composition root passes alerts' planner in (`alertDeliveryPlanner`).
 */
export type DeliveryPlanner = (write: IngestWrite, facts: PlanFacts) => Promise<IngestWrite>;

/** For writes that never alert: imports, and tools or tests without subscriptions. */
export const noDeliveries: DeliveryPlanner = (write) => Promise.resolve(write);
