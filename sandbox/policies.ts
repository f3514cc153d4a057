// The runtime cluster's admission policy for Tekton objects in team namespaces, modelled on PIPE's
// namespace-as-a-service rules (production enforces them with Kyverno; the sandbox uses the apiserver's own
// ValidatingAdmissionPolicy, CEL, no webhook):
// - no step may set securityContext.privileged: true;
// - step images come from allowed registries: ghcr.io/, docker.io/library/, registry.pipe.example/, or a bare
//   Docker Official Image name without a registry or '/' (e.g. `alpine:3.20`, which means docker.io/library/alpine).
// Steps are checked in Task/TaskRun (spec.steps, spec.taskSpec.steps) and in Pipeline/PipelineRun embedded task
// specs (spec.tasks[]/spec.finally[].taskSpec.steps, the same under spec.pipelineSpec).
import type { KubernetesObject } from '@kubernetes/client-node';

export const TEKTON_STEPS_POLICY = 'pipe-sandbox-tekton-steps';
export const ALLOWED_IMAGE_PREFIXES = ['ghcr.io/', 'docker.io/library/', 'registry.pipe.example/'] as const;
export const PRIVILEGED_STEP_MESSAGE = 'PIPE policy: Tekton steps must not run privileged (securityContext.privileged: true)';
export const IMAGE_REGISTRY_MESSAGE = `PIPE policy: step images must come from ${ALLOWED_IMAGE_PREFIXES.join(', ')} (or be a bare official image name such as alpine:3.20)`;

const tasksOf = (spec: string): string =>
  `(has(${spec}.tasks) ? ${spec}.tasks : []) + (has(${spec}.finally) ? ${spec}.finally : [])`;

/** The policy and its binding (team namespaces: those labelled pipe.linecorp.com/team). */
export function sandboxPolicyObjects(): KubernetesObject[] {
  const prefixes = `[${ALLOWED_IMAGE_PREFIXES.map((p) => `'${p}'`).join(', ')}]`;
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: TEKTON_STEPS_POLICY },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: ['tekton.dev'],
              apiVersions: ['*'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['tasks', 'taskruns', 'pipelines', 'pipelineruns'],
            },
          ],
        },
        variables: [
          {
            name: 'pipelineTasks',
            expression:
              `object.kind == 'Pipeline' && has(object.spec) ? ${tasksOf('object.spec')} : ` +
              `object.kind == 'PipelineRun' && has(object.spec) && has(object.spec.pipelineSpec) ? ${tasksOf('object.spec.pipelineSpec')} : []`,
          },
          {
            name: 'stepLists',
            expression:
              `[object.kind == 'Task' && has(object.spec) && has(object.spec.steps) ? object.spec.steps : ` +
              `object.kind == 'TaskRun' && has(object.spec) && has(object.spec.taskSpec) && has(object.spec.taskSpec.steps) ? object.spec.taskSpec.steps : []] + ` +
              `variables.pipelineTasks.filter(t, has(t.taskSpec) && has(t.taskSpec.steps)).map(t, t.taskSpec.steps)`,
          },
        ],
        validations: [
          {
            expression:
              'variables.stepLists.all(l, l.all(s, !has(s.securityContext) || !has(s.securityContext.privileged) || s.securityContext.privileged != true))',
            message: PRIVILEGED_STEP_MESSAGE,
            reason: 'Forbidden',
          },
          {
            expression: `variables.stepLists.all(l, l.all(s, !has(s.image) || !s.image.contains('/') || ${prefixes}.exists(p, s.image.startsWith(p))))`,
            message: IMAGE_REGISTRY_MESSAGE,
            reason: 'Forbidden',
          },
        ],
      },
    } as KubernetesObject,
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: TEKTON_STEPS_POLICY },
      spec: {
        policyName: TEKTON_STEPS_POLICY,
        validationActions: ['Deny'],
        matchResources: { namespaceSelector: { matchExpressions: [{ key: 'pipe.linecorp.com/team', operator: 'Exists' }] } },
      },
    } as KubernetesObject,
  ];
}
