// Starts host services in order and stops them in reverse; the one owner of their lifetimes.
import type { Disposable } from '../../src-shared/util/disposable';

/** A long-lived host service. */
export interface HostService extends Partial<Disposable> {
  start?(): Promise<unknown> | unknown;
}

/** Holds named services; `dispose` stops everything it started, newest first. */
export class ServiceContainer {
  private readonly services: [string, HostService][] = [];
  private readonly started: [string, HostService][] = [];

  add<T extends HostService>(name: string, service: T): T {
    this.services.push([name, service]);
    return service;
  }

  async start(): Promise<void> {
    for (const entry of this.services) {
      if (this.started.includes(entry)) continue;
      await entry[1].start?.();
      this.started.push(entry);
    }
  }

  async dispose(): Promise<void> {
    const errors: unknown[] = [];
    for (const [name, service] of this.started.splice(0).reverse()) {
      try {
        await service.dispose?.();
      } catch (err) {
        errors.push(new Error(`stopping ${name} failed: ${(err as Error).message}`));
      }
    }
    if (errors.length) throw new AggregateError(errors, 'some host services failed to stop');
  }
}
