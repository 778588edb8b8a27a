import { z } from 'zod';
import {
  searchFilterFields,
  searchText,
  sinceBeforeUntil,
  SINCE_AFTER_UNTIL,
} from '../../pages/search.ts';
import { int, response } from './_wire.ts';
import { incidentSummarySchema, offsetParam } from './incidents.ts';

export const searchQuery = z
  .object({
    q: searchText.pipe(z.string().min(1, 'q must not be empty')),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: offsetParam,
    ...searchFilterFields,
  })
  .refine(sinceBeforeUntil, SINCE_AFTER_UNTIL);

export const searchResultsSchema = response(
  'SearchResults',
  z.object({
    query: z.string(),
    total: int,
    // More than `total` match: counting stops at 1,000 (narrow by provider or date).
    total_capped: z.boolean(),
    limit: int,
    offset: int,
    hits: z.array(
      z.object({
        incident: incidentSummarySchema,
        snippet: z.array(z.object({ text: z.string(), match: z.boolean() })),
      }),
    ),
  }),
  'Hits best first; `snippet` marks the words the query found. Counting stops at 1,000 (`total_capped`): past that, the first 1,000 found, newest first',
);

export type SearchResultsJson = z.infer<typeof searchResultsSchema>;
