// The host's DesktopNotifier in the desktop app: Electron's main-process `Notification` (no page needed, so it works
// with the window closed). A click hands the notification's pipe-desktop:// link to `onClick`.
import { Notification } from 'electron';
import type { DesktopNotification, DesktopNotifier } from '../runs/desktop-notifier';

const MAX_LIVE = 50;

/** Electron's notifier, or undefined where the OS shows no notifications. */
export function electronNotifier(onClick: (link: string) => void, onFailed: (error: string) => void): DesktopNotifier | undefined {
  if (!Notification.isSupported()) return undefined;
  // Held until closed or clicked: a notification object that is garbage collected loses its click handler.
  const live = new Set<Notification>();
  return {
    show({ title, body, link }: DesktopNotification): void {
      const n = new Notification({ title, body });
      const forget = (): void => void live.delete(n);
      n.on('click', () => {
        forget();
        onClick(link);
      });
      n.on('close', forget);
      n.on('failed', (_event, error) => {
        forget();
        onFailed(error);
      });
      live.add(n);
      for (const old of live) {
        if (live.size <= MAX_LIVE) break;
        live.delete(old);
      }
      n.show();
    },
  };
}
