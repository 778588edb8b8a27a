import { describe, expect, it } from 'vitest';
import { FETCH_ERROR_KINDS, StatuswatchError } from '../domain/index.ts';
import { INTERNAL_ERROR, PAGE_UNREADABLE, RECEIVER_FAILED, errorAnswer } from './_error-answer.ts';
import { HttpError } from './_http.ts';

describe('errorAnswer', () => {
  it("answers the client's own mistakes with a 4xx whatever the route", () => {
    for (const remote of [PAGE_UNREADABLE, RECEIVER_FAILED]) {
      const answer = (kind: 'invalid_input' | 'bad_url' | 'not_found' | 'conflict') =>
        errorAnswer(new StatuswatchError(kind, 'x'), remote)?.status;
      expect([
        answer('invalid_input'),
        answer('bad_url'),
        answer('not_found'),
        answer('conflict'),
      ]).toEqual([400, 400, 404, 409]);
    }
  });

  it("answers a remote's failure as the route says, and keeps the message", () => {
    for (const kind of FETCH_ERROR_KINDS.filter(
      (k) => k !== 'bad_url' && k !== 'blocked_address',
    )) {
      const error = new StatuswatchError(kind, `GET x failed (${kind})`);
      expect(errorAnswer(error, PAGE_UNREADABLE)).toEqual({
        status: 422,
        code: 'unreadable_page',
        message: error.message,
      });
      expect(errorAnswer(error, RECEIVER_FAILED)?.status).toBe(502);
    }
  });

  it('withholds the words of a storage failure, names a missing setting, and leaves errors it does not know to the caller', () => {
    expect(
      errorAnswer(new StatuswatchError('storage', 'disk full at /secret'), RECEIVER_FAILED),
    ).toBe(INTERNAL_ERROR);
    // A missing setting is the operator's to fix, and the words say which.
    expect(
      errorAnswer(new StatuswatchError('config', 'no SMTP server configured'), RECEIVER_FAILED),
    ).toEqual({ status: 500, code: 'config', message: 'no SMTP server configured' });
    expect(errorAnswer(new HttpError(403, 'forbidden', 'no'), RECEIVER_FAILED)).toEqual({
      status: 403,
      code: 'forbidden',
      message: 'no',
    });
    expect(errorAnswer(new TypeError('bug'), RECEIVER_FAILED)).toBeNull();
  });
});
