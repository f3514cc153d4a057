// Catches render errors in a part of the UI and shows a readable message with a way back.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { describeError } from '../bridge/report-error';
import { Icon } from '../ui/icon';

/** Props of ErrorBoundary. */
export interface ErrorBoundaryProps {
  /** What failed, for the heading ("The Pipelines view"). Defaults to "This part of PIPE Desktop". */
  readonly label?: string;
  /** Called by "Back to start" before the boundary retries. */
  readonly onBackToStart?: () => void;
  readonly children: ReactNode;
}

interface State {
  readonly error: unknown;
  readonly hasError: boolean;
}

/** Shows a readable failure instead of a blank window; "Back to start" and "Try again" recover. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: undefined, hasError: false };

  static getDerivedStateFromError(error: unknown): State {
    return { error, hasError: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('PIPE Desktop: a view crashed', error, info.componentStack);
  }

  private readonly retry = (): void => this.setState({ error: undefined, hasError: false });

  private readonly backToStart = (): void => {
    this.props.onBackToStart?.();
    this.retry();
  };

  override render(): ReactNode {
    if (!this.state.hasError) return this.props.children;
    const label = this.props.label ?? 'This part of PIPE Desktop';
    return (
      <div className="error-boundary" role="alert">
        <div className="error-boundary__icon">
          <Icon name="error" size={24} />
        </div>
        <h2 className="error-boundary__title">{label} stopped working</h2>
        <p className="error-boundary__message">{describeError(this.state.error)}</p>
        <p className="error-boundary__hint">The rest of the app still works. Go back to the start page, or try this view again.</p>
        <div className="error-boundary__actions">
          <button type="button" className="btn btn--primary" onClick={this.backToStart}>
            Back to start
          </button>
          <button type="button" className="btn" onClick={this.retry}>
            Try again
          </button>
        </div>
      </div>
    );
  }
}
