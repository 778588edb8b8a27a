import type { PostmortemSection, SectionKind } from '../domain/incident-analysis.ts';
import { isTimelineLine } from './_timeline.ts';

/**
 * A postmortem's sections, from Markdown headings ("## Root Cause"), bold run-in headings
 * ("**What happened?** On November 9…") and plain question or label lines ("Why did it happen?",
 * "Timeline (all times are in CET):"). Unknown Markdown headings are kept as 'other'; bold and
 * plain lines count as headings only when their words name a known kind.
 */
export function sectionsOf(lines: readonly string[]): PostmortemSection[] {
  const out: Draft[] = [{ kind: 'summary', heading: null, lines: [] }];
  for (const piece of pieces(lines)) {
    if (piece.heading === null) out.at(-1)?.lines.push(piece.text);
    else out.push({ kind: piece.kind, heading: piece.heading, lines: [] });
  }
  return out.flatMap(splitUnheadedTimeline).flatMap((d) => {
    const text = d.lines.join('\n').trim();
    // An untitled part counts only when it reads as prose or a timeline, not as noise.
    const keep = d.heading !== null || d.kind === 'timeline' || PROSE.test(text);
    return keep ? [{ kind: d.kind, heading: d.heading, text }] : [];
  });
}

/** The kind a heading's words name, or null. Order matters: "prevent" beats "happen". */
export function kindOfHeading(heading: string): SectionKind | null {
  for (const [kind, words] of KIND_WORDS) if (words.test(heading)) return kind;
  return null;
}

// --- internal ---

interface Draft {
  kind: SectionKind;
  heading: string | null;
  lines: string[];
}

type Piece = { heading: null; text: string } | { heading: string; kind: SectionKind };

const KIND_WORDS: readonly (readonly [SectionKind, RegExp])[] = [
  ['timeline', /\btime ?line\b|\bsequence of events\b|\bchronolog/i],
  [
    'prevention',
    /\bprevent|\bcorrective\b|\baction items?\b|\bnext steps\b|\bfollow[- ]?ups?\b|\bremediation\b/i,
  ],
  ['root_cause', /\broot cause|\bwhy did\b|\bcontributing factors?\b|\bcauses?\b|\bwent wrong\b/i],
  ['response', /\brespon(?:d|se)\b|\bresolution\b|\brecovery\b|\bmitigation\b/i],
  ['impact', /\bimpact\b|\bseverity\b|\bwho was affected\b/i],
  ['summary', /\bsummary\b|\bwhat happened\b|\boverview\b|\bdescription\b|\bbackground\b/i],
];

const PROSE = /\b[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}\b/;
const MARKDOWN_HEADING = /^\s{0,3}(#{1,6})\s+(.{1,200}?)\s*#*\s*$/;
const BOLD = /\*\*([^*\n]{1,90})\*\*/g;

function pieces(lines: readonly string[]): Piece[] {
  const out: Piece[] = [];
  for (const line of lines) {
    const md = MARKDOWN_HEADING.exec(line);
    if (md !== null) {
      const title = (md[2] ?? '').replace(/\*\*/g, '').trim();
      // A level-1 heading is the document's title ("# Traefik Rule Preventing Some Inbound
      // Traffic" names no section even though it says "Preventing").
      if (md[1] !== '#') out.push({ heading: title, kind: kindOfHeading(title) ?? 'other' });
      continue;
    }
    const plain = plainHeading(line);
    if (plain !== null) out.push(plain);
    else out.push(...boldRunIns(line));
  }
  return out;
}

/** "What happened?", "Timeline (all times are in CET):", "**Root cause**" alone on a line. */
function plainHeading(line: string): Piece | null {
  const t = line.trim().replace(/^\*\*(.*)\*\*:?$/, '$1');
  if (t.length > 90 || !/^[A-Za-z]/.test(t) || /[.!]$/.test(t) || isTimelineLine(t)) return null;
  // "Root Cause" alone is a label; "Time to recovery: 84 minutes" is a fact, not a heading.
  const shortLabel = t.length <= 40 && !/[,;:\d]/.test(t);
  if (!/[?:]$/.test(t) && !shortLabel) return null;
  const kind = kindOfHeading(t);
  return kind === null ? null : { heading: t.replace(/:$/, ''), kind };
}

function boldRunIns(line: string): Piece[] {
  const out: Piece[] = [];
  let from = 0;
  BOLD.lastIndex = 0;
  for (let m = BOLD.exec(line); m !== null; m = BOLD.exec(line)) {
    const title = (m[1] ?? '').trim();
    const kind = kindOfHeading(title);
    if (kind === null || isTimelineLine(title)) continue;
    const before = line.slice(from, m.index);
    if (before.trim() !== '') out.push({ heading: null, text: before.trim() });
    out.push({ heading: title, kind });
    from = m.index + m[0].length;
  }
  const rest = line.slice(from);
  if (from === 0 || rest.trim() !== '')
    out.push({ heading: null, text: from === 0 ? rest : rest.trim() });
  return out;
}

/** Seed 001: timeline lines follow the prevention section with no heading of their own. */
function splitUnheadedTimeline(d: Draft): Draft[] {
  if (d.kind === 'timeline') return [d];
  const at = d.lines.findIndex(
    (l, i) => isTimelineLine(l) && d.lines.slice(i + 1).some((n) => isTimelineLine(n)),
  );
  if (at < 0) return [d];
  return [
    { ...d, lines: d.lines.slice(0, at) },
    { kind: 'timeline', heading: null, lines: d.lines.slice(at) },
  ];
}
