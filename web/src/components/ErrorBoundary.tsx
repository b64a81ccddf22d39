/**
 * Catches a render error below it and shows it in place, so no bug in one page ever leaves the
 * user on a blank white screen: the navigation stays usable and a reload or another page recovers.
 * Give it a `resetKey` (the path) so moving to another page clears the error.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ErrorBoundaryProps {
  resetKey?: string;
  children: ReactNode;
}

interface ErrorBoundaryState {
  error: Error | null;
  resetKey?: string;
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  state: ErrorBoundaryState = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<ErrorBoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: ErrorBoundaryState): Partial<ErrorBoundaryState> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    // The console keeps the component stack for whoever reports the bug.
    console.error('page crashed', error, info.componentStack);
  }

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="page page-narrow" data-testid="page-error">
        <div className="banner banner-error" role="alert">
          <span>
            <strong>This page hit an error:</strong> {error.message}
          </span>
        </div>
        <p className="muted">
          The rest of the dashboard still works. Try again, or go back to the <a href="/">overview</a>.
        </p>
        <p>
          <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </p>
      </div>
    );
  }
}
