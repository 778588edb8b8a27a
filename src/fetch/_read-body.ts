import { Transform, Writable } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import {
  brotliDecompress,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  gunzip,
  inflate,
} from 'node:zlib';
import type { ZlibOptions } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { StatuswatchError } from '../domain/index.ts';
import { errorCode } from './network-errors.ts';
import { bodyTimeout, tooLarge } from './fetch-errors.ts';

/** Every limit is reported against `url`. */
export interface BodyLimits {
  url: string;
  limit: number;
  timeoutMs: number;
}

export interface BodyFraming {
  contentEncoding: string | null;
  /** Already checked against the limit by the caller. */
  contentLength: string | null;
}

/**
 * Reads the body under a deadline and a byte limit. Compressed bodies are limited twice, on the
 * wire and after decoding, so neither an endless stream nor a gzip bomb gets through.
 */
export async function readBody(
  body: Dispatcher.ResponseData['body'],
  framing: BodyFraming,
  limits: BodyLimits,
): Promise<Buffer> {
  const codings = codingsOf(framing.contentEncoding, limits.url);
  const timer = setTimeout(() => {
    body.destroy(bodyTimeout(limits.url, limits.timeoutMs));
  }, limits.timeoutMs);
  try {
    if (framing.contentLength !== null) {
      // The parser stops at the declared length, so undici's own reader (about twice as cheap
      // as stream events) cannot overrun the limit.
      const bytes = await body.bytes();
      const wire = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return codings.length === 0 ? wire : await decodeWhole(wire, codings, limits);
    }
    return await readStreaming(body, codings, limits);
  } finally {
    clearTimeout(timer);
  }
}

// --- internal ---

type Coding = 'gzip' | 'br' | 'deflate';

/**
 * One zlib call per coding, on the thread pool; `maxOutputLength` makes zlib itself stop at the
 * limit, so a bomb never inflates in memory.
 */
async function decodeWhole(wire: Buffer, codings: Coding[], limits: BodyLimits): Promise<Buffer> {
  const options: ZlibOptions = { maxOutputLength: limits.limit };
  let data = wire;
  for (const coding of codings) {
    try {
      data = await DECODE_WHOLE[coding](data, options);
    } catch (err) {
      if (errorCode(err) === 'ERR_BUFFER_TOO_LARGE') {
        throw tooLarge(limits.url, limits.limit, 'after decompression');
      }
      throw err;
    }
  }
  return data;
}

const DECODE_WHOLE: Record<Coding, (data: Buffer, options: ZlibOptions) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  br: promisify(brotliDecompress),
  deflate: promisify(inflate),
};

/** Without a Content-Length, bytes are counted as they come and reading stops at the limit. */
async function readStreaming(
  body: Readable,
  codings: Coding[],
  limits: BodyLimits,
): Promise<Buffer> {
  if (codings.length === 0) {
    const sink = limitedSink(limits, 'while reading');
    await readPlain(body, sink.collect);
    return sink.result();
  }
  const sink = limitedSink(limits, 'after decompression');
  const decoders = codings.map((coding) =>
    coding === 'gzip'
      ? createGunzip()
      : coding === 'br'
        ? createBrotliDecompress()
        : createInflate(),
  );
  await pipeline([body, byteLimit(limits, 'before decompression'), ...decoders, sink.writable]);
  return sink.result();
}

/** Content-Encoding lists codings in the order applied, so they are undone in reverse. */
function codingsOf(encoding: string | null, url: string): Coding[] {
  if (encoding === null) return [];
  const names = encoding
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  return names.reverse().map((name) => {
    if (name === 'gzip' || name === 'x-gzip') return 'gzip';
    if (name === 'br' || name === 'deflate') return name;
    throw new StatuswatchError(
      'unsupported_format',
      `GET ${url} answered with Content-Encoding ${name}, which was not asked for`,
    );
  });
}

interface LimitedSink {
  collect: (chunk: Buffer) => void;
  writable: Writable;
  result: () => Buffer;
}

function limitedSink(limits: BodyLimits, when: string): LimitedSink {
  const chunks: Buffer[] = [];
  let total = 0;
  const collect = (chunk: Buffer): void => {
    total += chunk.length;
    if (total > limits.limit) throw tooLarge(limits.url, limits.limit, when);
    chunks.push(chunk);
  };
  return {
    collect,
    writable: new Writable({
      write(chunk: Buffer, _encoding, done) {
        try {
          collect(chunk);
          done();
        } catch (err) {
          done(err as Error);
        }
      },
    }),
    result: () => Buffer.concat(chunks, total),
  };
}

function byteLimit(limits: BodyLimits, when: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limits.limit) done(tooLarge(limits.url, limits.limit, when));
      else done(null, chunk);
    },
  });
}

/** Plain listeners: a stream pipeline costs an AbortController per call, noticeable per poll. */
function readPlain(body: Readable, collect: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    body.on('data', (chunk: Buffer) => {
      try {
        collect(chunk);
      } catch (err) {
        body.destroy(err as Error);
      }
    });
    body.once('error', reject);
    body.once('end', resolve);
    body.once('close', () => {
      reject(new Error('body closed before its end'));
    });
  });
}
