// Routes a delivery by event name and action to its handler; unknown events and actions are acknowledged and ignored.
import type { WebhookHandler } from './types';
import { createHandler } from './handlers/create';
import { deleteHandler } from './handlers/delete';
import { deploymentHandler } from './handlers/deployment';
import { deploymentStatusHandler } from './handlers/deployment-status';
import { issueCommentHandler } from './handlers/issue-comment';
import { pingHandler } from './handlers/ping';
import { pullRequestHandler } from './handlers/pull-request';
import { pushHandler } from './handlers/push';
import { releaseHandler } from './handlers/release';
import { workflowDispatchHandler } from './handlers/workflow-dispatch';

/** Every handler pipe-events has, one per event. */
export const DEFAULT_HANDLERS: readonly WebhookHandler[] = [
  pingHandler,
  pushHandler,
  pullRequestHandler,
  releaseHandler,
  createHandler,
  deleteHandler,
  deploymentHandler,
  deploymentStatusHandler,
  issueCommentHandler,
  workflowDispatchHandler,
];

/** The route decision for one delivery. */
export type Route =
  { readonly handler: WebhookHandler } | { readonly ignored: 'unsupported-event' | 'unsupported-action' };

/** A route table built once from the handlers. */
export class WebhookRouter {
  private readonly byEvent = new Map<string, WebhookHandler>();

  constructor(handlers: readonly WebhookHandler[] = DEFAULT_HANDLERS) {
    for (const h of handlers) {
      if (this.byEvent.has(h.event)) throw new Error(`two handlers for ${h.event}`);
      this.byEvent.set(h.event, h);
    }
  }

  /** Finds the handler for an event and action. */
  route(event: string, action: string | undefined): Route {
    const handler = this.byEvent.get(event);
    if (!handler) return { ignored: 'unsupported-event' };
    if (handler.actions && (action === undefined || !handler.actions.includes(action)))
      return { ignored: 'unsupported-action' };
    return { handler };
  }

  /** True for event names with a handler (only these become metric labels). */
  knows(event: string): boolean {
    return this.byEvent.has(event);
  }

  /** Event names with a handler (for the webhook's event subscription list in the README). */
  get events(): string[] {
    return [...this.byEvent.keys()];
  }
}
