// The one empty-state layout: what is missing and what to do next.
import type { ReactElement, ReactNode } from 'react';
import { Icon, type IconName } from './icon';

/** Props of EmptyState. */
export interface EmptyStateProps {
  readonly icon?: IconName;
  readonly title: string;
  /** What the user can do next; short, with commands in <code>. */
  readonly children?: ReactNode;
  /** Buttons for the next step. */
  readonly actions?: ReactNode;
  readonly compact?: boolean;
}

/** Tells a user why a place is empty and what to do next. */
export function EmptyState({ icon, title, children, actions, compact }: EmptyStateProps): ReactElement {
  return (
    <div className={compact ? 'empty-state empty-state--compact' : 'empty-state'}>
      {icon && (
        <div className="empty-state__icon">
          <Icon name={icon} size={compact ? 20 : 28} />
        </div>
      )}
      <p className="empty-state__title">{title}</p>
      {children && <div className="empty-state__body">{children}</div>}
      {actions && <div className="empty-state__actions">{actions}</div>}
    </div>
  );
}
