// The terminal domain of the contract, over the TerminalService.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { terminalContract } from '../../src-shared/contract/terminal';
import type { TerminalService } from './terminal-service';

/** Handlers for `terminal.*`; the RpcHost has already validated every argument. */
export function createTerminalHandlers(service: TerminalService): DomainHandlers<typeof terminalContract> {
  return {
    create: (args, ctx) => service.create(args, ctx.connectionId),
    list: () => service.list(),
    attach: (args, emit, ctx) => service.attach(args.id, ctx.connectionId, emit),
    input: (args) => (service.input(args.id, args.data), {}),
    ack: (args) => (service.ack(args.id, args.chars), {}),
    resize: (args) => (service.resize(args.id, args.cols, args.rows), {}),
    rename: (args) => service.rename(args.id, args.title),
    busy: async (args) => {
      const processes = await service.busy(args.id);
      return { busy: processes.length > 0, processes: [...new Set(processes)].slice(0, 20) };
    },
    close: async (args) => (await service.close(args.id), {}),
  };
}
