// The port through which the host shows a desktop notification. The desktop app implements it with Electron's
// `Notification` (src-main/electron/electron-notifier.ts); browser mode has none; tests record.

/** One notification: what it says, and the `pipe-desktop://` link opened (window shown first) when it is clicked. */
export interface DesktopNotification {
  readonly title: string;
  readonly body: string;
  readonly link: string;
}

/** Shows desktop notifications from the host process. */
export interface DesktopNotifier {
  show(notification: DesktopNotification): void;
}

/** Keeps what would have been shown (tests, and a host that wants to list them). */
export class RecordingNotifier implements DesktopNotifier {
  readonly shown: DesktopNotification[] = [];
  private readonly listeners = new Set<(n: DesktopNotification) => void>();

  show(notification: DesktopNotification): void {
    this.shown.push(notification);
    for (const l of this.listeners) l(notification);
  }

  /** Calls `fn` for each notification shown from now on; returns the disposer. */
  onDidShow(fn: (n: DesktopNotification) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
