/** Links between our pages, encoded once here so that odd vendor ids cannot break a path. */

export function providerHref(slug: string): string {
  return `/providers/${encodeURIComponent(slug)}`;
}

export function incidentHref(slug: string, vendorId: string): string {
  return `${providerHref(slug)}/incidents/${encodeURIComponent(vendorId)}`;
}

/** A query string from the defined values, for filter and pagination links. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}
