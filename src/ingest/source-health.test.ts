import { describe, expect, it } from 'vitest';
import { HEALTHY, nextHealth } from './source-health.ts';

describe('nextHealth', () => {
  it('emits source_failed once when a healthy source starts failing', () => {
    const first = nextHealth(
      'acme',
      HEALTHY,
      { ok: false, errorKind: 'timeout', message: 'slow' },
      1000,
    );
    expect(first.events.map((e) => e.kind)).toEqual(['source_failed']);
    expect(first.health).toMatchObject({
      consecutiveFailures: 1,
      lastErrorKind: 'timeout',
      lastChangeAt: 1000,
    });
    const second = nextHealth(
      'acme',
      first.health,
      { ok: false, errorKind: 'timeout', message: 'slow' },
      2000,
    );
    expect(second.events).toEqual([]);
    expect(second.health).toMatchObject({ consecutiveFailures: 2, lastChangeAt: 1000 });
  });

  it('emits source_recovered with the failure count, and keeps the last error for the record', () => {
    const failing = { ...HEALTHY, consecutiveFailures: 3, lastErrorKind: 'dns', lastChangeAt: 500 };
    const r = nextHealth('acme', failing, { ok: true }, 9000);
    expect(r.events).toMatchObject([{ kind: 'source_recovered', failures: 3 }]);
    expect(r.health).toMatchObject({
      consecutiveFailures: 0,
      lastSuccessAt: 9000,
      lastErrorKind: 'dns',
      lastChangeAt: 9000,
    });
  });

  it('stays quiet while a healthy source keeps succeeding', () => {
    expect(nextHealth('acme', HEALTHY, { ok: true }, 1).events).toEqual([]);
  });
});
