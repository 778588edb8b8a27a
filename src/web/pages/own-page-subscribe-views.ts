import { componentIdOf, type PageConfig } from '../../config/index.ts';
import type { Confirmed, PendingConfirmation } from '../../own-page/subscribers/index.ts';
import { html, type SafeHtml } from '../html.ts';

// The subscriber pages of the own page. They stand alone (no dashboard navigation): the page's
// public listener serves /status and nothing else.

export function subscribeFormPage(page: PageConfig, message: string | null = null): string {
  const boxes = page.components.map((c) => {
    const id = componentIdOf(c);
    const label = c.group === undefined ? c.name : `${c.group} – ${c.name}`;
    return html`<li>
      <label><input type="checkbox" name="components" value="${id}" /> ${label}</label>
    </li>`;
  });
  const components =
    boxes.length === 0
      ? html``
      : html`<fieldset>
          <legend>Components (none ticked: all of them)</legend>
          <ul>
            ${boxes}
          </ul>
        </fieldset>`;
  const notice = message === null ? html`` : html`<p role="alert">${message}</p>`;
  return shell(
    page,
    'Subscribe to updates',
    html`${notice}
      <form method="post" action="/status/subscribe">
        <p>
          <label for="email">Email address</label>
          <input id="email" name="email" type="email" required autocomplete="email" />
        </p>
        <p>
          <label for="webhook_url">Webhook URL (optional: updates go there, signed)</label>
          <input id="webhook_url" name="webhook_url" type="url" />
        </p>
        ${components}
        <p><button type="submit">Subscribe</button></p>
      </form>
      <p>We send one mail with a link to confirm. Nothing else is sent until you do.</p>`,
  );
}

/** The same words whether or not the address was known: nobody learns who subscribes. */
export const ACCEPTED_WORDS =
  'Thanks. If that address can receive mail, a confirmation link is on its way. Nothing is sent until it is used.';

export function acceptedPage(page: PageConfig): string {
  return shell(page, 'Check your inbox', html`<p>${ACCEPTED_WORDS}</p>`);
}

export function tooManyPage(page: PageConfig, retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return shell(
    page,
    'Too many requests',
    html`<p>Too many subscribe requests. Please try again in ${minutes} minutes.</p>`,
  );
}

/** Link scanners open links: confirming takes a click (a POST), never a GET. */
export function confirmPromptPage(
  page: PageConfig,
  token: string,
  pending: PendingConfirmation,
): string {
  return shell(
    page,
    'Confirm your subscription',
    html`<p>${describe(pending)}</p>
      <form method="post" action="/status/subscribe/confirm?token=${token}">
        <button type="submit">Confirm</button>
      </form>`,
  );
}

export function confirmedPage(page: PageConfig, confirmed: Confirmed): string {
  const secret =
    confirmed.webhookSecret === null
      ? html``
      : html`<p>
            Each request carries a <code>Statuswatch-Signature</code> header: HMAC-SHA256 over
            <code>t.body</code> with this secret, shown only now:
          </p>
          <p><code>${confirmed.webhookSecret}</code></p>`;
  return shell(
    page,
    'Subscribed',
    html`<p>Confirmed. ${describe(confirmed)}</p>
      ${secret}
      <p>Every message carries a link to unsubscribe.</p>`,
  );
}

export function linkUnknownPage(page: PageConfig): string {
  return shell(
    page,
    'Link not valid',
    html`<p>
      This link is unknown, already used, or expired.
      <a href="/status/subscribe">Subscribe again</a>.
    </p>`,
  );
}

export function unsubscribePromptPage(page: PageConfig, token: string): string {
  return shell(
    page,
    'Unsubscribe',
    html`<form method="post" action="/status/unsubscribe?token=${token}">
      <button type="submit">Stop sending me ${page.name} updates</button>
    </form>`,
  );
}

export function unsubscribedPage(page: PageConfig): string {
  return shell(page, 'Unsubscribed', html`<p>You will receive no more ${page.name} updates.</p>`);
}

// --- internal ---

function describe(p: PendingConfirmation): string {
  const what = p.components.length === 0 ? 'every component' : p.components.join(', ');
  const how = p.kind === 'email' ? `by email to ${p.address}` : `by webhook to ${p.address}`;
  return `Updates ${how}, for ${what}.`;
}

function shell(page: PageConfig, title: string, main: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · ${page.name}</title>
        <link rel="stylesheet" href="/status/static/status.css" />
        <link rel="icon" href="/status/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <main>
          <p><a href="/status">${page.name} status</a></p>
          <h1>${title}</h1>
          ${main}
        </main>
      </body>
    </html>`.toString();
}
