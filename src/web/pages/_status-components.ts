// A group shows its worst member, as Statuspage's group row does (worstComponentStatus).
import { isPseudoComponent, worstComponentStatus, type Component } from '../../domain/index.ts';
import type { ComponentDays } from '../../reliability/component-daily-impact.ts';
import { dayBars } from '../_day-bars.ts';
import { html, type SafeHtml } from '../html.ts';
import { componentStatus } from './_status-parts.ts';

/**
 * The components by group, in their configured order, each with its status in words and its
 * last 90 days as bars ("90 days ago" … "Today", as Statuspage labels the strip). Groups are
 * always open: Statuspage folds them with a script, and this page has none.
 */
export function componentsSection(components: readonly Component[], bars: readonly ComponentDays[]): SafeHtml {
  const listed = [...components].filter((c) => !isPseudoComponent(c.name)).sort((a, b) => a.position - b.position);
  const barsOf = (c: Component) => bars.find((b) => b.component.vendorId === c.vendorId)?.days;
  const row = (c: Component) => {
    const days = barsOf(c);
    return html`<li class="sp-component">
      <div class="sp-row"><span class="sp-cname">${c.name}</span> ${componentStatus(c.status)}</div>
      ${days === undefined ? null : html`${dayBars(days, `${c.name}, last ${days.length} days`, { runs: true })}
        <p class="sp-axis" aria-hidden="true"><span>${days.length} days ago</span><span>Today</span></p>`}
    </li>`;
  };
  const body = groupsOf(listed).map(([group, members]) =>
    group === null
      ? members.map(row)
      : html`<li class="sp-group">
          <div class="sp-row"><h3>${group}</h3> ${componentStatus(worstComponentStatus(members.map((m) => m.status)))}</div>
          <ul class="sp-members">${members.map(row)}</ul>
        </li>`,
  );
  return html`<section class="sp-section" aria-labelledby="components-title">
    <h2 id="components-title">Components</h2>
    <p class="sp-quiet">Uptime over the past 90 days, worst impact per day (UTC days).</p>
    ${listed.length === 0 ? html`<p class="sp-quiet">No components listed.</p>` : html`<ul class="sp-components">${body}</ul>`}
  </section>`;
} // prettier-ignore

// --- internal ---

/** Groups in the order their first member comes; components without a group stand alone. */
function groupsOf(components: readonly Component[]): [string | null, Component[]][] {
  const out: [string | null, Component[]][] = [];
  const byGroup = new Map<string, Component[]>();
  for (const c of components) {
    if (c.groupName === null) {
      out.push([null, [c]]);
      continue;
    }
    let members = byGroup.get(c.groupName);
    if (members === undefined) {
      members = [];
      byGroup.set(c.groupName, members);
      out.push([c.groupName, members]);
    }
    members.push(c);
  }
  return out;
}
