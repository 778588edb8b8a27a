import type { AnalysisUpdate } from './analyse-incident-text.ts';
import { mentionsIn } from './_mentions.ts';
import { resolveTimes, type TimeContext } from './_resolve-time.ts';
import { linesOf, plainText } from './_text.ts';

/**
 * The posts of an incident page copied as text, so `statuswatch analyse page.txt` can measure
 * how late the vendor posted. Two shapes, both from the seeds:
 * - a Statuspage incident report: the body, then "Posted 7 months ago. Jan 23, 2018 - 14:16 PST"
 *   (or "Posted Jan 27, 2022 - 10:17 CET");
 * - a numbered timeline: "5. resolved Nov 08, 2023, 07:45 PM UTC", then the body.
 * The report shape names no status: a post a day or more after the one before it is taken as
 * the postmortem, and the last post before that as the resolution.
 */
export function postsInPageText(raw: string): AnalysisUpdate[] {
  const lines = linesOf(plainText(raw));
  const out = [...reportPosts(lines), ...numberedPosts(lines)];
  return out.sort((a, b) => (a.postedAt ?? 0) - (b.postedAt ?? 0));
}

// --- internal ---

const POSTED = /^\s*Posted\b(?:.{0,40}?\.)?\s*(.{6,60})$/;
const NUMBERED =
  /^\s*\d{1,3}\.\s+(investigating|identified|monitoring|resolved|postmortem|update|scheduled|in progress|verifying|completed)\s+(.{6,60})$/i;
const DAY_MS = 86_400_000;
const BARE: TimeContext = {
  referenceAt: null,
  documentDate: null,
  documentZone: null,
  defaultZone: null,
  postedSpan: null,
};

function when(text: string): number | null {
  const m = mentionsIn(text, { near: null });
  if (m.dates.length === 0 || m.zones.length === 0) return null;
  return resolveTimes(text, m, BARE)[0]?.at ?? null;
}

function reportPosts(lines: readonly string[]): AnalysisUpdate[] {
  const posts: { text: string; postedAt: number }[] = [];
  let body: string[] = [];
  for (const line of lines) {
    const m = POSTED.exec(line);
    const at = m?.[1] === undefined ? null : when(m[1]);
    if (at === null) {
      body.push(line);
      continue;
    }
    posts.push({ text: body.join('\n').trim(), postedAt: at });
    body = [];
  }
  const sorted = posts.sort((a, b) => a.postedAt - b.postedAt);
  let lastNormal = -1;
  const out = sorted.map((p, i): AnalysisUpdate => {
    const prev = sorted[i - 1];
    const late = prev !== undefined && p.postedAt - prev.postedAt >= DAY_MS;
    if (!late && lastNormal === i - 1) lastNormal = i;
    return { ...p, status: late ? 'postmortem' : 'update' };
  });
  const resolved = out[lastNormal];
  if (resolved !== undefined && out.length > 1) resolved.status = 'resolved';
  return out;
}

function numberedPosts(lines: readonly string[]): AnalysisUpdate[] {
  const out: AnalysisUpdate[] = [];
  let current: AnalysisUpdate | null = null;
  for (const line of lines) {
    const m = NUMBERED.exec(line);
    const at = m?.[2] === undefined ? null : when(m[2]);
    if (m !== null && at !== null) {
      current = { status: (m[1] ?? '').toLowerCase(), postedAt: at, text: '' };
      out.push(current);
    } else if (current !== null && line.trim() !== '') {
      current.text = current.text === '' ? line.trim() : `${current.text}\n${line.trim()}`;
    }
  }
  return out;
}
