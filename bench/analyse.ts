/**
 * How long reading the vendor's words takes: ms per 10 KB of text for `analyseIncidentText` over
 * the real postmortems and seeds (test/fixtures), GitHub's 50 incidents, and hostile text, beside
 * a baseline over the same bytes (split into lines + one regex scan for clock times).
 * Run with `npx tsx bench/analyse.ts`. Goal: < 50 ms per 10 KB, hostile text included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { analyseIncident, analyseIncidentText } from '../src/analysis/index.ts';
import { sourceFor } from '../src/sources/index.ts';

const FIXTURES = new URL('../test/fixtures/', import.meta.url);
const ROUNDS = 20;
const GOAL = 'goal: < 50 ms per 10 KB';

const read = (dir: string) =>
  readdirSync(new URL(dir, FIXTURES)).map((f) =>
    readFileSync(new URL(`${dir}${f}`, FIXTURES), 'utf8'),
  );

const postmortems = [...read('postmortems/'), ...read('seeds/')];
const hostile = [
  '1:1:1:1:'.repeat(8_000),
  '10:05. The monitoring system generated alerts.\n'.repeat(1_500),
  'between 10:00 and '.repeat(4_000),
  '**What happened?** '.repeat(4_000),
  '('.repeat(30_000) + ')'.repeat(30_000),
  '<a href="'.repeat(8_000),
  Array.from({ length: 64_000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''),
  'UTC+GMT-PST 12/12/2020 '.repeat(3_000),
];
const githubBody = readFileSync(
  new URL('vendors/statuspage-v2/github__incidents-2026-07-31.json', FIXTURES),
  'utf8',
);
const github = sourceFor('statuspage-v2').parse(githubBody, {
  url: null,
  fetchedAt: Date.parse('2026-07-31T03:29:01Z'),
  contentType: null,
}).incidents;
const githubBytes = github.reduce(
  (n, i) => n + i.updates.reduce((m, u) => m + Buffer.byteLength(u.bodyText), 0),
  0,
);

report('postmortems + seeds', postmortems, (t) =>
  analyseIncidentText({ updates: [], postmortem: { text: t, publishedAt: null } }),
);
report('hostile text', hostile, (t) =>
  analyseIncidentText({
    updates: [{ text: t, postedAt: Date.parse('2026-07-01T10:00Z'), status: 'resolved' }],
    postmortem: { text: t, publishedAt: null },
  }),
);
reportGithub();

// --- internal ---

/** Median over rounds of the time for all texts, after one warm-up round. */
function timeRounds(work: () => void): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
}

function baseline(texts: readonly string[]): void {
  let hits = 0;
  for (const t of texts) {
    const lines = t.split(/\n/);
    for (const line of lines) hits += (line.match(/\d{1,2}:\d{2}/g) ?? []).length;
  }
  if (hits < 0) console.log(hits);
}

function per10k(ms: number, bytes: number): string {
  return `${((ms / bytes) * 10_240).toFixed(2)} ms/10 KB`;
}

function report(name: string, texts: readonly string[], analyse: (t: string) => unknown): void {
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const ms = timeRounds(() => {
    texts.forEach(analyse);
  });
  const base = timeRounds(() => {
    baseline(texts);
  });
  // The slowest single text, as a share of its own size: one bad input must not hide in an average.
  const worst = Math.max(
    ...texts.map((t) => (timeRounds(() => analyse(t)) / Buffer.byteLength(t)) * 10_240),
  );
  console.log(
    `${name.padEnd(20)} ${texts.length} texts, ${(bytes / 1024).toFixed(0)} KB: ${per10k(ms, bytes)} ` +
      `(worst text ${worst.toFixed(2)} ms/10 KB; ${GOAL})   baseline split + regex: ${per10k(base, bytes)}`,
  );
}

function reportGithub(): void {
  const ms = timeRounds(() => {
    github.forEach((i) => analyseIncident(i));
  });
  const texts = github.flatMap((i) => i.updates.map((u) => u.bodyText));
  const base = timeRounds(() => {
    baseline(texts);
  });
  console.log(
    `${'github 50 incidents'.padEnd(20)} ${texts.length} updates, ${(githubBytes / 1024).toFixed(0)} KB: ` +
      `${per10k(ms, githubBytes)} (${(ms / github.length).toFixed(2)} ms per incident)   baseline split + regex: ${per10k(base, githubBytes)}`,
  );
}
