/**
 * Serializes model objects for humans and golden files: every epoch-ms time field (a key ending
 * in `At`, `For` or `Until`) becomes an ISO-8601 string. Key order is kept.
 */
export function toReadableJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toReadableJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        isTimeKey(k) && typeof v === 'number' ? new Date(v).toISOString() : toReadableJson(v);
    }
    return out;
  }
  return value;
}

function isTimeKey(key: string): boolean {
  return /(At|For|Until)$/.test(key);
}
