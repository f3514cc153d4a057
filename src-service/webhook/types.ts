// Shapes passed along the webhook pipeline: adapter → verify → parse → route → handler.
import type { NormalizedEvent } from '../../src-shared/events';

/** What a transport adapter hands to the core: lower-cased headers, the raw body, when it arrived. */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
  /** Epoch milliseconds when the first byte arrived. */
  readonly receivedAt: number;
}

/** The answer the adapter writes: a status code and a small JSON body. */
export interface WebhookResponse {
  readonly status: number;
  readonly body: { readonly ok: boolean; readonly message: string; readonly [key: string]: unknown };
}

/** A verified, parsed delivery. */
export interface Delivery {
  readonly id: string;
  /** SHA-256 (hex) of the signed body. */
  readonly bodyDigest: string;
  readonly event: string;
  readonly action?: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly receivedAt: number;
  /** GitHub App installation the delivery came through, if any. */
  readonly installationId?: number;
}

/** What recording an event produced. */
export type RecordOutcome = 'recorded' | 'duplicate';

/** Services a handler may use. */
export interface HandlerContext {
  /** Durably records the event (idempotent by delivery id). */
  record(
    delivery: Delivery,
    event: NormalizedEvent,
  ): Promise<{ readonly outcome: RecordOutcome; readonly name: string }>;
  /** Counts an acknowledged-but-ignored delivery. */
  ignore(delivery: Delivery, reason: string): void;
}

/** What a handler decided. */
export type HandlerResult =
  | { readonly kind: 'recorded' | 'duplicate'; readonly name: string }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'pong' };

/** Handles one webhook event (optionally only some actions). One handler per file under `handlers/`. */
export interface WebhookHandler {
  readonly event: string;
  /** Actions this handler takes; undefined = all. Other actions are acknowledged and ignored. */
  readonly actions?: readonly string[];
  handle(delivery: Delivery, ctx: HandlerContext): Promise<HandlerResult>;
}
