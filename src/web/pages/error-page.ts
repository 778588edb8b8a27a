import { html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  403: 'Forbidden',
  404: 'Not found',
  413: 'Too large',
  415: 'Unsupported content type',
  421: 'Wrong host',
  500: 'Something went wrong',
};

/**
 * The HTML answer for any error status; the message is already safe to show. A server error
 * names its request id, the key to its line in the log.
 */
export function errorPage(
  status: number,
  message: string,
  ctx: PageContext,
  requestId: string | null = null,
): string {
  const title = TITLES[status] ?? 'Error';
  const reference = requestId === null ? '' : html`<p>Request id: <code>${requestId}</code></p>`;
  const main = html`<h1>${title}</h1>
    <p>${message}</p>
    ${reference}
    <p><a href="/">Back to the dashboard</a> · <a href="/search">Search incidents</a></p>`;
  return layout({ title, ctx, main });
}
