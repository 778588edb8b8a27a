import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/support/builders.ts';
import { headline, plainText } from './message.ts';
import {
  componentMessage,
  incidentMessage,
  sourceMessage,
} from '../../test/support/alert-messages.ts';

describe('buildMessage', () => {
  it('says provider, title, impact, status, the update that caused it, links and first seen', () => {
    const m = incidentMessage();
    expect(m).toMatchObject({
      provider: { slug: 'acme', name: 'Acme Cloud', pageUrl: 'https://status.acme.test/' },
      title: 'Elevated error rates',
      impact: 'major',
      status: 'identified',
      alertKind: 'updated',
      update: { text: 'We are looking <into> it & more.', postedAt: T0 },
      ourUrl: 'https://status.example.org/providers/acme/incidents/inc%2F1',
      vendorUrl: 'https://status.acme.test/incidents/inc-1',
      firstSeenAt: T0 + 30_000,
      incidentId: 'inc/1',
      idempotencyKey: 'swd_key',
    });
  });

  it('words component and source events, linking to the provider page', () => {
    const c = componentMessage();
    expect(c).toMatchObject({
      title: 'API is partial outage',
      status: 'partial_outage',
      component: { vendorId: 'cmp-api', from: 'operational', to: 'partial_outage' },
      ourUrl: 'https://status.example.org/providers/acme',
      firstSeenAt: T0 + 5_000,
    });
    const s = sourceMessage();
    expect(s).toMatchObject({ status: 'failing', provider: { name: 'acme', pageUrl: null } });
    expect(s.update?.text).toBe('timeout: no answer');
  });

  it('renders one plain text with every fact', () => {
    const text = plainText(incidentMessage());
    expect(text.split('\n')[0]).toBe(headline(incidentMessage()));
    for (const part of [
      'Acme Cloud: Elevated error rates (Identified)',
      'Impact: Major',
      'First seen: 2025-01-15T12:00:30Z',
      'We are looking <into> it & more.',
      'Details: https://status.example.org/providers/acme/incidents/inc%2F1',
      'Vendor page: https://status.acme.test/incidents/inc-1',
    ]) {
      expect(text).toContain(part);
    }
  });
});
