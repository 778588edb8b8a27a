import { describe, expect, it } from 'vitest';
import { alertsConfigOf } from '../config/alerts-config.ts';
import { openSqliteStore } from '../storage/sqlite-store.ts';
import { dispatcherOptionsOf, startAlerts } from './start-alerts.ts';

const server = { host: '127.0.0.1', port: 3000 };

describe('startAlerts', () => {
  it('keeps the lease longer than two sends', () => {
    expect(dispatcherOptionsOf(alertsConfigOf({})).leaseMs).toBe(60_000);
    const slow = alertsConfigOf({
      alerts: { webhookTimeoutSeconds: 45, dispatcher: { leaseSeconds: 5 } },
    });
    expect(dispatcherOptionsOf(slow).leaseMs).toBe(90_000);
    // SMTP may take up to 300 s a send: the 60 s default lease must not stand.
    const smtp = alertsConfigOf({ alerts: { smtp: { host: 'mail', timeoutSeconds: 300 } } });
    expect(dispatcherOptionsOf(smtp).leaseMs).toBe(600_000);
  });

  it('starts and stops the dispatcher with its channels', async () => {
    const store = await openSqliteStore(':memory:');
    const lines: string[] = [];
    const running = startAlerts({ config: server, store, log: (l) => lines.push(l) });
    expect(running.publicUrl).toBe('http://127.0.0.1:3000');
    await running.stop();
    await store.close();
    expect(lines).toEqual([]);
  });
});
