// Raw-socket helpers for the browser-host fuzz test: send exact bytes, read what comes back until the server closes,
// and build or read WebSocket frames by hand (RFC 6455 §5.2), including ones no client library would send.
import { connect, type Socket } from 'node:net';

/** What one raw exchange saw. */
export interface Exchange {
  readonly reply: Buffer;
  /** False when the server kept the socket open past the safety limit (a hang: the test fails on it). */
  readonly closed: boolean;
}

/** When the client half-closes: at once (an abandoned request), never (the server must close), or once it answers. */
export type HalfClose = 'at-once' | 'never' | 'after-answer';

/**
 * Writes `bytes` and collects the reply until the server closes (or `safetyMs` pass: a hang). 'after-answer' ends
 * the client side at the first byte of an answer, or after `quietMs` of silence (a request the server is still
 * waiting to complete), so most inputs get to see the server's own answer instead of racing the end of input.
 */
export function exchange(
  port: number,
  bytes: Buffer,
  { halfClose = 'at-once' as HalfClose, safetyMs = 30_000, quietMs = 100 } = {},
): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    collect(socket, safetyMs, resolve);
    socket.on('connect', () => {
      if (halfClose === 'at-once') return void socket.end(bytes);
      socket.write(bytes);
      if (halfClose === 'never') return;
      const endNow = (): void => {
        clearTimeout(quiet);
        if (!socket.destroyed) socket.end();
      };
      const quiet = setTimeout(endNow, quietMs);
      socket.once('data', endNow);
      socket.once('close', () => clearTimeout(quiet));
    });
  });
}

/** Collects a socket's bytes until it closes; resolves once. */
export function collect(socket: Socket, safetyMs: number, done: (e: Exchange) => void, initial: Buffer[] = []): void {
  const chunks = [...initial];
  let settled = false;
  const finish = (closed: boolean): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    socket.destroy();
    done({ reply: Buffer.concat(chunks), closed });
  };
  const timer = setTimeout(() => finish(false), safetyMs);
  socket.on('data', (d: Buffer) => chunks.push(d));
  socket.on('error', () => undefined); // a reset is one way of closing
  socket.on('close', () => finish(true));
}

/** The final status code of a raw HTTP reply (past any `100 Continue`), or undefined when none came back. */
export function statusOf(reply: Buffer): number | undefined {
  let text = reply.subarray(0, 4096).toString('latin1');
  for (;;) {
    const m = /^HTTP\/1\.[01] (\d{3})[ \r]/.exec(text);
    if (!m) return undefined;
    const status = Number(m[1]);
    const end = text.indexOf('\r\n\r\n');
    if (status !== 100 || end < 0) return status;
    text = text.slice(end + 4);
  }
}

/** Opens an authenticated WebSocket by hand; resolves with the raw socket after `101`, and any bytes past it. */
export function openRawWebSocket(port: number, headers: Record<string, string>, path = '/rpc'): Promise<{ socket: Socket; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const lines = [
      `GET ${path} HTTP/1.1`,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    let head = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      if (statusOf(head) !== 101) {
        socket.destroy();
        reject(new Error(`upgrade refused: ${head.subarray(0, 80).toString('latin1')}`));
        return;
      }
      resolve({ socket, rest: head.subarray(end + 4) });
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.on('connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
  });
}

/** A WebSocket frame as the fuzz test describes it; any field may break the protocol on purpose. */
export interface FrameSpec {
  readonly fin: boolean;
  /** RSV1-3 bits (0-7); non-zero without a negotiated extension is a protocol error. */
  readonly rsv: number;
  readonly opcode: number;
  /** Clients must mask; an unmasked client frame is a protocol error. */
  readonly masked: boolean;
  readonly payload: Buffer;
  /** Length to declare instead of the payload's own (truncated or absurd frames). */
  readonly declaredLength?: bigint;
}

/** Encodes a frame exactly as described (mask key fixed: determinism over secrecy in a test). */
export function encodeFrame(spec: FrameSpec): Buffer {
  const length = spec.declaredLength ?? BigInt(spec.payload.length);
  const first = (spec.fin ? 0x80 : 0) | ((spec.rsv & 7) << 4) | (spec.opcode & 0x0f);
  const maskBit = spec.masked ? 0x80 : 0;
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, maskBit | Number(length)]);
  else if (length < 65536n) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = maskBit | 126;
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt.asUintN(64, length), 2);
  }
  if (!spec.masked) return Buffer.concat([header, spec.payload]);
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(spec.payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([header, key, body]);
}

/** A frame the server sent (servers never mask). */
export interface ServerFrame {
  readonly opcode: number;
  readonly payload: Buffer;
}

/** Reads the complete server frames at the start of `data` (a trailing partial frame is ignored). */
export function decodeServerFrames(data: Buffer): ServerFrame[] {
  const frames: ServerFrame[] = [];
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = data[at]! & 0x0f;
    let length = data[at + 1]! & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      if (offset + 2 > data.length) break;
      length = data.readUInt16BE(offset);
      offset += 2;
    } else if (length === 127) {
      if (offset + 8 > data.length) break;
      length = Number(data.readBigUInt64BE(offset));
      offset += 8;
    }
    if (offset + length > data.length) break;
    frames.push({ opcode, payload: data.subarray(offset, offset + length) });
    at = offset + length;
  }
  return frames;
}
