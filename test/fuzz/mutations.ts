/**
 * Deterministic mutations of real captures for the fuzz suite (fuzz.test.ts). A mutation is a
 * seed and a kind; the same seed always gives the same payload, so a failure can be replayed
 * from the two numbers printed with it. Every payload made here is an invented variation of a
 * real capture in test/fixtures/vendors.
 */

export const MUTATION_KINDS = [
  'delete-key',
  'duplicate-key-value',
  'rename-key',
  'swap-type',
  'extreme-number',
  'huge-string',
  'deep-nesting',
  'unclosed-tags',
  'control-characters',
  'truncate',
  'duplicate-item',
  'bad-date',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** A small, fast, seedable PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mutates a payload: JSON payloads as a tree (then serialized), XML/HTML payloads as text.
 * Returns the new body and a one-line description of what was changed.
 */
export function mutate(
  body: string,
  kind: MutationKind,
  seed: number,
): { body: string; what: string } {
  const random = seededRandom(seed);
  const json = tryJson(body);
  return json === undefined ? mutateText(body, kind, random) : mutateJson(json, kind, random);
}

/**
 * A capture cut to its first few items per list (XML: the first few entries), so that ten
 * thousand mutations run in seconds; every kind of value the capture holds is still there.
 */
export function sampled(body: string, perList = 3): string {
  const json = tryJson(body);
  if (json !== undefined) return JSON.stringify(trimLists(json, perList));
  let kept = 0;
  return body.replace(/<(entry|item)\b[\s\S]*?<\/\1>\s*/g, (m) => (++kept <= perList ? m : ''));
}

// --- internal ---

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A value as text, objects as JSON (what a vendor's string field might hold instead). */
const asText = (v: Json): string => (typeof v === 'string' ? v : JSON.stringify(v));

const without = (o: Record<string, Json>, key: string): void => {
  Reflect.deleteProperty(o, key);
};
type Random = () => number;

function tryJson(body: string): Json | undefined {
  try {
    return JSON.parse(body) as Json;
  } catch {
    return undefined;
  }
}

function trimLists(value: Json, perList: number): Json {
  if (Array.isArray(value)) return value.slice(0, perList).map((v) => trimLists(v, perList));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimLists(v, perList)]));
  }
  return value;
}

const pick = <T>(items: readonly T[], random: Random): T =>
  items[Math.floor(random() * items.length)] as T;

const EXTREMES: Json[] = [
  1e13, -1, 1.5, 0, 1e308, -1e308, 2 ** 53 + 1, 'NaN', 'Infinity', '-0', '1e13', '', ' ',
  '300000-01-01T00:00:00Z', '2024-13-45T99:99:99Z', '+275760-09-13T00:00:00Z', '9999-12-31T23:59:59Z',
]; // prettier-ignore

const CONTROL = '\u0000\u0001\u0007\u001b[31m\u202e\ufeff\ud800\r\n\t\u2028';

const DEEP_MARK = '\u0000deep\u0000';

function hugeText(random: Random): string {
  const choices = [
    () => '<b>'.repeat(6_000),
    () => '<div><span>'.repeat(3_000),
    () => '>'.repeat(5_000) + ' quote',
    () => Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n'),
    () => 'x'.repeat(210_000),
    () => '['.repeat(3_000) + 'x' + ']'.repeat(3_000),
    () =>
      '<a href="javascript:alert(1)">x</a><script>alert(1)</script><img src=x onerror=alert(1)>',
    () => '&#x110000;&#99999999;&#0;&lol;'.repeat(100),
  ];
  return pick(choices, random)();
}

interface Slot {
  parent: Json[] | Record<string, Json>;
  key: string | number;
}

/** Every path to a value in the tree, with its parent and key. */
function slots(root: Json): Slot[] {
  const found: Slot[] = [];
  const walk = (value: Json): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        found.push({ parent: value, key: i });
        walk(v);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        found.push({ parent: value, key: k });
        walk(v);
      }
    }
  };
  walk(root);
  return found;
}

function mutateJson(
  root: Json,
  kind: MutationKind,
  random: Random,
): { body: string; what: string } {
  const all = slots(root);
  const slot = all.length === 0 ? undefined : pick(all, random);
  if (slot === undefined || kind === 'truncate')
    return mutateText(JSON.stringify(root), kind, random);
  const { parent, key } = slot;
  const get = (): Json => (parent as Record<string, Json>)[key as string] ?? null;
  const set = (v: Json): void => {
    (parent as Record<string, Json>)[key as string] = v;
  };
  const at = `at ${String(key)}`;
  let what: string;
  switch (kind) {
    case 'delete-key':
      remove(slot);
      what = `deleted ${at}`;
      break;
    case 'duplicate-key-value':
    case 'duplicate-item':
      duplicate(slot, get(), all, random);
      what = `duplicated ${at}`;
      break;
    case 'rename-key':
      if (!Array.isArray(parent)) {
        parent[`${String(key)}_`] = get();
        without(parent, key as string);
      }
      what = `renamed ${at}`;
      break;
    case 'swap-type':
      set(pick(typeSwaps(get()), random));
      what = `swapped type ${at}`;
      break;
    case 'extreme-number':
    case 'bad-date': {
      const value = pick(EXTREMES, random);
      set(value);
      what = `set ${at} to ${JSON.stringify(value)}`;
      break;
    }
    case 'huge-string':
    case 'unclosed-tags':
      set(kind === 'unclosed-tags' ? '<b><i><p>'.repeat(2_000) + asText(get()) : hugeText(random));
      what = `${kind} ${at}`;
      break;
    case 'deep-nesting':
      return nestedDeep(root, { get, set }, at, random);
    case 'control-characters':
      set(`${asText(get())}${CONTROL}`);
      what = `control characters ${at}`;
      break;
  }
  return { body: JSON.stringify(root), what };
}

function remove({ parent, key }: Slot): void {
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else without(parent, key as string);
}

/** Built as text: JSON.stringify itself recurses, and would overflow first. */
function nestedDeep(
  root: Json,
  value: { get: () => Json; set: (v: Json) => void },
  at: string,
  random: Random,
): { body: string; what: string } {
  const depth = 2_000 + Math.floor(random() * 3_000);
  value.set(DEEP_MARK);
  const nested = '[{"x":'.repeat(depth) + JSON.stringify(value.get()) + '}]'.repeat(depth);
  return {
    body: JSON.stringify(root).replace(`"${DEEP_MARK}"`, nested),
    what: `nested ${String(depth)} deep ${at}`,
  };
}

/** An array item is repeated in place; for an object key, an item of a list picked at random is. */
function duplicate(slot: Slot, value: Json, all: readonly Slot[], random: Random): void {
  const { parent, key } = slot;
  const copy = structuredClone(value);
  if (Array.isArray(parent)) parent.splice(key as number, 0, copy);
  else {
    const lists = all.filter((s) => Array.isArray(s.parent) && s.parent.length > 0);
    const list = lists.length === 0 ? undefined : pick(lists, random);
    if (list !== undefined) {
      const items = list.parent as Json[];
      items.push(structuredClone(items[list.key as number] ?? null));
    }
  }
}

/** The same value as each other JSON type. */
function typeSwaps(v: Json): Json[] {
  return [asText(v), Number(v), [v], { v }, null, true, typeof v === 'string' ? v.length : 'x'];
}

function mutateText(
  body: string,
  kind: MutationKind,
  random: Random,
): { body: string; what: string } {
  const at = Math.floor(random() * body.length);
  const splice = (insert: string, remove = 0): string =>
    body.slice(0, at) + insert + body.slice(at + remove);
  switch (kind) {
    case 'truncate':
      return { body: body.slice(0, at), what: `truncated at ${at}` };
    case 'delete-key':
      return { body: splice('', 1 + Math.floor(random() * 200)), what: `deleted bytes at ${at}` };
    case 'duplicate-item':
    case 'duplicate-key-value': {
      const items = body.match(/<(entry|item)\b[\s\S]*?<\/\1>/g) ?? [];
      const item = items.length === 0 ? body.slice(at, at + 100) : pick(items, random);
      return {
        body: body.replace(item, `${item}\n${item}`),
        what: `duplicated an item near ${at}`,
      };
    }
    case 'rename-key':
      return { body: body.replace(/<(\w+)/, '<$1x'), what: 'renamed the first tag' };
    case 'swap-type':
      return { body: splice('&lt;![CDATA[x]]&gt;<![CDATA[<b>]]>'), what: `CDATA at ${at}` };
    case 'extreme-number':
    case 'bad-date':
      return {
        body: body.replace(/\d{4}-\d{2}-\d{2}T[\d:]+Z?|\b20\d\d\b/, asText(pick(EXTREMES, random))),
        what: 'a date made extreme',
      };
    case 'huge-string':
      return { body: splice(escapeForText(hugeText(random))), what: `huge text at ${at}` };
    case 'unclosed-tags':
      return { body: splice('&lt;b&gt;'.repeat(6_000)), what: `escaped unclosed tags at ${at}` };
    case 'deep-nesting':
      return { body: splice('<x>'.repeat(3_000)), what: `nested elements at ${at}` };
    case 'control-characters':
      return { body: splice(CONTROL), what: `control characters at ${at}` };
  }
}

function escapeForText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
