import { escapeHtml } from '../../domain/index.ts';

export interface ConfirmationMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * The one mail a subscribe request sends: the link, what it subscribes to, when it expires, and
 * that ignoring it is enough (an unconfirmed address is sent nothing else).
 */
export function confirmationMail(input: {
  pageName: string;
  confirmUrl: string;
  /** Component names, or empty for the whole page. */
  components: string[];
  webhookUrl: string | null;
  expiresInHours: number;
}): ConfirmationMail {
  const what = input.components.length === 0 ? 'every component' : input.components.join(', ');
  const how =
    input.webhookUrl === null
      ? 'by email'
      : `by webhook to ${input.webhookUrl} (Statuspage's payload, signed)`;
  const lines = [
    `Someone, hopefully you, asked to receive ${input.pageName} status updates ${how}, for ${what}.`,
    '',
    `Confirm within ${input.expiresInHours} hours:`,
    input.confirmUrl,
    '',
    'If you did not ask for this, ignore this message: nothing more will be sent.',
  ];
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(lines[0] ?? '')}</p>`,
    `<p><a href="${escapeHtml(input.confirmUrl)}">Confirm the subscription</a> (within ${input.expiresInHours} hours).</p>`,
    `<p>${escapeHtml(lines[5] ?? '')}</p>`,
    '</body></html>',
  ].join('\n');
  return {
    subject: `Confirm your subscription to ${input.pageName} status updates`,
    text: lines.join('\n'),
    html,
  };
}
