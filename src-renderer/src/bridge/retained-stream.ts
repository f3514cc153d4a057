// A host stream kept open while at least one holder needs it, resubscribed with backoff when it ends.
import type { StreamObserver, Unsubscribe } from '../../../src-shared/contract/rpc';
import type { RpcError } from '../../../src-shared/contract/errors';
import { describeError } from './report-error';

/** What a retained stream reports: each value, and why it is unavailable (undefined once it flows again). */
export interface RetainedStreamSink<T> {
  value(value: T): void;
  problem(problem: string | undefined): void;
}

/** Returns `retain()`: the first holder opens the stream, the last release closes it. */
export function createRetainedStream<T>(open: (observer: StreamObserver<T>) => Unsubscribe, sink: RetainedStreamSink<T>): () => () => void {
  let holders = 0;
  let stop: Unsubscribe | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;

  const again = (): void => {
    // The host connection came back or will: subscribe again while anyone still looks.
    if (holders > 0) retry = setTimeout(subscribe, Math.min(500 * 2 ** attempt++, 5000));
  };
  function subscribe(): void {
    retry = undefined;
    try {
      stop = open({
        next: (value) => {
          attempt = 0;
          sink.value(value);
        },
        end: (err?: RpcError) => {
          stop = undefined;
          sink.problem(err ? describeError(err) : undefined);
          again();
        },
      });
    } catch (err) {
      sink.problem(describeError(err));
      again();
    }
  }

  return () => {
    if (holders++ === 0) subscribe();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--holders > 0) return;
      if (retry) clearTimeout(retry);
      retry = undefined;
      stop?.();
      stop = undefined;
    };
  };
}
