import { IMPACTS } from '../../domain/index.ts';
import type { ReliabilityFigures } from '../../reliability/reliability-figures.ts';
import { html, type SafeHtml } from '../html.ts';

const MINUTES_LABEL = {
  none: 'Minutes of no-impact incidents',
  minor: 'Minutes of minor incidents',
  major: 'Minutes of major incidents',
  critical: 'Minutes of critical incidents',
  unknown: 'Minutes of incidents without a stated impact',
} as const;

/**
 * The 30- and 90-day reliability figures, side by side, as one table. A window with nothing
 * watched says "no data" rather than a zero; a partly watched one says how many days it holds.
 */
export function figuresTable(figures: readonly ReliabilityFigures[]): SafeHtml {
  const cells = (f: (x: ReliabilityFigures) => string) =>
    figures.map(
      (x) =>
        html`<td>${x.coveredDays === 0 ? html`<span class="quiet">no data</span>` : f(x)}</td>`,
    );
  const impacts = ([...IMPACTS.filter((i) => i !== 'maintenance'), 'unknown'] as const).map(
    (impact) =>
      html`<tr>
        <th scope="row">${MINUTES_LABEL[impact]}</th>
        ${cells((x) => String(x.minutesByImpact[impact]))}
      </tr>`,
  );
  return html`<section aria-labelledby="figures-title">
    <h2 id="figures-title">Reliability</h2>
    <table class="figures">
      <caption class="visually-hidden">
        Reliability figures over 30 and 90 days
      </caption>
      <thead>
        <tr>
          <td></td>
          ${figures.map((f) => html`<th scope="col">Last ${f.days} days</th>`)}
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Days with data</th>
          ${figures.map((x) => html`<td>${coveredText(x)}</td>`)}
        </tr>
        <tr>
          <th scope="row">Incidents (overlapping the window)</th>
          ${cells((x) => String(x.incidents))}
        </tr>
        ${impacts}
        <tr>
          <th scope="row">Of those minutes, from the vendor's own words</th>
          ${cells((x) => String(x.minutesFromWords))}
        </tr>
        <tr>
          <th scope="row">Mean time to resolve</th>
          ${cells(mttrText)}
        </tr>
        <tr>
          <th scope="row">Vendor posting lag (median)</th>
          ${cells((x) => (x.postingLagMinutes === null ? 'not known' : `${x.postingLagMinutes} min (${x.postingLagSamples} incidents)`))}
        </tr>
        <tr>
          <th scope="row">Seen by statuswatch after the vendor's post (median)</th>
          ${cells((x) => (x.detectionLagMinutes === null ? 'not known' : `${x.detectionLagMinutes} min`))}
        </tr>
      </tbody>
    </table>
    <p class="quiet">
      Minutes and times to resolve use the impact window the vendor's own words give (such as "From
      17:39-18:12 UTC") where they give one, else its posted start and resolution.
    </p>
  </section>`;
}

function coveredText(x: ReliabilityFigures): string {
  if (x.coveredDays === 0) return 'no data';
  return x.coveredDays === x.days ? `all ${x.days}` : `${x.coveredDays} of ${x.days}`;
}

function mttrText(x: ReliabilityFigures): string {
  if (x.mttrMinutes === null) return 'n/a';
  const words = x.resolvedFromWords === 0 ? '' : `, ${x.resolvedFromWords} from the vendor's words`;
  return `${x.mttrMinutes} min (${x.resolvedCount} resolved${words})`;
}
