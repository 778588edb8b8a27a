/** pino's JSON record → `12:00:01 ERROR request failed reqId=… err.message=…` for a terminal. */
const LEVELS: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

export function prettyLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof record.time === 'string' ? record.time.slice(11, 19) : '';
  const level = LEVELS[Number(record.level)] ?? String(record.level);
  const msg = typeof record.msg === 'string' ? record.msg : '';
  const fields = flatten(record, '')
    .filter(([key]) => !HIDDEN.has(key) && key !== 'err.stack')
    .map(([key, value]) => `${key}=${value}`);
  const stack = (record.err as { stack?: unknown } | undefined)?.stack;
  const tail = typeof stack === 'string' ? `\n${stack}` : '';
  return `${[time, level, msg, ...fields].filter((p) => p !== '').join(' ')}${tail}\n`;
}

// --- internal ---

function flatten(value: Record<string, unknown>, prefix: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, inner] of Object.entries(value)) {
    const path = `${prefix}${key}`;
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      out.push(...flatten(inner as Record<string, unknown>, `${path}.`));
    } else {
      out.push([path, typeof inner === 'string' ? inner : JSON.stringify(inner)]);
    }
  }
  return out;
}
