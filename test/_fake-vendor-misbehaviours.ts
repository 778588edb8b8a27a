/** Misbehaving routes of the fake vendor: what real status pages and their CDNs do on bad days. */
import { STATUS_CODES } from 'node:http';
import type { ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';
import { handler, staticRoute, writeInChunks } from './_fake-vendor-routes.ts';
import type { Route } from './_fake-vendor-routes.ts';

/** Headers at once, then one byte every `intervalMs`, forever, until the client gives up. */
export function slowDrip(intervalMs = 50): Route {
  return handler((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
    const timer = setInterval(() => res.write(' '), intervalMs);
    res.on('close', () => {
      clearInterval(timer);
    });
  });
}

/** Streams `megabytes` of JSON-ish filler, with or without a Content-Length saying so. */
export function hugeBody(megabytes: number, options: { declareLength?: boolean } = {}): Route {
  const total = Math.round(megabytes * 1024 * 1024);
  return handler((_req, res) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (options.declareLength === true) headers['content-length'] = total;
    res.writeHead(200, headers);
    streamFiller(res, total);
  });
}

/** A body served under a Content-Type that does not match it (JSON as text/html, say). */
export function wrongContentType(body: string | Buffer, contentType = 'text/html'): Route {
  return staticRoute(body, contentType);
}

/** Redirects to itself with a growing `?hop=` forever. */
export function redirectLoop(): Route {
  return handler((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const hop = Number(url.searchParams.get('hop') ?? 0) + 1;
    res.writeHead(302, { location: `${url.pathname}?hop=${hop}` }).end();
  });
}

/** One redirect to `location` (absolute or relative). */
export function redirectTo(location: string, status = 302): Route {
  return handler((_req, res) => {
    res.writeHead(status, { location }).end();
  });
}

/** The HTML error page a CDN shows in front of a broken origin, with 503 or even 200. */
export function htmlErrorPage(status = 503): Route {
  return fixedAnswer(status, 'text/html; charset=utf-8', ERROR_PAGE_HTML);
}

export function malformedJson(): Route {
  return fixedAnswer(200, 'application/json', '{"page":{"id":"kctbh9vrtdwd","name":"Git');
}

export function malformedXml(): Route {
  const xml = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x';
  return fixedAnswer(200, 'application/atom+xml', `${xml}</feed>`);
}

/** Billion laughs: a few hundred bytes whose entities expand to gigabytes. */
export function entityBomb(): Route {
  return fixedAnswer(200, 'application/atom+xml', ENTITY_BOMB_XML);
}

export function status(code: number, body = STATUS_CODES[code] ?? ''): Route {
  return fixedAnswer(code, 'text/plain; charset=utf-8', body);
}

/** Accepts the request, then destroys the socket without a byte of answer. */
export function hangUp(): Route {
  return handler((req) => {
    req.socket.destroy();
  });
}

/** Reads the request and never answers, not even headers. */
export function neverAnswers(): Route {
  return handler(() => undefined);
}

/**
 * A small gzip body that inflates to `decodedMegabytes` of zeros; served gzip-encoded whatever
 * the client asked for, as an attacker would; `chunked` leaves out the Content-Length.
 */
export function gzipBomb(decodedMegabytes = 64, options: { chunked?: boolean } = {}): Route {
  const body = gzipOfZeros(decodedMegabytes);
  return handler((_req, res) => {
    void body.then((bytes) => {
      const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
      if (options.chunked === true) {
        res.writeHead(200, headers);
        writeInChunks(res, bytes);
      } else {
        res.writeHead(200, { ...headers, 'content-length': bytes.length }).end(bytes);
      }
    });
  });
}

// --- internal ---

function fixedAnswer(code: number, contentType: string, body: string): Route {
  const bytes = Buffer.from(body);
  return handler((_req, res) => {
    res.writeHead(code, { 'content-type': contentType, 'content-length': bytes.length });
    res.end(bytes);
  });
}

function streamFiller(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let remaining = total;
  const pump = (): void => {
    while (remaining > 0 && !res.destroyed) {
      const size = Math.min(remaining, chunk.length);
      remaining -= size;
      if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

const bombs = new Map<number, Promise<Buffer>>();

function gzipOfZeros(megabytes: number): Promise<Buffer> {
  let bomb = bombs.get(megabytes);
  if (bomb === undefined) {
    bomb = new Promise<Buffer>((resolve, reject) => {
      const gzip = createGzip({ level: 9 });
      const parts: Buffer[] = [];
      gzip.on('data', (part: Buffer) => parts.push(part));
      gzip.on('end', () => {
        resolve(Buffer.concat(parts));
      });
      gzip.on('error', reject);
      const megabyte = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < megabytes; i++) gzip.write(megabyte);
      gzip.end();
    });
    bombs.set(megabytes, bomb);
  }
  return bomb;
}

const ERROR_PAGE_HTML = `<!DOCTYPE html>
<html><head><title>503 Service Temporarily Unavailable</title></head>
<body><h1>Service Temporarily Unavailable</h1>
<p>The server is temporarily unable to service your request. Please try again later.</p>
<hr><address>fake-vendor (hand-made error page)</address></body></html>
`;

const ENTITY_BOMB_XML = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE feed [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>&lol9;</title>
  <id>tag:fake-vendor,2024:bomb</id>
  <updated>2024-01-01T00:00:00Z</updated>
</feed>
`;
