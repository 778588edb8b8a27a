import { readFile } from 'node:fs/promises';
import {
  analyseIncident,
  analyseIncidentText,
  postsInPageText,
  zoneFromWord,
} from '../../analysis/index.ts';
import {
  StatuswatchError,
  readableAnalysis,
  type EpochMs,
  type IncidentAnalysis,
} from '../../domain/index.ts';
import { SOURCES } from '../../sources/index.ts';
import { boolFlag, requirePositional, stringFlag, type Command } from '../command.ts';
import { describeAnalysis } from './_analysis-text.ts';

/** Longer input is cut: a postmortem is a few KB, and the analysis reads at most 64 KB per text. */
const MAX_INPUT_BYTES = 4 * 1024 * 1024;

export const analyseCommand: Command = {
  name: 'analyse',
  summary:
    "Read an incident's text (postmortem, update, copied page, or a Statuspage JSON) for its impact window, sections, timeline and action items",
  usage: 'analyse <file|-> [--json] [--date YYYY-MM-DD] [--zone PST|UTC+2|Europe/Paris]',
  options: { json: { type: 'boolean' }, date: { type: 'string' }, zone: { type: 'string' } },
  async run(ctx) {
    const target = requirePositional(ctx, 0, 'file, or - for standard input');
    const body = await readInput(target);
    const zone = stringFlag(ctx, 'zone') ?? null;
    if (zone !== null && zoneFromWord(zone) === null)
      throw new StatuswatchError('invalid_input', `--zone "${zone}" is not a zone we know`);
    const referenceAt = dateFlag(stringFlag(ctx, 'date'));
    const results = analyseBody(body, target, referenceAt, zone);
    if (boolFlag(ctx, 'json')) {
      const json = results.map((r) => ({
        title: r.title,
        ...(readableAnalysis(r.analysis) as object),
      }));
      ctx.out(
        JSON.stringify(
          results.length === 1 && results[0]?.title === null ? json[0] : json,
          null,
          2,
        ),
      );
      return 0;
    }
    for (const r of results) {
      if (r.title !== null) ctx.out(`== ${r.title}`);
      for (const line of describeAnalysis(r.analysis)) ctx.out(line);
    }
    return 0;
  },
};

// --- internal ---

interface Result {
  title: string | null;
  analysis: IncidentAnalysis;
}

/** A status-page payload is analysed incident by incident; anything else is one text. */
function analyseBody(
  body: string,
  target: string,
  referenceAt: EpochMs | null,
  zone: string | null,
): Result[] {
  const meta = { url: target, fetchedAt: Date.now(), contentType: null };
  const source = /^\s*[{<]/.test(body) ? SOURCES.find((s) => s.detect(body, meta)) : undefined;
  if (source !== undefined) {
    const incidents = source.parse(body, meta).incidents.filter((i) => !i.isTemplate);
    return incidents.map((i) => ({
      title: `${i.vendorId} ${i.title}`,
      analysis: analyseIncident(i),
    }));
  }
  const analysis = analyseIncidentText({
    updates: postsInPageText(body),
    postmortem: { text: body, publishedAt: null },
    referenceAt,
    defaultZone: zone,
  });
  return [{ title: null, analysis }];
}

async function readInput(target: string): Promise<string> {
  const bytes =
    target === '-'
      ? await readStdin()
      : await readFile(target).catch((e: unknown) => {
          throw new StatuswatchError(
            'invalid_input',
            `cannot read ${target}: ${(e as Error).message}`,
          );
        });
  return bytes.subarray(0, MAX_INPUT_BYTES).toString('utf8');
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(b);
    size += b.length;
    if (size >= MAX_INPUT_BYTES) break;
  }
  return Buffer.concat(chunks);
}

/** Noon UTC of the day: the same calendar day in every zone a vendor writes in. */
function dateFlag(value: string | undefined): EpochMs | null {
  if (value === undefined) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const at = m === null ? NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  if (Number.isNaN(at) || new Date(at).getUTCDate() !== Number(m?.[3]))
    throw new StatuswatchError(
      'invalid_input',
      `--date must be a day like 2023-01-31, not "${value}"`,
    );
  return at;
}
