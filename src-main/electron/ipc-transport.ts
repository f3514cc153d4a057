// The Electron IPC transport: carries the contract between our one window and the host.
// Every message is checked for its sender (our webContents, its main frame, an app:// page) before the
// RPC host sees it; the RPC host then validates the message itself. Written against small interfaces
// so it is testable without electron.
import type { HostMessage } from '../../src-shared/contract/wire';
import type { RpcConnection } from '../host/rpc-host';
import { IPC_CHANNELS } from './ipc-channels';
import { isAppUrl } from './navigation-policy';

/** The parts of an IPC event the transport checks. */
export interface IpcEventLike {
  readonly sender: unknown;
  readonly senderFrame?: { readonly url: string } | null;
}

type IpcListener = (event: IpcEventLike, ...args: unknown[]) => void;

/** The parts of ipcMain the transport uses. */
export interface IpcMainLike {
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

/** The parts of a webContents the transport uses. */
export interface WebContentsLike {
  readonly mainFrame?: unknown;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** Anything that opens RPC connections (the RpcHost). */
export interface RpcConnector {
  connect(send: (message: HostMessage) => void): RpcConnection;
}

/** Options for the transport. */
export interface IpcTransportOptions {
  /** Told about refused messages (wrong sender, wrong frame, not a string). */
  readonly onRejected?: (reason: string) => void;
}

/** Connects `contents` to the RPC host over IPC; returns the disposer. */
export function attachIpcTransport(ipc: IpcMainLike, contents: WebContentsLike, rpc: RpcConnector, options: IpcTransportOptions = {}): () => void {
  let connection: RpcConnection | undefined;
  let disposed = false;

  const isTrusted = (event: IpcEventLike): boolean => {
    if (event.sender !== contents) return reject('message from another webContents');
    const frame = event.senderFrame;
    if (!frame) return reject('message from a frame that is gone');
    if (contents.mainFrame !== undefined && frame !== contents.mainFrame) return reject('message from a subframe');
    if (!isAppUrl(frame.url)) return reject(`message from a page outside the app (${frame.url.slice(0, 100)})`);
    return true;
  };

  function reject(reason: string): false {
    options.onRejected?.(reason);
    return false;
  }

  const open = (): RpcConnection => {
    connection?.dispose();
    connection = rpc.connect((message) => {
      if (!contents.isDestroyed()) contents.send(IPC_CHANNELS.toRenderer, JSON.stringify(message));
    });
    return connection;
  };

  const onHello: IpcListener = (event) => {
    if (!disposed && isTrusted(event)) open();
  };

  const onMessage: IpcListener = (event, payload) => {
    if (disposed || !isTrusted(event)) return;
    if (typeof payload !== 'string') {
      reject('message that is not a JSON string');
      return;
    }
    (connection ?? open()).receive(payload);
  };

  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    ipc.removeListener(IPC_CHANNELS.hello, onHello);
    ipc.removeListener(IPC_CHANNELS.toHost, onMessage);
    connection?.dispose();
    connection = undefined;
  };

  ipc.on(IPC_CHANNELS.hello, onHello);
  ipc.on(IPC_CHANNELS.toHost, onMessage);
  contents.once('destroyed', dispose);
  return dispose;
}
