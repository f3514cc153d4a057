import { describe, expect, it } from 'vitest';
import { commentOrigin, parseCommentCommand } from './comment-commands';

describe('parseCommentCommand', () => {
  it.each([
    ['/ok-to-test', { kind: 'ok-to-test' }],
    ['/ok-to-test 0123abc', { kind: 'ok-to-test', sha: '0123abc' }],
    ['/retest', { kind: 'retest' }],
    ['  /retest build  ', { kind: 'retest', pipeline: 'build' }],
    ['/test e2e\nbecause it flaked', { kind: 'test', pipeline: 'e2e' }],
    ['\n\n/cancel', { kind: 'cancel' }],
    ['/cancel deploy', { kind: 'cancel', pipeline: 'deploy' }],
  ])('%j → %j', (body, command) => {
    expect(parseCommentCommand(body)).toEqual(command);
  });

  it.each([
    'LGTM',
    'please /retest',
    '/test',
    '/ok-to-test now',
    '/ok-to-test 0123ab',
    `/ok-to-test ${'a'.repeat(41)}`,
    '/retest a b',
    '/retest ../../etc',
    '/RETEST',
    '/retest\u0000x',
    `/test ${'a'.repeat(300)}`,
    '',
  ])('not a command: %j', (body) => {
    expect(parseCommentCommand(body)).toBeUndefined();
  });

  it('reads only the first 1,000 characters of a huge comment', () => {
    expect(parseCommentCommand(`${' '.repeat(2_000_000)}/retest`)).toBeUndefined();
  });
});

describe('commentOrigin', () => {
  it('takes the comment id and author from the payload; anything else is no origin', () => {
    expect(commentOrigin({ comment: { id: 5, user: { login: 'octocat' } } })).toEqual({
      id: 5,
      author: 'octocat',
    });
    expect(commentOrigin({ comment: { id: '5', user: { login: 'octocat' } } })).toBeUndefined();
    expect(commentOrigin({})).toBeUndefined();
  });
});
