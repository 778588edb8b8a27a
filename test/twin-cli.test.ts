import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

/**
 * `statuswatch twin <captures> --speed N` as a real child process: it prints its URL, serves
 * the history on a clock running N× real time, and stops cleanly on SIGTERM.
 * Capture: GitHub's history.atom of 2022-10-28T04:53:18Z (first update shown: Oct 20 16:54).
 */
const CAPTURE = 'test/fixtures/replay-sample/githubstatus-history-atom__2022-10-28T04-53-18Z.atom';

describe('statuswatch twin', () => {
  it('serves captured history on a fast clock and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/run.ts', 'twin', CAPTURE, '--speed', '86400', '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STATUSWATCH_CONFIG: '' } },
    );
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no address in time: ${output}`));
      }, 20_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const m = / at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (m?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
    });
    // One simulated day per real second: the page's last change moves on while we watch.
    const updatedAt = async () => {
      const body = (await (await fetch(`${url}/api/v2/incidents.json`)).json()) as {
        page: { updated_at: string };
      };
      return Date.parse(body.page.updated_at);
    };
    const first = await updatedAt();
    let later = first;
    // Bounded by real time, not by a count of requests: a fast machine answered 200 requests
    // within one simulated change-free stretch and the test failed.
    const deadline = Date.now() + 15_000;
    while (later === first && Date.now() < deadline) {
      await delay(50);
      later = await updatedAt();
    }
    expect(later).toBeGreaterThan(first);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  }, 40_000);
});
