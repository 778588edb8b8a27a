/**
 * The baseline of the page benchmarks: nginx (one worker, as node serves on one core) serving
 * the very bytes statuswatch answered, as static files; and autocannon runs under 64
 * connections. As bench/pages.ts, except that autocannon runs in a process of its own: in the
 * benchmark's process it would share statuswatch's one thread (not nginx's), and the ratio
 * would measure the load generator too.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const NGINX = '/usr/sbin/nginx';
export const CONNECTIONS = 64;

export interface LoadResult {
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
}
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/** `seconds` of GETs of `url` under 64 connections; any non-2xx or error fails the run. */
export async function load(url: string, seconds: number): Promise<LoadResult> {
  const args = [AUTOCANNON, '--json', '-c', String(CONNECTIONS), '-d', String(seconds), url];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 24 }, (error, out) => {
      if (error === null) resolve(out);
      else reject(new Error(`autocannon failed: ${error.message}`));
    });
  });
  const result = JSON.parse(stdout) as LoadResult;
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${String(result.non2xx)} non-2xx, ${String(result.errors)} errors`);
  return result;
}

export function fmt(r: LoadResult): string {
  return `${r.requests.average.toFixed(0).padStart(11)} ${r.latency.p99.toFixed(1).padStart(8)}`;
}

/** nginx on 127.0.0.1 serving `root`; null when nginx is not installed. `probe`: a file in root. */
export async function startNginx(
  dir: string,
  root: string,
  probe: string,
): Promise<{ url: string; process: ChildProcess } | null> {
  if (!existsSync(NGINX)) return null;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const conf = join(dir, 'nginx.conf');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `  ${t}_temp_path ${dir}/nginx-${t};`)
    .join('\n');
  await writeFile(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
${temp}
  sendfile on;
  keepalive_requests 100000;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${String(port)};
    root ${root};
    location / { add_header Cache-Control "public, max-age=5, stale-while-revalidate=30"; }
  }
}
`,
  );
  const child = spawn(NGINX, ['-c', conf, '-p', dir], { stdio: 'inherit' });
  const url = `http://127.0.0.1:${String(port)}`;
  for (let i = 0; i < 50; i++) {
    const up = await fetch(`${url}/${probe}`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, process: child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error('nginx did not start');
}

/**
 * CPU time (ms) nginx's master and workers have used so far, from /proc (clock ticks of 10 ms).
 * Beside the requests served it gives CPU per request, which, unlike requests per second, does
 * not depend on how busy the rest of the machine is.
 */
export function nginxCpuMs(masterPid: number): number {
  const children = readFileSync(`/proc/${String(masterPid)}/task/${String(masterPid)}/children`, 'utf8');
  const pids = [masterPid, ...children.trim().split(/\s+/).filter((p) => p !== '').map(Number)];
  return pids.reduce((sum, pid) => {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) * 10;
  }, 0);
} // prettier-ignore

/** This process's CPU time (ms) so far: the server's, as autocannon runs in a child. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
