import { describe, expect, it } from 'vitest';
import { dispatchContract } from '../../src-shared/contract/dispatch';
import { RpcError } from '../../src-shared/contract/errors';
import type { RequestContext } from '../../src-shared/contract/rpc';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { httpError } from '../../src-node/kube/kube-errors';
import type { ClusterRegistry } from '../clusters/cluster-registry';
import { createDispatchHandlers } from './dispatch-handlers';

const ctx = { connectionId: 'test', signal: { aborted: false } } as unknown as RequestContext;

/** A client answering like the core apiserver: who am I, create (or the policy's refusal), read. */
function clientStub(refuse?: string) {
  const posted: unknown[] = [];
  const client = {
    request: async (path: string, req: { method?: string; body?: unknown } = {}) => {
      if (path.endsWith('/selfsubjectreviews'))
        return {
          status: {
            userInfo: {
              username: 'dev@pipe.example',
              extra: { 'pipe.linecorp.com/github-login': ['pipe-dev'] },
            },
          },
        };
      if (req.method === 'POST') {
        if (refuse)
          throw httpError(
            403,
            JSON.stringify({
              kind: 'Status',
              status: 'Failure',
              reason: 'Forbidden',
              code: 403,
              message: refuse,
            }),
          );
        posted.push(req.body);
        return { metadata: { name: 'dispatch-x1', namespace: 'pipe-system' } };
      }
      return {
        metadata: { name: 'dispatch-x1', namespace: 'pipe-system' },
        status: {
          phase: 'Succeeded',
          verdict: { decision: 'Refused', reason: '@pipe-dev may not run pipelines of acme/app' },
        },
      };
    },
  } as unknown as KubeClient;
  const registry = { handle: () => ({ client }) } as unknown as ClusterRegistry;
  return { handlers: createDispatchHandlers({ registry }), posted };
}

describe('dispatch handlers (host side of dispatch.create / dispatch.status)', () => {
  it('creates the dispatch as the caller and reads its verdict', async () => {
    const { handlers, posted } = clientStub();
    const input = dispatchContract.create.input.parse({
      context: 'pipe-sandbox-core',
      repository: 'acme/app',
      inputs: { level: 'debug' },
    });
    expect(await handlers.create(input, ctx)).toEqual({
      namespace: 'pipe-system',
      name: 'dispatch-x1',
      requester: 'dev@pipe.example',
      login: 'pipe-dev',
    });
    expect(posted).toEqual([
      expect.objectContaining({
        spec: expect.objectContaining({
          requester: 'dev@pipe.example',
          requesterLogin: 'pipe-dev',
          dispatch: { inputs: { level: 'debug' } },
        }),
      }),
    ]);
    expect(
      await handlers.status(
        { context: 'pipe-sandbox-core', namespace: 'pipe-system', name: 'dispatch-x1' },
        ctx,
      ),
    ).toMatchObject({
      phase: 'Refused',
      reason: '@pipe-dev may not run pipelines of acme/app',
    });
  });

  it("passes the apiserver's refusal (the dispatch policy) through verbatim as forbidden", async () => {
    const { handlers } = clientStub('spec.requester must be your own user name (dev@pipe.example)');
    const input = dispatchContract.create.input.parse({ context: 'c', repository: 'acme/app' });
    const err = await Promise.resolve(handlers.create(input, ctx)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/must be your own user name/),
    });
  });

  it.each([
    { context: 'c', repository: 'acme' },
    { context: 'c', repository: 'acme/app', ref: 'a b' },
    { context: 'c', repository: 'acme/app', inputs: { x: 1 } },
    {
      context: 'c',
      repository: 'acme/app',
      inputs: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`k${i}`, 'v'])),
    },
    { context: 'c', repository: 'acme/app', requester: 'someone-else' },
  ])('the contract refuses %j before the host sees it', (input) => {
    expect(dispatchContract.create.input.safeParse(input).success).toBe(false);
  });
});
