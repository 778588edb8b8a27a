import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ToDbBool } from './_rows.ts';
import type { Database, ProviderRow } from './_schema.ts';

export interface ClaimRequest {
  now: number;
  limit: number;
  owner: string;
  leaseMs: number;
}

export interface IncidentKey {
  providerSlug: string;
  vendorId: string;
}

/** The few statements that differ between SQLite and PostgreSQL; everything else is shared. */
export interface DialectQueries {
  readonly dialect: 'sqlite' | 'postgres';
  readonly bool: ToDbBool;
  /** Leases due sources in one statement and returns their rows, leased. */
  claimDue(db: Kysely<Database>, request: ClaimRequest): Promise<Selectable<ProviderRow>[]>;
  /** Brings the full-text index up to date for incidents just written (and their updates). */
  refreshSearch(
    trx: Transaction<Database>,
    providerSlug: string,
    vendorIds: string[],
  ): Promise<void>;
  /** Keys of incidents whose title, update bodies or postmortem match all words of `q`. */
  searchIncidentKeys(db: Kysely<Database>, q: string): Promise<IncidentKey[]>;
}

/** Letters and digits only, so that user text never reaches a query syntax. */
export function searchWords(q: string): string[] {
  return q.match(/[\p{L}\p{N}]+/gu) ?? [];
}
