// Certificates for the sandbox, made with the openssl CLI: one CA, one loopback serving cert, client certs, SA key.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { runCommand } from './go-build.js';

/** Paths of a certificate and its key (PEM). */
export interface CertPair {
  cert: string;
  key: string;
}

/** Every piece of TLS material the sandbox uses. */
export interface SandboxCerts {
  ca: CertPair;
  /** Serving cert for 127.0.0.1/localhost, used by every server in the sandbox. */
  server: CertPair;
  /** Client cert CN=pipe-sandbox-admin, O=system:masters. */
  admin: CertPair;
  /** Service-account signing key (EC P-256, PEM private key). */
  serviceAccountKey: string;
  /** Its public half (PEM), for --service-account-key-file. */
  serviceAccountPub: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args: readonly string[]): Promise<string> {
  return runCommand('openssl', args).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('PIPE sandbox needs the `openssl` CLI on PATH');
    throw e;
  });
}

/** Creates a self-signed CA. */
export async function createCa(dir: string, commonName: string): Promise<CertPair> {
  const pair = { cert: join(dir, 'ca.crt'), key: join(dir, 'ca.key') };
  await openssl([
    'req', '-x509', ...EC, '-keyout', pair.key, '-out', pair.cert, '-days', '3650', '-subj', `/CN=${commonName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return pair;
}

/** Issues a leaf certificate signed by the CA (server and/or client usage). */
export async function issueCert(
  ca: CertPair,
  dir: string,
  name: string,
  subject: { cn: string; o?: string },
  sans?: { dns: readonly string[]; ip: readonly string[] },
): Promise<CertPair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const subj = `/CN=${subject.cn}${subject.o ? `/O=${subject.o}` : ''}`;
  const ext = ['-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature'];
  ext.push('-addext', `extendedKeyUsage=${sans ? 'serverAuth,clientAuth' : 'clientAuth'}`);
  if (sans) {
    const alt = [...sans.dns.map((d) => `DNS:${d}`), ...sans.ip.map((i) => `IP:${i}`)].join(',');
    ext.push('-addext', `subjectAltName=${alt}`);
  }
  await openssl([
    'req', '-x509', ...EC, '-keyout', pair.key, '-out', pair.cert, '-days', '3650', '-subj', subj,
    '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', `0x${randomBytes(8).toString('hex')}`, ...ext,
  ]);
  return pair;
}

/** Generates all sandbox certificates into dir. */
export async function createSandboxCerts(dir: string): Promise<SandboxCerts> {
  const ca = await createCa(dir, 'pipe-sandbox-ca');
  const serviceAccountKey = join(dir, 'service-account.key');
  const serviceAccountPub = join(dir, 'service-account.pub');
  const [server, admin] = await Promise.all([
    issueCert(ca, dir, 'server', { cn: 'pipe-sandbox-server' }, { dns: ['localhost'], ip: ['127.0.0.1'] }),
    issueCert(ca, dir, 'admin', { cn: 'pipe-sandbox-admin', o: 'system:masters' }),
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', serviceAccountKey]).then(() =>
      openssl(['pkey', '-in', serviceAccountKey, '-pubout', '-out', serviceAccountPub]),
    ),
  ]);
  return { ca, server, admin, serviceAccountKey, serviceAccountPub };
}
