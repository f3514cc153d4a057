// A small set of 16px line icons drawn inline (no icon font, no extra request).
import type { ReactElement } from 'react';

const PATHS = {
  logo: 'M4.5 3v10M4.5 3h3.5a2.75 2.75 0 0 1 0 5.5H4.5M10.75 5.75h1.5',
  cluster: 'M8 1.5l5.5 3v6l-5.5 3-5.5-3v-6zM8 7.5v6M8 7.5l5.5-3M8 7.5l-5.5-3',
  pipeline: 'M2.5 4.5h3v3h-3zM10.5 2.5h3v3h-3zM10.5 10.5h3v3h-3zM5.5 6h2.5v-2h2.5M8 6v6h2.5',
  terminal: 'M2 3h12v10H2zM4.5 6l2 2-2 2M8 10h3.5',
  logs: 'M3 3.5h10M3 6.5h10M3 9.5h7M3 12.5h8',
  home: 'M2.5 7.5L8 3l5.5 4.5V13h-3.5V9.5h-4V13H2.5z',
  settings:
    'M8 5.75a2.25 2.25 0 1 0 0 4.5 2.25 2.25 0 0 0 0-4.5zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  bell: 'M4 11V7a4 4 0 0 1 8 0v4l1 1.5H3zM6.5 14h3',
  search: 'M7 2.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9zM10.3 10.3L13.5 13.5',
  close: 'M4 4l8 8M12 4l-8 8',
  chevronDown: 'M4 6l4 4 4-4',
  chevronRight: 'M6 4l4 4-4 4',
  sun: 'M8 5a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1 1M12 12l1 1M3 13l1-1M12 4l1-1',
  moon: 'M13 9.5A5.5 5.5 0 0 1 6.5 3a5.5 5.5 0 1 0 6.5 6.5z',
  plug: 'M6 2v3M10 2v3M4.5 5h7v3a3.5 3.5 0 0 1-7 0zM8 11.5V14',
  sidebar: 'M2 3h12v10H2zM6 3v10',
  panel: 'M2 3h12v10H2zM2 9.5h12',
  info: 'M8 1.75a6.25 6.25 0 1 0 0 12.5 6.25 6.25 0 0 0 0-12.5zM8 7v4.5M8 4.5v.5',
  warning: 'M8 2l6.5 11.5h-13zM8 6.5v3.5M8 11.75v.5',
  error: 'M8 1.75a6.25 6.25 0 1 0 0 12.5 6.25 6.25 0 0 0 0-12.5zM5.5 5.5l5 5M10.5 5.5l-5 5',
  command: 'M5.5 2.5a1.5 1.5 0 1 0 0 3h5a1.5 1.5 0 1 0-1.5-1.5v8a1.5 1.5 0 1 0 1.5-1.5h-5a1.5 1.5 0 1 0 1.5 1.5v-8A1.5 1.5 0 0 0 5.5 2.5z',
  external: 'M9 2.5h4.5V7M13.5 2.5L7.5 8.5M11.5 9.5v4h-9v-9h4',
  refresh: 'M13 3v3.5H9.5M13 6.5A5.5 5.5 0 1 0 13.5 10',
  kubeconfig: 'M4 1.5h5.5L12.5 4.5v10h-8.5zM9.5 1.5v3h3M6 8h4.5M6 10.5h4.5',
} as const;

/** The names of the built-in icons. */
export type IconName = keyof typeof PATHS;

/** Draws a built-in icon; decorative unless `label` is given. */
export function Icon({ name, label, size = 16 }: { name: IconName; label?: string; size?: number }): ReactElement {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

/** Renders either a built-in icon name or an element a feature supplied. */
export function IconSlot({ icon }: { icon: IconName | ReactElement | undefined }): ReactElement | null {
  if (icon === undefined) return null;
  return typeof icon === 'string' ? <Icon name={icon} /> : icon;
}
