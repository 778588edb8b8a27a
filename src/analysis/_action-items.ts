import type {
  ActionItem,
  ActionItemState,
  PostmortemSection,
} from '../domain/incident-analysis.ts';
import { quote } from './_text.ts';

/**
 * Action items: the list items of prevention sections ("1. Repair the defect… (In progress)",
 * "- Implement guards… (done)"). The state is read from a parenthesis or a closing word only:
 * an item that *starts* with "Investigate" is a plan, not an investigation under way.
 */
export function actionItemsOf(sections: readonly PostmortemSection[]): ActionItem[] {
  const out: ActionItem[] = [];
  for (const s of sections) {
    if (s.kind !== 'prevention') continue;
    for (const line of s.text.split('\n')) {
      const m = LIST_ITEM.exec(line);
      const text = m?.[1];
      if (text === undefined || text.trim() === '') continue;
      out.push({ text: quote(text), state: stateOf(text) });
    }
  }
  return out;
}

// --- internal ---

const LIST_ITEM = /^\s{0,8}(?:\d{1,3}[.)]|[-*\u2022+])\s+(.{1,2000})$/;

const STATES: readonly (readonly [ActionItemState, RegExp])[] = [
  ['investigating', /\binvestigat/i],
  ['in_progress', /\bin progress\b|\bongoing\b|\bunderway\b|\bunder way\b/i],
  ['completed', /\bdone\b|\bcompleted?\b|\bfixed\b|\bimplemented\b|\bshipped\b/i],
  ['planned', /\bplanned\b|\bscheduled\b|\bto ?do\b|\bnot started\b/i],
];

function stateOf(item: string): ActionItemState {
  const parens = [...item.matchAll(/\(([^()]{1,160})\)/g)].map((m) => m[1] ?? '');
  const trailing = /[-\u2013\u2014:]\s*([A-Za-z ]{3,30})\.?\s*$/.exec(item)?.[1] ?? '';
  for (const said of [...parens.reverse(), trailing]) {
    for (const [state, words] of STATES) if (words.test(said)) return state;
  }
  return 'unstated';
}
