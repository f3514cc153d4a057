// The GitHubEvent CRD (githubevents.pipe.linecorp.com): one object per accepted delivery, named by its body digest.
import { createHash } from 'node:crypto';

/** API group, version and names of the event objects. */
export const EVENT_GROUP = 'pipe.linecorp.com';
export const EVENT_VERSION = 'v1alpha1';
export const EVENT_PLURAL = 'githubevents';
export const EVENT_KIND = 'GitHubEvent';
export const EVENT_CRD_NAME = `${EVENT_PLURAL}.${EVENT_GROUP}`;

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const strList = { type: 'array', items: str } as const;

/** Annotation with a hash of the CRD spec: the service replaces an installed CRD whose hash differs. */
export const CRD_SCHEMA_HASH = 'pipe.linecorp.com/schema-hash';

/** The CRD manifest (also in deploy/crd-githubevents.yaml; a unit test keeps them equal). */
export function eventCrdManifest(): Record<string, unknown> {
  const spec = crdSpec();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: EVENT_CRD_NAME,
      labels: { 'app.kubernetes.io/part-of': 'pipe-events' },
      annotations: {
        [CRD_SCHEMA_HASH]: createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16),
      },
    },
    spec,
  };
}

function crdSpec(): Record<string, unknown> {
  return {
    group: EVENT_GROUP,
    scope: 'Namespaced',
    names: {
      plural: EVENT_PLURAL,
      singular: 'githubevent',
      kind: EVENT_KIND,
      listKind: `${EVENT_KIND}List`,
      shortNames: ['ghe'],
      categories: ['pipe'],
    },
    versions: [
      {
        name: EVENT_VERSION,
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: [
          { name: 'Delivery', type: 'string', jsonPath: '.spec.deliveryId' },
          { name: 'Event', type: 'string', jsonPath: '.spec.eventName' },
          { name: 'Action', type: 'string', jsonPath: '.spec.action', priority: 1 },
          { name: 'Repository', type: 'string', jsonPath: '.spec.repository' },
          { name: 'SHA', type: 'string', jsonPath: '.spec.sha', priority: 1 },
          { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
          { name: 'Runs', type: 'integer', jsonPath: '.status.runCount' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description:
              'A GitHub webhook delivery accepted by pipe-events (normalized; never the raw payload) and what it triggered.',
            properties: {
              apiVersion: str,
              kind: str,
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                required: ['deliveryId', 'eventName', 'repository', 'receivedAt', 'event'],
                properties: {
                  deliveryId: str,
                  bodyDigest: str,
                  requester: {
                    type: 'string',
                    description:
                      'workflow_dispatch created by a person: their user name (the dispatch policy checks it equals the caller).',
                  },
                  requesterLogin: {
                    type: 'string',
                    description:
                      "workflow_dispatch created by a person: their GitHub login (the dispatch policy checks it equals the caller's login from Dex).",
                  },
                  dispatch: {
                    type: 'object',
                    description: 'workflow_dispatch created by a person: the pipeline (all dispatchable ones when absent) and inputs.',
                    properties: {
                      pipeline: { type: 'string', maxLength: 253 },
                      inputs: {
                        type: 'object',
                        maxProperties: 25,
                        additionalProperties: { type: 'string', maxLength: 65535 },
                      },
                    },
                  },
                  eventName: str,
                  action: str,
                  repository: str,
                  sha: str,
                  ref: str,
                  receivedAt: { type: 'string', format: 'date-time' },
                  installationId: int,
                  pullRequest: {
                    type: 'object',
                    description:
                      'Origin of a pull request (from the signed payload): the fork gate reads it.',
                    properties: { author: str, authorAssociation: str, headRepository: str },
                  },
                  schedule: {
                    type: 'object',
                    description: 'The schedule entry and minute of a tick fired by the leader.',
                    properties: { pipeline: str, cron: str, timezone: str, scheduledAt: str },
                  },
                  comment: {
                    type: 'object',
                    description: 'The comment of an issue_comment delivery (comment commands).',
                    properties: { id: int, author: str },
                  },
                  event: {
                    type: 'object',
                    'x-kubernetes-preserve-unknown-fields': true,
                    description: 'The NormalizedEvent (src-shared/events).',
                  },
                },
              },
              status: {
                type: 'object',
                properties: {
                  phase: { type: 'string', enum: ['Pending', 'Succeeded', 'Failed'] },
                  owner: str,
                  attempts: int,
                  nextAttemptAt: str,
                  completedAt: str,
                  message: str,
                  verdict: {
                    type: 'object',
                    description: 'Manual dispatch: accepted or refused, why, and the GitHub login checked.',
                    properties: {
                      decision: { type: 'string', enum: ['Accepted', 'Refused'] },
                      reason: str,
                      login: str,
                      inputs: { type: 'object', additionalProperties: str },
                    },
                  },
                  runCount: int,
                  matched: strList,
                  runs: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        pipeline: str,
                        cluster: str,
                        namespace: str,
                        name: str,
                        created: { type: 'boolean' },
                      },
                    },
                  },
                  errors: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { kind: str, file: str, line: int, pipeline: str, message: str },
                    },
                  },
                  explanations: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        pipeline: str,
                        file: str,
                        matched: { type: 'boolean' },
                        explanation: str,
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ],
  };
}
