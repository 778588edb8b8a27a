import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareWithImport } from '../bench/_simulate-vs-import.ts';
import type { StoredIncident } from '../src/domain/index.ts';
import { openStore } from '../src/storage/index.ts';
import type { Store } from '../src/storage/store.ts';
import { shiftHistory } from '../src/twin/shift-history.ts';
import { startTwin } from '../src/twin/twin-server.ts';
import { buildVendorHistory } from '../src/twin/vendor-history.ts';
import { waitFor } from './_multi-node-cluster.ts';

/**
 * Issue 9, acceptance 3: `kill -9` of a real `serve` in the middle of an incident, then a
 * restart on the same data directory, ends where `import` of the same capture ends.
 * Capture: GitHub's history.atom of 2022-10-28T04:53:18Z; its incident z9dd32bvfgp3 ("Incident
 * with Pull Requests") opened 2022-10-27 04:59 UTC, was updated at 05:36 and 06:08 and resolved
 * at 06:31. The twin plays it as statuspage-v2 on a clock the test moves, shifted next to today
 * (a 2022 incident would look a week quiet to a live `serve` and be set aside as stale).
 */
const CAPTURE = 'test/fixtures/replay-sample/githubstatus-history-atom__2022-10-28T04-53-18Z.atom';
const CODE = 'z9dd32bvfgp3';
const at = (hhmm: string) => Date.parse(`2022-10-27T${hhmm}:00Z`);
/** Per step: generous, because a cold parse worker on a loaded machine takes seconds. */
const WAIT_MS = 90_000;

const root = mkdtempSync(join(tmpdir(), 'sw-kill-restart-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('serve killed mid-incident and restarted', () => {
  it('converges to what import of the same capture stores, without duplicate events', async () => {
    const original = await buildVendorHistory([CAPTURE]);
    // Whole minutes, ending an hour ago: every time stays in the past of serve's real clock.
    const shift = Math.floor((Date.now() - at('06:32') - 3_600_000) / 60_000) * 60_000;
    let now = at('04:58') + shift;
    let onRequest: (() => void) | null = null;
    const twin = await startTwin({
      history: shiftHistory(original, shift),
      clock: () => {
        onRequest?.();
        return now;
      },
    });
    const dataDir = join(root, 'data');
    const configPath = writeConfig(twin.url, dataDir);
    let serve = await startServe(configPath, dataDir);
    let store: Store | null = null;
    try {
      store = await openStore({ databaseUrl: null, dataDir });
      const stored = storedIncident(store);
      const until = async (what: string, check: () => Promise<boolean>) => {
        await waitFor(check, WAIT_MS, what).catch((e: unknown) => {
          throw new Error(`${String(e)}\nserve said:\n${serve.output()}`);
        });
      };
      await until('first summary and companion backfill', async () => {
        const provider = await store?.getProvider('github');
        return provider?.companion?.lastSuccessAt != null;
      });
      now = at('05:00') + shift;
      await until('opened', async () => (await stored())?.updates.length === 1);
      now = at('05:37') + shift;
      await until('second update', async () => (await stored())?.updates.length === 2);

      // The next request after the third update is answered, and serve dies while it reads it.
      const killed = new Promise<void>((resolve) => {
        onRequest = () => {
          onRequest = null;
          setImmediate(() => {
            void serve.kill().then(resolve);
          });
        };
      });
      now = at('06:09') + shift;
      await killed;
      expect((await stored())?.status).not.toBe('resolved');

      // Resolved by the vendor while serve was down: summary.json no longer lists it.
      now = at('06:33') + shift;
      serve = await startServe(configPath, dataDir);
      await until(
        'resolved after the restart',
        async () => (await stored())?.status === 'resolved',
      );
      expect((await stored())?.updates.map((u) => u.status)).toEqual([
        'investigating',
        'investigating',
        'investigating',
        'resolved',
      ]);
      await serve.stop();

      const comparison = await compareWithImport(store, {
        simulatedSlug: 'github',
        importedSlug: 'github-imported',
        files: [CAPTURE],
        from: at('04:58'),
        until: at('06:33'),
        simulatedShiftMs: shift,
      });
      expect(comparison).toEqual({
        compared: 1,
        missing: [],
        differing: [],
        duplicateEvents: [],
      });
    } finally {
      await serve.kill();
      await store?.close();
      await twin.close();
    }
  }, 420_000);
});

// --- internal ---

function storedIncident(store: Store): () => Promise<StoredIncident | undefined> {
  return async () =>
    (await store.listIncidents({ providerSlug: 'github', limit: 1000 })).find(
      (i) => i.vendorId === CODE,
    );
}

/**
 * The twin's root on loopback; 5 s polls (the smallest the schema allows) and a 20 s lease (a
 * poll's deadline is half of it), so the lease a killed poll leaves behind runs out soon.
 */
function writeConfig(twinUrl: string, dataDir: string): string {
  const path = join(root, 'statuswatch.yaml');
  writeFileSync(
    path,
    [
      `dataDir: ${JSON.stringify(dataDir)}`,
      'port: 0',
      'fetch:',
      '  allowList: ["127.0.0.1"]',
      'poll:',
      '  leaseSeconds: 20',
      'providers:',
      '  - slug: github',
      `    url: ${JSON.stringify(twinUrl)}`,
      '    format: statuspage-v2',
      '    pollIntervalSeconds: 5',
      '',
    ].join('\n'),
  );
  return path;
}

interface ServeChild {
  output(): string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** `serve` as `npm start` runs it, resolved once it says it serves. */
async function startServe(configPath: string, dataDir: string): Promise<ServeChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'serve'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Variables that would override the file are pinned: one data dir, SQLite, loopback.
    env: {
      ...process.env,
      STATUSWATCH_CONFIG: configPath,
      STATUSWATCH_DATA_DIR: dataDir,
      DATABASE_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(() => {
    throw new Error(`serve exited before it served:\n${output}`);
  });
  await Promise.race([
    waitFor(async () => Promise.resolve(/statuswatch serving/.test(output)), WAIT_MS, 'serve'),
    exited,
  ]);
  exited.catch(() => undefined);
  return {
    output: () => output,
    kill: () => signalAndWait(child, 'SIGKILL'),
    async stop() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await signalAndWait(child, 'SIGTERM');
      clearTimeout(timer);
    },
  };
}

async function signalAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}
