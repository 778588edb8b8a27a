import {
  isStatuswatchError,
  type ErrorKind,
  type Snapshot,
  type SourceFormat,
} from '../domain/index.ts';
import { sourceFor, type PayloadMeta } from '../sources/index.ts';

export interface ParseTask {
  format: SourceFormat;
  body: string;
  meta: PayloadMeta;
}

/** Errors do not keep their class across threads, so the kind travels as data. */
export type ParseOutcome =
  { ok: true; snapshot: Snapshot } | { ok: false; kind: ErrorKind | null; message: string };

/** What runs inside a pool thread: the pure parse, its errors turned into data. */
export default function parseTask(task: ParseTask): ParseOutcome {
  try {
    return { ok: true, snapshot: sourceFor(task.format).parse(task.body, task.meta) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: isStatuswatchError(error) ? error.kind : null, message };
  }
}
