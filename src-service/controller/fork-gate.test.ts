import { describe, expect, it } from 'vitest';
import { normalizeWebhook } from '../../src-shared/events';
import { pullRequestPayload } from '../testing/deliveries';
import { decideFork, pullRequestOrigin, type ForkPolicy } from './fork-gate';

const policy: ForkPolicy = {
  trustedUsers: ['Trusted-Friend'],
  trustedAssociations: ['OWNER', 'MEMBER', 'COLLABORATOR'],
  definitionsFrom: 'base',
};
const HEAD = 'b'.repeat(40);

function pr(opts: Partial<Parameters<typeof pullRequestPayload>[0]>) {
  const payload = pullRequestPayload({
    repository: 'acme/app',
    number: 7,
    baseSha: 'a'.repeat(40),
    headSha: HEAD,
    ...opts,
  });
  return { event: normalizeWebhook('pull_request', payload, 'd1')!, origin: pullRequestOrigin(payload) };
}

describe('decideFork', () => {
  it('a same-repository pull request is not a fork, whoever opened it', () => {
    const { event, origin } = pr({ authorAssociation: 'NONE' });
    expect(decideFork(event, origin, policy)).toEqual({ kind: 'not-fork' });
  });

  it.each(['NONE', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN'])(
    'a fork pull request by a %s author does not run',
    (association) => {
      const { event, origin } = pr({
        headRepository: 'mallory/app',
        author: 'mallory',
        authorAssociation: association,
      });
      const d = decideFork(event, origin, policy);
      expect(d.kind).toBe('untrusted');
      expect(d.kind === 'untrusted' && d.reason).toMatch(/@mallory/);
    },
  );

  it('a fork whose repository was deleted (head.repo null) counts as a fork', () => {
    const { event, origin } = pr({ headRepository: null, authorAssociation: 'NONE' });
    expect(decideFork(event, origin, policy).kind).toBe('untrusted');
  });

  it('a fork event without a recorded origin is untrusted', () => {
    const { event } = pr({ headRepository: 'mallory/app' });
    expect(decideFork(event, undefined, policy).kind).toBe('untrusted');
  });

  it.each(['OWNER', 'MEMBER', 'COLLABORATOR'])(
    'a %s fork runs with the base branch definitions',
    (association) => {
      const { event, origin } = pr({ headRepository: 'friend/app', authorAssociation: association });
      expect(decideFork(event, origin, policy)).toMatchObject({
        kind: 'trusted',
        definitionsRef: 'refs/heads/main',
      });
    },
  );

  it('a user listed as trusted (any case) runs; definitions from the fork only when the config says so', () => {
    const { event, origin } = pr({
      headRepository: 'trusted-friend/app',
      author: 'trusted-friend',
      authorAssociation: 'NONE',
    });
    expect(decideFork(event, origin, policy)).toMatchObject({
      kind: 'trusted',
      definitionsRef: 'refs/heads/main',
    });
    expect(decideFork(event, origin, { ...policy, definitionsFrom: 'head' })).toMatchObject({
      kind: 'trusted',
      definitionsRef: HEAD,
    });
  });

  it('a merged fork pull request (its merge commit is on the base branch) is not gated', () => {
    const { event, origin } = pr({ headRepository: 'mallory/app', authorAssociation: 'NONE' });
    expect(decideFork({ ...event, merged: true }, origin, policy)).toEqual({ kind: 'not-fork' });
  });

  it('other events are not gated', () => {
    const { event, origin } = pr({ headRepository: 'mallory/app', authorAssociation: 'NONE' });
    expect(decideFork({ ...event, name: 'push' }, origin, policy)).toEqual({ kind: 'not-fork' });
  });
});
