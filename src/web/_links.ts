/** Links between our pages, encoded once here so that odd vendor ids cannot break a path. */

export function providerHref(slug: string): string {
  return `/providers/${encodeURIComponent(slug)}`;
}

export function incidentHref(slug: string, vendorId: string): string {
  return `${providerHref(slug)}/incidents/${encodeURIComponent(vendorId)}`;
}

/** A query string from the defined values, for filter and pagination links. */
export function withQuery(
  path: string,
  params: Record<string, string | number | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** A vendor-given URL fit for an href: http(s) only, so `javascript:` and the like never are. */
export function safeHref(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
