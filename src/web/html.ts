import { escapeHtml } from '../domain/escape-html.ts';

// Re-exported: pages escape through the same function the template uses.
export { escapeHtml };

/**
 * A tiny HTML templating helper. Every interpolated value is escaped unless it is already
 * `SafeHtml` (the result of another `html` template, or of `trustedHtml` for markup we have
 * sanitized ourselves), so forgetting to escape is impossible rather than merely unlikely.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** A value a template may interpolate: nested templates, lists of them, text, or nothing. */
export type HtmlValue =
  SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * Marks markup as safe without escaping. Only for HTML that went through our own allow-list
 * (`vendorHtml`) or was built here; never for text from a request or a vendor.
 */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

// --- internal ---

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}
