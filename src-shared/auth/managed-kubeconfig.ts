// The app-managed kubeconfig of a PIPE profile: a context per cluster, one exec user calling the credential helper.
import type { PlatformProfile, ProfileClusterRef } from '../clusters/platform-profile';

/** How kubectl runs the credential helper (no secrets: the helper asks the app or the OS keychain). */
export interface CredentialHelperCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value: string }[];
}

/** A kubeconfig-safe name part (lower-case letters, digits, dashes). */
export function kubeconfigName(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'pipe'
  );
}

/** File name of the app-managed kubeconfig for a profile (inside the app's kubeconfigs folder). */
export function managedKubeconfigFileName(profile: PlatformProfile): string {
  return `pipe-${kubeconfigName(profile.name ?? 'profile')}.yaml`;
}

/** Context name for a cluster of the profile. */
export function managedContextName(profile: PlatformProfile, ref: ProfileClusterRef): string {
  return `pipe-${kubeconfigName(profile.name ?? 'profile')}-${kubeconfigName(ref.name)}`;
}

/** Builds the kubeconfig object (serialize with a YAML or JSON writer). Clusters without a server are skipped. */
export function buildManagedKubeconfig(
  profile: PlatformProfile,
  helper: CredentialHelperCommand,
): Record<string, unknown> {
  const user = `pipe-${kubeconfigName(profile.name ?? 'profile')}-user`;
  const refs = [profile.core, ...profile.runtimes].filter(
    (r): r is ProfileClusterRef & { server: string } => !!r.server,
  );
  const clusters = refs.map((ref) => ({
    name: managedContextName(profile, ref),
    cluster: { server: ref.server, ...(ref.caData ? { 'certificate-authority-data': ref.caData } : {}) },
  }));
  const contexts = refs.map((ref) => ({
    name: managedContextName(profile, ref),
    context: {
      cluster: managedContextName(profile, ref),
      user,
      ...(profile.namespaces[0] && ref !== profile.core ? { namespace: profile.namespaces[0] } : {}),
    },
  }));
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters,
    contexts,
    'current-context': contexts[0]?.name ?? '',
    users: [
      {
        name: user,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: helper.command,
            args: [...helper.args],
            env: helper.env ? helper.env.map((e) => ({ name: e.name, value: e.value })) : null,
            interactiveMode: 'Never',
            provideClusterInfo: false,
          },
        },
      },
    ],
  };
}
