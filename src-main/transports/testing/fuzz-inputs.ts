// Hostile inputs for the browser-host fuzz test, as fast-check arbitraries (sampled with fixed seeds): malformed
// HTTP requests, WebSocket upgrades, raw WebSocket frames and contract messages.
import fc from 'fast-check';
import type { FrameSpec } from './fuzz-wire';

/** What the generators need to know about the running host (never the secret, except where a case says so). */
export interface HostFacts {
  readonly port: number;
  /** `name.localhost:port`. */
  readonly authority: string;
  /** `http://name.localhost:port`. */
  readonly origin: string;
  readonly secret: string;
}

const NON_UTF8 = [[0xff], [0xc0, 0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xfe, 0xff, 0x00], [0x80]].map((b) => Buffer.from(b));
const nonUtf8 = fc.constantFrom(...NON_UTF8);

/** Odd bytes of every kind: control characters, any Unicode, invalid UTF-8. */
const piece = (maxLength: number): fc.Arbitrary<Buffer> =>
  fc.oneof(
    fc.string({ unit: 'binary-ascii', maxLength }).map((s) => Buffer.from(s, 'latin1')),
    fc.string({ unit: 'binary', maxLength }).map((s) => Buffer.from(s)),
    nonUtf8,
  );

/** `value` with weight `present`, else null with weight `missing`. */
const sometimesMissing = <T>(value: fc.Arbitrary<T>, missing: number, present: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: missing, arbitrary: fc.constant(null) }, { weight: present, arbitrary: value });

const ABSURD_TARGETS = [
  '//x:99999', 'http://[::1', 'http://[::1]:99999/', '//', '///', '*', '', ' ', '/%', '/%zz', '/%00', '/..', '/../../../etc/passwd',
  '/?token=', '/?token=%ff', '//evil.example/rpc', 'http://evil.example/', 'https://x:0/', '/rpc', '/assets/../../secret',
  '/index.html?', '/\\..\\..\\', '/;/', '/%2e%2e/%2e%2e/', 'rpc', '?', '#', '/?token=wrong&token=wrong', '/\u0000',
];

/** One raw HTTP request (bytes), malformed in one or more ways; it never carries the secret. */
export function malformedHttpRequest(host: HostFacts): fc.Arbitrary<Buffer> {
  const target = fc.oneof(
    fc.constantFrom(...ABSURD_TARGETS).map((t) => Buffer.from(t)),
    piece(100),
    fc.webPath().map((t) => Buffer.from(t)),
    fc.webUrl().map((t) => Buffer.from(t)),
    fc.tuple(fc.constantFrom(...ABSURD_TARGETS), nonUtf8).map(([t, b]) => Buffer.concat([Buffer.from(t), b])),
    fc.integer({ min: 1_000, max: 40_000 }).map((n) => Buffer.from(`/${'a'.repeat(n)}`)),
  );
  const method = fc.oneof(
    fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'PRI', 'get', 'G ET', '').map((m) => Buffer.from(m)),
    piece(12),
  );
  const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1x', '', 'http/1.1', 'HTTP/1.1 extra').map((v) => Buffer.from(v));
  const hostValue = fc.oneof(
    fc
      .constantFrom(host.authority, '127.0.0.1', `127.0.0.1:${host.port}`, `localhost:${host.port}`, `evil.example:${host.port}`, host.authority.toUpperCase(), `${host.authority}.evil.example`, '', '[::1', `${host.authority}:1`)
      .map((h) => Buffer.from(h)),
    piece(60),
  );
  const headerName = fc.oneof(
    fc.constantFrom('Cookie', 'Origin', 'Upgrade', 'Connection', 'Content-Length', 'Transfer-Encoding', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Expect', 'Range', 'X'),
    fc.string({ unit: 'binary-ascii', maxLength: 20 }),
  ).map((n) => Buffer.from(n, 'latin1'));
  const headerValue = fc.oneof(
    fc
      .constantFrom('websocket', 'Upgrade', 'chunked', '-1', '99999999999999999999', '100-continue', 'pipe_session=wrong', `pipe_session=${'x'.repeat(5000)}`, host.origin, 'null', 'bytes=0-')
      .map((v) => Buffer.from(v)),
    piece(80),
  );
  const header = fc.tuple(headerName, headerValue).map(([n, v]) => Buffer.concat([n, Buffer.from(': '), v, Buffer.from('\r\n')]));
  const eol = fc.constantFrom('\r\n', '\n', '\r', '\r\r\n');
  return fc
    .record({
      method,
      target,
      version,
      eol,
      host: sometimesMissing(hostValue, 1, 4),
      upgrade: fc.boolean(),
      headers: fc.array(header, { maxLength: 8 }),
      huge: sometimesMissing(fc.integer({ min: 17_000, max: 80_000 }), 9, 1),
      truncateAt: sometimesMissing(fc.double({ min: 0.05, max: 1, noNaN: true }), 4, 1),
    })
    .map((r) => {
      const parts: Buffer[] = [r.method, Buffer.from(' '), r.target, Buffer.from(' '), r.version, Buffer.from(r.eol)];
      if (r.host) parts.push(Buffer.from('Host: '), r.host, Buffer.from(r.eol));
      if (r.upgrade) {
        parts.push(Buffer.from('Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'));
      }
      parts.push(...r.headers);
      if (r.huge) parts.push(Buffer.from(`X-Big: ${'b'.repeat(r.huge)}\r\n`));
      parts.push(Buffer.from(r.eol));
      const bytes = Buffer.concat(parts);
      return r.truncateAt === null ? bytes : bytes.subarray(0, Math.floor(bytes.length * r.truncateAt));
    });
}

/** One upgrade attempt and whether our own checks (name, path, Origin, secret) should let it through. */
export interface UpgradeCase {
  readonly bytes: Buffer;
  /** Host, path, Origin and secret all right. */
  readonly passesOurChecks: boolean;
  /** Right for a plain GET (when Node does not treat it as an upgrade): name and secret right, a valid target. */
  readonly passesHttpChecks: boolean;
  /** Key, version and Upgrade/Connection headers right, so `ws` completes the handshake. */
  readonly isWellFormed: boolean;
}

/** Upgrade requests with every combination of right and wrong name, path, Origin, secret, key and version. */
export function upgradeAttempt(host: HostFacts): fc.Arbitrary<UpgradeCase> {
  const goodCookie = `pipe_session=${host.secret}`;
  return fc
    .record({
      path: fc.constantFrom('/rpc', `/rpc?token=${host.secret}`, '/rpc?token=wrong', '/', '/rpc/', '/RPC', '//x:99999', '/rpc#x', `/rpc?token=${host.secret}&x=%ff`, 'http://[::1'),
      hostHeader: fc.constantFrom(host.authority, host.authority.toUpperCase(), `127.0.0.1:${host.port}`, `localhost:${host.port}`, 'evil.example', '', null),
      origin: fc.constantFrom(host.origin, null, 'http://evil.example', `http://127.0.0.1:${host.port}`, 'null', `${host.origin}/`, `https://${host.authority}`),
      cookie: fc.constantFrom(null, goodCookie, 'pipe_session=wrong', `pipe_session=${host.secret}x`, `other=1; ${goodCookie}`, `pipe_session=${'x'.repeat(10_000)}`),
      key: fc.constantFrom('dGhlIHNhbXBsZSBub25jZQ==', null, 'short', '!!!!!!!!!!!!!!!!!!!!!!==', 'dGhlIHNhbXBsZSBub25jZQ'),
      version: fc.constantFrom('13', '8', null, '12', 'x'),
      upgrade: fc.constantFrom('websocket', 'WebSocket', 'h2c', ''),
      connection: fc.constantFrom('Upgrade', 'keep-alive, Upgrade', 'close'),
    })
    .map((c) => {
      const lines = [`GET ${c.path} HTTP/1.1`, `Upgrade: ${c.upgrade}`, `Connection: ${c.connection}`];
      if (c.hostHeader !== null) lines.push(`Host: ${c.hostHeader}`);
      if (c.origin !== null) lines.push(`Origin: ${c.origin}`);
      if (c.cookie !== null) lines.push(`Cookie: ${c.cookie}`);
      if (c.key !== null) lines.push(`Sec-WebSocket-Key: ${c.key}`);
      if (c.version !== null) lines.push(`Sec-WebSocket-Version: ${c.version}`);
      const hasSecret = c.path.includes(`token=${host.secret}&`) || c.path.endsWith(`token=${host.secret}`) || c.cookie === goodCookie || c.cookie === `other=1; ${goodCookie}`;
      const passesOurChecks =
        ['/rpc', `/rpc?token=${host.secret}`, '/rpc#x', `/rpc?token=${host.secret}&x=%ff`].includes(c.path) &&
        hasSecret &&
        c.hostHeader?.toLowerCase() === host.authority &&
        c.origin === host.origin;
      const passesHttpChecks = hasSecret && c.hostHeader?.toLowerCase() === host.authority && c.path.startsWith('/') && !c.path.startsWith('//');
      const isWellFormed =
        c.key === 'dGhlIHNhbXBsZSBub25jZQ==' && (c.version === '13' || c.version === '8') && c.upgrade.toLowerCase() === 'websocket' && /upgrade/i.test(c.connection);
      return { bytes: Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), passesOurChecks, passesHttpChecks, isWellFormed };
    });
}

const jsonText = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.constant('{"t":"call","id":1,"method":"app.ping","args":{"text":"x"}}'),
  fc.constant('{"t":"sub","id":2,"method":"app.notices","args":{}}'),
);

/** One sequence of raw frames after a good handshake: binary, invalid UTF-8, unmasked, reserved bits, absurd lengths. */
export function frameSequence(): fc.Arbitrary<FrameSpec[]> {
  const payload = fc.oneof(
    jsonText.map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    nonUtf8,
    fc.tuple(jsonText, nonUtf8).map(([s, b]) => Buffer.concat([Buffer.from(s), b])),
  );
  const frame: fc.Arbitrary<FrameSpec> = fc.record(
    {
      fin: fc.oneof(fc.constant(true), fc.boolean()),
      rsv: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 7 })),
      opcode: fc.oneof(fc.constantFrom(0, 1, 2, 8, 9, 10), fc.integer({ min: 0, max: 15 })),
      masked: fc.oneof(fc.constant(true), fc.boolean()),
      payload,
      declaredLength: fc.oneof(
        fc.bigInt({ min: 0n, max: 400n }),
        fc.constantFrom(2n ** 63n - 1n, 2n ** 53n, 2n ** 64n - 1n, BigInt(8 * 1024 * 1024 + 1), 126n, 65_536n),
      ),
    },
    { requiredKeys: ['fin', 'rsv', 'opcode', 'masked', 'payload'] },
  );
  return fc.array(frame, { minLength: 1, maxLength: 4 });
}

/** Frame sequences every run includes, one per known way to break the protocol. */
export function knownBadFrames(): FrameSpec[][] {
  const f = (over: Partial<FrameSpec>): FrameSpec => ({ fin: true, rsv: 0, opcode: 1, masked: true, payload: Buffer.from('{}'), ...over });
  return [
    [f({ opcode: 2, payload: Buffer.from([1, 2, 3]) })], // binary: answered with bad-request
    ...NON_UTF8.map((b) => [f({ payload: b })]), // invalid UTF-8 text: closed 1007
    [f({ masked: false })], // unmasked client frame
    [f({ opcode: 3 }), f({ opcode: 0xb })], // reserved opcodes
    [f({ rsv: 4 })], // RSV1 without permessage-deflate
    [f({ opcode: 0 })], // continuation without a start
    [f({ opcode: 9, payload: Buffer.alloc(126, 1) })], // control frame over 125 bytes
    [f({ opcode: 9, fin: false })], // fragmented control frame
    [f({ opcode: 8, payload: Buffer.from([0x03, 0xe7]) })], // close code 999
    [f({ opcode: 8, payload: Buffer.from([0x03]) })], // 1-byte close payload
    [f({ declaredLength: 2n ** 63n - 1n })], // length beyond 2^53
    [f({ declaredLength: BigInt(8 * 1024 * 1024 + 1) })], // over maxPayload
    [f({ declaredLength: 1000n })], // truncated: the socket ends mid-frame
    [f({ fin: false }), f({ opcode: 1 })], // a new text frame inside a fragmented message
    [f({ opcode: 10, payload: Buffer.from('unsolicited pong') }), f({ opcode: 9, payload: Buffer.from('ping') })],
  ];
}

const METHODS = [
  'app.ping', 'app.info', 'app.notices', 'app.shellEvents', 'settings.changes', 'app.updates', 'app.nope', 'nope.ping',
  '__proto__.x', 'constructor.name', 'app.__proto__', 'app.constructor', 'app.toString', 'app..ping', '.ping', 'app.', '',
  'a'.repeat(300), 'app.ping.x', 'app.hasOwnProperty',
];

/**
 * One contract message as text: wrong types, unknown or hostile method names, truncated JSON, plain garbage.
 * Only harmless real methods appear (ping, info, and streams that only read), so valid-looking args cannot start
 * a shell or write a file.
 */
export function contractMessage(): fc.Arbitrary<string> {
  const id = fc.oneof(fc.nat({ max: 1_000_000 }), fc.constantFrom(-1, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, 'x', null, 1e308));
  const args = fc.oneof(
    fc.constant({}),
    fc.anything({ maxDepth: 3 }),
    fc.record({ text: fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.string({ minLength: 1001, maxLength: 1100 })) }),
  );
  const envelope = fc.record(
    {
      t: fc.oneof(fc.constantFrom('call', 'sub', 'unsub'), fc.string({ maxLength: 8 })),
      id,
      method: fc.oneof(fc.constantFrom(...METHODS), fc.string({ maxLength: 40 })),
      args,
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 5, arbitrary: envelope.map((e) => JSON.stringify(e)) },
    { weight: 2, arbitrary: fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'undefined') },
    { weight: 2, arbitrary: fc.tuple(envelope, fc.nat()).map(([e, n]) => JSON.stringify(e).slice(0, n % JSON.stringify(e).length)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}
