import { describe, expect, it } from 'vitest';
import { pipeEventsContract } from '../contract/pipe-events';

describe('pipeEvents contract (renderer → host input)', () => {
  const send = pipeEventsContract.sendSample.input;
  it.each([{ kind: 'push' }, { kind: 'push', branch: 'feature/login' }, { kind: 'pull_request' }, { kind: 'tag' }, { kind: 'deployment' }])('accepts %j', (input) => {
    expect(send.safeParse(input).success).toBe(true);
  });
  it.each([
    {},
    { kind: 'release' },
    { kind: 'push', branch: '' },
    { kind: 'push', branch: '../etc' },
    { kind: 'push', branch: 'a..b' },
    { kind: 'push', branch: '-x' },
    { kind: 'push', branch: 'x y' },
    { kind: 'push', branch: 'b'.repeat(201) },
    { kind: 'push', secret: 'x' },
    { kind: 'push', webhookUrl: 'http://evil' },
  ])('refuses %j', (input) => {
    expect(send.safeParse(input).success).toBe(false);
  });
  it('takes no input for the target and refuses extra keys', () => {
    expect(pipeEventsContract.sampleTarget.input.safeParse({}).success).toBe(true);
    expect(pipeEventsContract.sampleTarget.input.safeParse({ url: 'x' }).success).toBe(false);
    expect(pipeEventsContract.watchStatus.input.safeParse({ context: 'c', namespace: 'Bad_NS' }).success).toBe(false);
  });
});
