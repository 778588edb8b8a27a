import { readFile } from 'node:fs/promises';
import { fetcherFromConfig } from '../../app.ts';
import { StatuswatchError, toReadableJson, type Snapshot } from '../../domain/index.ts';
import { parseFormat } from '../../ingest/plan-provider.ts';
import { SOURCES, sourceFor, type PayloadMeta } from '../../sources/index.ts';
import { requirePositional, boolFlag, stringFlag, type Command } from '../command.ts';

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'Parse one payload (file or URL) and print the normalized snapshot',
  usage: 'inspect <file-or-url> [--format F] [--json]',
  options: { format: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx) {
    const target = requirePositional(ctx, 0, 'file or URL');
    const { body, meta } = await load(ctx, target);
    const format = stringFlag(ctx, 'format');
    const source =
      format !== undefined
        ? sourceFor(parseFormat(format))
        : SOURCES.find((s) => s.detect(body, meta));
    if (source === undefined)
      throw new StatuswatchError('unsupported_format', `${target} is not a supported payload`);
    const snapshot = source.parse(body, meta);
    if (boolFlag(ctx, 'json')) {
      ctx.out(JSON.stringify(toReadableJson(snapshot), null, 2));
      return 0;
    }
    for (const line of describe(snapshot)) ctx.out(line);
    return 0;
  },
};

async function load(
  ctx: Parameters<typeof inspectCommand.run>[0],
  target: string,
): Promise<{ body: string; meta: PayloadMeta }> {
  if (/^https?:\/\//.test(target)) {
    const fetcher = fetcherFromConfig(ctx.config);
    try {
      const res = await fetcher.fetch({ url: target });
      if (res.kind !== 'ok')
        throw new StatuswatchError('http_status', `${target} answered 304 without a body`);
      return {
        body: res.body,
        meta: { url: res.url, fetchedAt: Date.now(), contentType: res.contentType },
      };
    } finally {
      await fetcher.close();
    }
  }
  const body = await readFile(target, 'utf8').catch((e: unknown) => {
    throw new StatuswatchError('invalid_input', `cannot read ${target}: ${(e as Error).message}`);
  });
  return { body, meta: { url: target, fetchedAt: Date.now(), contentType: null } };
}

function describe(s: Snapshot): string[] {
  const lines = [
    `format ${s.format}, coverage ${s.coverage}, page ${s.page.name ?? '-'} (${s.page.url ?? '-'})`,
    s.components === null
      ? 'components: not in this payload'
      : `components: ${s.components.length}`,
    ...(s.components ?? []).map(
      (c) => `  ${c.groupName === null ? '' : `${c.groupName} / `}${c.name}: ${c.status}`,
    ),
    `incidents: ${s.incidents.length}`,
  ];
  for (const i of s.incidents) {
    const first = i.updates[0]?.displayedAt ?? null;
    const when =
      first === null ? '-' : new Date(first).toISOString().slice(0, 16).replace('T', ' ');
    lines.push(
      `  ${i.vendorId} ${i.kind} ${i.impact ?? '-'} ${i.status} ${when} updates=${i.updates.length} ${i.title}`,
    );
  }
  for (const w of s.warnings) lines.push(`warning: ${w}`);
  return lines;
}
