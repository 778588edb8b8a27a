import { z } from 'zod';

/**
 * The named schemas of the API document: each becomes `#/components/schemas/<id>`, and a schema
 * that uses another refers to it there. Responses are converted as zod outputs, requests as
 * inputs (before coercion and defaults), so they live in two registries.
 */
export const responseSchemas = z.registry<{ id: string; description?: string }>();
export const requestSchemas = z.registry<{ id: string; description?: string }>();

export function response<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  responseSchemas.add(schema, { id, ...(description === undefined ? {} : { description }) });
  return schema;
}

export function request<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  requestSchemas.add(schema, { id, ...(description === undefined ? {} : { description }) });
  return schema;
}

/** A time as the API sends it: `Date.toISOString()`, always UTC. */
export const isoTime = z.iso.datetime();
export const isoTimeOrNull = isoTime.nullable();
export const int = z.number().int();
export const intOrNull = int.nullable();
export const stringOrNull = z.string().nullable();

/** A positive integer id in a path or query (`/subscriptions/3`, `?before=120`). */
export const positiveId = z.coerce.number().int().positive();

/** Compile-time equality of two types; `Assert<Same<A, B>>` fails to compile when they differ. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Assert<T extends true> = T;
/** What code builds fits the schema and has exactly its fields (optional ones included). */
export type Fits<Code, Schema> = [Code] extends [Schema] ? Same<keyof Code, keyof Schema> : false;
