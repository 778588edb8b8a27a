import { describe, expect, it } from 'vitest';
import { isStatuswatchError } from '../domain/index.ts';
import { alertsConfigOf, publicUrlOf } from './alerts-config.ts';

const server = { host: '127.0.0.1', port: 3000 };

describe('alerts configuration', () => {
  it('works with nothing configured: no SMTP, private addresses refused, links to this server', () => {
    const alerts = alertsConfigOf(server);
    expect(alerts).toMatchObject({ smtp: null, allowPrivateNetworks: false, allowList: [], webhookTimeoutSeconds: 10 });
    expect(alerts.dispatcher).toEqual({ concurrency: 256, perHostConcurrency: 8, pauseAfterFailures: 20, leaseSeconds: 60 });
    expect(publicUrlOf(server, alerts)).toBe('http://127.0.0.1:3000');
    expect(publicUrlOf({ host: '::1', port: 80 }, alerts)).toBe('http://[::1]:80');
    expect(publicUrlOf(server, alertsConfigOf({ alerts: { publicUrl: 'https://status.example.org/' } }))).toBe('https://status.example.org');
  }); // prettier-ignore

  it('names the bad key', () => {
    const bad = () => alertsConfigOf({ alerts: { smtp: { host: 'mail', prot: 25 } } });
    expect(bad).toThrow(/^invalid configuration: alerts\.smtp: /);
    expect(() => alertsConfigOf({ alerts: { dispatcher: { concurrency: 0 } } })).toThrow(/alerts\.dispatcher\.concurrency/);
    try {
      bad();
    } catch (e) {
      expect(isStatuswatchError(e, 'config')).toBe(true);
    }
  }); // prettier-ignore
});
