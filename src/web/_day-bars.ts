import type { DayImpact } from '../reliability/daily-impact.ts';
import { html, type SafeHtml } from './html.ts';

const DAY_MARK = html`<i></i>`;

const WORDS: Record<DayImpact['worst'], string> = {
  no_data: 'no data',
  none: 'no incident',
  maintenance: 'maintenance',
  unknown: 'incident, impact not given',
  minor: 'minor',
  major: 'major',
  critical: 'critical',
};

/**
 * One bar per day, oldest first (with `runs`, days alike in a row share one element and one
 * tooltip naming the dates, each day still its own bar: a page with many components stays
 * light). Colour and height both say the worst impact (taller is worse), each bar's tooltip
 * names the day and the impact, and the whole strip has a text summary for screen readers, so
 * nothing is told by colour alone.
 */
export function dayBars(
  days: readonly DayImpact[],
  label: string,
  options: { runs?: boolean } = {},
): SafeHtml {
  const summary = summaryText(days);
  return html`<figure class="day-bars">
    <div class="bars" aria-hidden="true">
      ${
        options.runs === true
          ? runsOf(days).map(runBar)
          : days.map((d) => html`<span class="bar worst-${d.worst}" title="${dayText(d)}"></span>`)
      }
    </div>
    <figcaption><span class="visually-hidden">${label}: </span>${summary}</figcaption>
  </figure>`;
}

// --- internal ---

function dayText(d: DayImpact): string {
  const date = new Date(d.day).toISOString().slice(0, 10);
  const count = d.incidents > 1 ? ` (${d.incidents} incidents)` : '';
  return `${date}: ${WORDS[d.worst]}${count}`;
}

/** Consecutive days with the same worst impact and no incident count to tell apart. */
function runsOf(days: readonly DayImpact[]): DayImpact[][] {
  const runs: DayImpact[][] = [];
  for (const d of days) {
    const last = runs.at(-1);
    const prev = last?.at(-1);
    if (last !== undefined && prev?.worst === d.worst && prev.incidents === d.incidents)
      last.push(d);
    else runs.push([d]);
  }
  return runs;
}

/** One element per run, with one tooltip; its days stay one bar each (empty `<i>`s, 7 bytes). */
function runBar(run: DayImpact[]): SafeHtml {
  const first = run[0];
  const last = run.at(-1);
  if (first === undefined || last === undefined) return html``;
  const title = run.length === 1 ? dayText(first) : `${new Date(first.day).toISOString().slice(0, 10)} – ${dayText(last)} (${run.length} days)`;
  return html`<span class="run worst-${first.worst}" title="${title}">${run.map(() => DAY_MARK)}</span>`;
} // prettier-ignore

function summaryText(days: readonly DayImpact[]): string {
  const watched = days.filter((d) => d.worst !== 'no_data');
  if (watched.length === 0) return `${days.length} days: no data`;
  const hit = watched.filter((d) => d.worst !== 'none');
  const worst = ['critical', 'major', 'minor', 'unknown', 'maintenance'].find((w) =>
    hit.some((d) => d.worst === w),
  );
  const span =
    watched.length === days.length
      ? `${days.length} days`
      : `${watched.length} of ${days.length} days with data`;
  if (hit.length === 0) return `${span}: no incidents`;
  return `${span}: ${hit.length} with incidents, worst ${WORDS[worst as DayImpact['worst']]}`;
}
