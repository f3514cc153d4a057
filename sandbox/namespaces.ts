// Namespace-as-a-service on the runtime cluster and the profile's home on core: namespaces, roles, bindings.
import type { KubernetesObject } from '@kubernetes/client-node';

type Manifest = KubernetesObject & Record<string, unknown>;

/** Namespace where the user's team group is admin. */
export const TEAM_NAMESPACE = 'team-a';
/** Namespace the user may not touch (403s are real RBAC denials). */
export const FORBIDDEN_NAMESPACE = 'team-secret';
/** Namespace on core holding the platform profile ConfigMap. */
export const PIPE_SYSTEM_NAMESPACE = 'pipe-system';

function namespace(name: string, labels: Record<string, string> = {}): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** Runtime cluster objects: team namespace (group → namespace admin), forbidden namespace, namespace-viewer role. */
export function runtimeNamespaceObjects(teamGroup: string): Manifest[] {
  return [
    // Own role instead of the stock `admin`: its aggregated rules are filled by kube-controller-manager,
    // which the sandbox does not run. Bound per namespace, "*" means namespace admin.
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'pipe:namespace-admin' },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    },
    namespace(TEAM_NAMESPACE, { 'pipe.linecorp.com/team': 'team-a' }),
    namespace(FORBIDDEN_NAMESPACE, { 'pipe.linecorp.com/team': 'team-secret' }),
    // No kube-controller-manager creates `default` service accounts; Tekton's controller needs one per namespace.
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: TEAM_NAMESPACE } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: FORBIDDEN_NAMESPACE } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'team-admins', namespace: TEAM_NAMESPACE },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pipe:namespace-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: teamGroup }],
    },
    // As on a namespace-as-a-service platform, a team may read its own Namespace object but not list all.
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'pipe:team-a:namespace-viewer' },
      rules: [{ apiGroups: [''], resources: ['namespaces'], resourceNames: [TEAM_NAMESPACE], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'pipe:team-a:namespace-viewer' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pipe:team-a:namespace-viewer' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: teamGroup }],
    },
  ];
}

/** Core cluster objects: pipe-system namespace and read access to the profile for every signed-in user. */
export function coreNamespaceObjects(): Manifest[] {
  return [
    namespace(PIPE_SYSTEM_NAMESPACE),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'pipe-profile-reader', namespace: PIPE_SYSTEM_NAMESPACE },
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['pipe-profile'], verbs: ['get', 'watch', 'list'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'pipe-profile-reader', namespace: PIPE_SYSTEM_NAMESPACE },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pipe-profile-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }],
    },
    // What the app's pipe-events panel and GitHub events view read with the user's own credentials.
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'pipe-events-viewer', namespace: PIPE_SYSTEM_NAMESPACE },
      rules: [
        { apiGroups: ['pipe.linecorp.com'], resources: ['githubevents'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'pipe-events-viewer', namespace: PIPE_SYSTEM_NAMESPACE },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pipe-events-viewer' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }],
    },
  ];
}
