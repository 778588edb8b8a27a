import type { Component } from '../../domain/index.ts';

/** "components (12):" then one indented line per component, grouped. */
export function componentLines(components: Component[]): string[] {
  if (components.length === 0) return ['no components listed by this source'];
  const lines = [`components (${components.length}):`];
  for (const c of components) {
    const group = c.groupName === null ? '' : `${c.groupName} / `;
    lines.push(`  ${group}${c.name}: ${c.status}`);
  }
  return lines;
}
