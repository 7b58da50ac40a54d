import { jest } from '@jest/globals';
import { Logger, type ArgumentsHost } from '@nestjs/common';
import { ProblemDetailsFilter, ProblemException } from './problem-details.js';
import { problemsIn, WellFormedInputPipe } from './well-formed-input.js';

const body = { type: 'body' as const, metatype: Object, data: undefined };

describe('WellFormedInputPipe', () => {
  const pipe = new WellFormedInputPipe();
  const refusal = (value: unknown, metadata = body) => {
    try {
      pipe.transform(value, metadata);
      return null;
    } catch (e) {
      return (e as ProblemException).problem;
    }
  };

  it('lets ordinary text through, right-to-left marks, emoji and all', () => {
    const value = { name: 'Zoë \u202eabc\u202c 👩‍🏫', tags: ['a', { b: 'c' }], n: -0 };
    expect(pipe.transform(value, body)).toBe(value);
  });

  it.each([
    ['a NUL character', { details: 'a\u0000b' }, 'details'],
    ['a lone high surrogate', { aboutAdult: { name: 'x\ud800' } }, 'aboutAdult.name'],
    ['a lone low surrogate', { bodyMap: [{ note: '\udc00y' }] }, 'bodyMap[0].note'],
    ['a __proto__ key', JSON.parse('{"__proto__": {"admin": true}}'), '__proto__'],
    ['a constructor key', { nested: { constructor: 1 } }, 'nested.constructor'],
    ['a prototype key', { prototype: {} }, 'prototype'],
    ['a NUL in a key', { 'a\u0000': 1 }, 'a\u0000'],
  ])('refuses %s with a 400 naming the field', (_, value, field) => {
    const problem = refusal(value);
    expect(problem).toMatchObject({ status: 400, errors: [expect.objectContaining({ field })] });
  });

  it('refuses bodies nested deeper than any request needs', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i += 1) deep = { a: deep };
    expect(refusal(deep)).toMatchObject({ status: 400 });
  });

  it('checks path and query values too, and leaves custom arguments (the actor) alone', () => {
    expect(refusal('a\u0000', { type: 'param', metatype: String, data: 'id' } as never)).toMatchObject({ errors: [{ field: 'id' }] });
    expect(refusal({ search: '\ud800' }, { type: 'query', metatype: Object, data: undefined } as never)).toMatchObject({ status: 400 });
    expect(pipe.transform({ name: 'a\u0000' }, { type: 'custom', metatype: Object, data: undefined })).toEqual({ name: 'a\u0000' });
  });

  it('finds nothing wrong with numbers, booleans and null', () => expect(problemsIn([1, true, null, 1e308], '')).toEqual([]));
});

describe('ProblemDetailsFilter and text PostgreSQL cannot store', () => {
  const respond = (exception: unknown) => {
    const sent: { status?: number; body?: unknown } = {};
    const res = {
      headersSent: false,
      status(s: number) {
        sent.status = s;
        return res;
      },
      type: () => res,
      json(b: unknown) {
        sent.body = b;
        return res;
      },
    };
    const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
    new ProblemDetailsFilter().catch(exception, host);
    return sent;
  };

  it.each(['22P05', '22021'])('answers 400 for SQLSTATE %s', (code) => {
    expect(respond(Object.assign(new Error('unsupported Unicode escape sequence'), { code }))).toMatchObject({ status: 400 });
  });

  it('still answers 500 for other database errors', () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(respond(Object.assign(new Error('deadlock'), { code: '40P01' }))).toMatchObject({ status: 500 });
  });
});
