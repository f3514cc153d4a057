import { describe, expect, it } from 'vitest';
import { describeFailure, EXPIRED_MESSAGE } from './cluster-problems';

describe('error mapping', () => {
  it('401 → expired: credentials expired, log in again', () => {
    const p = describeFailure({ kind: 'http', status: 401, serverMessage: 'Unauthorized' });
    expect(p).toMatchObject({ code: 'expired', message: EXPIRED_MESSAGE });
    expect(p.message).toBe('Credentials expired — log in again.');
  });

  it('403 → the server’s own message, verbatim', () => {
    const rbac = 'pods is forbidden: User "alice@example.com" cannot list resource "pods" in API group "" in the namespace "secret-team"';
    expect(describeFailure({ kind: 'http', status: 403, serverMessage: rbac })).toMatchObject({ code: 'forbidden', message: rbac });
    expect(describeFailure({ kind: 'http', status: 403 }).message).toMatch(/403/);
  });

  it('explains TLS failures by their Node codes', () => {
    const self = describeFailure({ kind: 'network', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' });
    expect(self.code).toBe('tls');
    expect(self.message).toMatch(/self-signed certificate that your kubeconfig does not trust/);
    expect(describeFailure({ kind: 'network', code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'x' }).message).toMatch(/tls-server-name/);
    expect(describeFailure({ kind: 'network', code: 'CERT_HAS_EXPIRED', message: 'x' }).message).toMatch(/expired/);
    expect(describeFailure({ kind: 'network', code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'x' }).message).toMatch(/did not answer with TLS/);
  });

  it('unreachable → unavailable with the server named', () => {
    const p = describeFailure({ kind: 'network', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED', server: 'https://127.0.0.1:1' });
    expect(p.code).toBe('unavailable');
    expect(p.message).toMatch(/connection refused.*127\.0\.0\.1:1/);
    expect(describeFailure({ kind: 'timeout', server: 'https://x' }).code).toBe('unavailable');
    expect(describeFailure({ kind: 'http', status: 503, serverMessage: 'etcd down' }).message).toMatch(/503.*etcd down/);
    expect(describeFailure({ kind: 'http', status: 429 }).code).toBe('unavailable');
  });

  it('exec plugins: not found names the PATH searched; failures show stderr', () => {
    const nf = describeFailure({ kind: 'exec', command: 'kubelogin', code: 'ENOENT', searchedPath: '/usr/bin:/bin' });
    expect(nf.code).toBe('invalid-config');
    expect(nf.message).toMatch(/"kubelogin" was not found/);
    expect(nf.help).toMatch(/\/usr\/bin:\/bin/);
    const failed = describeFailure({ kind: 'exec', command: 'aws', stderr: 'token has expired\n' });
    expect(failed.message).toMatch(/failed: token has expired/);
  });

  it('404 names what was missing (e.g. Tekton not installed)', () => {
    expect(describeFailure({ kind: 'http', status: 404, what: 'PipelineRuns (tekton.dev/v1)' }).message).toBe('PipelineRuns (tekton.dev/v1) was not found on this cluster.');
  });
});
