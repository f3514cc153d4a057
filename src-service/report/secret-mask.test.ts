import { describe, expect, it } from 'vitest';
import { MAX_MASKED_STRINGS, SecretMasker, secretRefsOfPod, secretValues } from './secret-mask';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('secretRefsOfPod', () => {
  it('finds env secretKeyRefs, envFrom secretRefs and Secret volumes (workspaces), merged per Secret', () => {
    const refs = secretRefsOfPod({
      spec: {
        initContainers: [{ envFrom: [{ secretRef: { name: 'init-all' } }] }],
        containers: [
          {
            env: [{ valueFrom: { secretKeyRef: { name: 'registry', key: 'password' } } }, { valueFrom: {} }],
          },
          {
            env: [{ valueFrom: { secretKeyRef: { name: 'registry', key: 'user' } } }],
            envFrom: [{ secretRef: { name: 'deploy' } }],
          },
        ],
        volumes: [
          { secret: { secretName: 'ssh', items: [{ key: 'id_ed25519' }] } },
          { secret: { secretName: 'deploy' } },
          { projected: { sources: [{ secret: { name: 'token' } }] } },
        ],
      },
    });
    expect(refs).toEqual([
      { name: 'deploy' },
      { name: 'init-all' },
      { name: 'registry', keys: ['password', 'user'] },
      { name: 'ssh', keys: ['id_ed25519'] },
      { name: 'token' },
    ]);
  });

  it('a pod without secrets has none', () => {
    expect(secretRefsOfPod({ spec: { containers: [{ env: [] }] } })).toEqual([]);
    expect(secretRefsOfPod({})).toEqual([]);
  });
});

describe('secretValues', () => {
  it('decodes the referenced keys, or all keys', () => {
    const data = { password: b64('hunter2-long'), user: b64('robot'), other: b64('x') };
    expect(secretValues(data, { name: 's', keys: ['password', 'missing'] })).toEqual(['hunter2-long']);
    expect(secretValues(data, { name: 's' })).toEqual(['hunter2-long', 'robot', 'x']);
    expect(secretValues(undefined, { name: 's' })).toEqual([]);
  });
});

describe('SecretMasker', () => {
  it('masks every occurrence, the base64 form, and each line of a multi-line value', () => {
    const key = '-----BEGIN KEY-----\nAAAAsecretline1\nBBBBsecretline2\n-----END KEY-----';
    const m = new SecretMasker(['s3cr3t-token', key]);
    expect(m.mask('login with s3cr3t-token then s3cr3t-token')).toBe('login with *** then ***');
    expect(m.mask(`auth: ${b64('s3cr3t-token')}`)).toBe('auth: ***');
    expect(m.mask('+ echo AAAAsecretline1')).toBe('+ echo ***');
    expect(m.mask('nothing here')).toBe('nothing here');
  });

  it('replaces a longer value whole even when it contains a shorter one', () => {
    const m = new SecretMasker(['abcd', 'abcdefgh']);
    expect(m.mask('x abcdefgh y abcd')).toBe('x *** y ***');
  });

  it('counts values too short to mask (the caller withholds the log) and ignores empty ones', () => {
    const m = new SecretMasker(['', '  ', 'ab', 'long-enough']);
    expect(m.unmaskable).toBe(1);
    expect(m.mask('ab long-enough')).toBe('ab ***');
    expect(new SecretMasker([]).isEmpty).toBe(true);
  });

  it('a Secret with more values than it can scan is reported unmaskable instead of masked partially', () => {
    const values = Array.from({ length: MAX_MASKED_STRINGS }, (_, i) => `value-${i}-xxxx`);
    expect(new SecretMasker(values).unmaskable).toBeGreaterThan(0);
  });
});
