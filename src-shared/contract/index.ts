// The whole UI/host contract: one entry per domain. Adding a domain never touches a transport.
import { appContract } from './app';
import { settingsContract } from './settings';
import { clustersContract } from './clusters';
import { authContract } from './auth';
import { terminalContract } from './terminal';
import { logsContract } from './logs';
import { runsContract } from './runs';
import { pipelinesContract } from './pipelines';
import { pipeEventsContract } from './pipe-events';
import { localPipeContract } from './local-pipe';
import { dispatchContract } from './dispatch';
import { runNotificationsContract } from './run-notifications';
import type { ClientOf, HandlersOf } from './rpc';

export const contract = {
  app: appContract,
  settings: settingsContract,
  clusters: clustersContract,
  auth: authContract,
  terminal: terminalContract,
  logs: logsContract,
  runs: runsContract,
  pipelines: pipelinesContract,
  pipeEvents: pipeEventsContract,
  dispatch: dispatchContract,
  localPipe: localPipeContract,
  runNotifications: runNotificationsContract,
} as const;

export type Contract = typeof contract;
/** The renderer's typed API. */
export type HostApi = ClientOf<Contract>;
/** What the host implements. */
export type HostHandlers = HandlersOf<Contract>;
