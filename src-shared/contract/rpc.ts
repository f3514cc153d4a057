// The building blocks of the UI/host contract: calls (request → response) and streams (subscribe → events).
import type { z } from 'zod';
import type { RpcError } from './errors';

/** A request/response method: input validated at the host, output typed for the caller. */
export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'call';
  readonly input: I;
  readonly output: O;
}

/** A server-push method: the caller subscribes with an input and receives events until it disposes. */
export interface StreamSpec<I extends z.ZodType = z.ZodType, E extends z.ZodType = z.ZodType> {
  readonly kind: 'stream';
  readonly input: I;
  readonly event: E;
}

export type MethodSpec = CallSpec | StreamSpec;
export type DomainSpec = Readonly<Record<string, MethodSpec>>;
export type ContractSpec = Readonly<Record<string, DomainSpec>>;

/** Declares a call. */
export function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): CallSpec<I, O> {
  return { kind: 'call', input, output };
}

/** Declares a stream. */
export function stream<I extends z.ZodType, E extends z.ZodType>(input: I, event: E): StreamSpec<I, E> {
  return { kind: 'stream', input, event };
}

/** Cancels a subscription. */
export type Unsubscribe = () => void;

/** Callbacks of a stream subscription on the caller's side. */
export interface StreamObserver<E> {
  next(event: E): void;
  /** Called once when the host ends the stream, with an error if it failed. */
  end?(error?: RpcError): void;
}

type ClientMethod<S> =
  S extends CallSpec<infer I, infer O>
    ? (args: z.input<I>) => Promise<z.output<O>>
    : S extends StreamSpec<infer I, infer E>
      ? (args: z.input<I>, observer: StreamObserver<z.output<E>>) => Unsubscribe
      : never;

/** What the renderer sees: `client.domain.method(args)`. */
export type ClientOf<C extends ContractSpec> = {
  readonly [D in keyof C]: { readonly [M in keyof C[D]]: ClientMethod<C[D][M]> };
};

/** The part of AbortSignal a handler uses (src-shared has no DOM or Node types). */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Per-request facts a handler may use (which connection asked, whether it went away). */
export interface RequestContext {
  readonly connectionId: string;
  readonly signal: CancelSignal;
}

/** Emits events on a stream; returns false once the subscriber is gone. */
export type Emit<E> = (event: E) => boolean;

type HandlerMethod<S> =
  S extends CallSpec<infer I, infer O>
    ? (args: z.output<I>, ctx: RequestContext) => Promise<z.input<O>> | z.input<O>
    : S extends StreamSpec<infer I, infer E>
      ? (
          args: z.output<I>,
          emit: Emit<z.input<E>>,
          ctx: RequestContext,
        ) => Unsubscribe | Promise<Unsubscribe>
      : never;

/** What the host implements for one domain. */
export type DomainHandlers<D extends DomainSpec> = { readonly [M in keyof D]: HandlerMethod<D[M]> };

/** What the host implements for the whole contract. */
export type HandlersOf<C extends ContractSpec> = { readonly [D in keyof C]: DomainHandlers<C[D]> };
