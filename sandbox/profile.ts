// The PIPE platform profile the sandbox publishes (file + ConfigMap pipe-system/pipe-profile on core).
import { readFileSync } from 'node:fs';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { PlatformProfile } from '../src-shared/clusters/platform-profile.js';
import type { SandboxInfo } from './info.js';

/** Runtime region of the sandbox's runtime cluster. */
export const SANDBOX_REGION = 'local-1';

/** OAuth app client id the app uses for GitHub's device flow against the fake GitHub (the fake accepts any). */
export const SANDBOX_GITHUB_CLIENT_ID = 'pipe-desktop-github';

/** Builds the profile (shape of src-shared's platformProfileSchema). */
export function sandboxProfile(
  info: Pick<SandboxInfo, 'core' | 'runtime' | 'dex' | 'teamNamespace' | 'forbiddenNamespace'>,
  github?: { url: string; caFile: string },
): PlatformProfile {
  const caData = (file: string): string => readFileSync(file).toString('base64');
  return {
    name: 'pipe-sandbox',
    core: {
      name: 'core',
      server: info.core.server,
      contexts: [info.core.userContext, info.core.adminContext, 'pipe-sandbox-core'],
      caData: caData(info.core.caFile),
    },
    runtimes: [
      {
        name: 'runtime',
        region: SANDBOX_REGION,
        server: info.runtime.server,
        contexts: [info.runtime.userContext, info.runtime.adminContext, 'pipe-sandbox-runtime'],
        caData: caData(info.runtime.caFile),
      },
    ],
    dex: { issuer: info.dex.issuer, clientId: info.dex.clientId, caData: caData(info.dex.caFile) },
    namespaces: [info.teamNamespace],
    ...(github ? { github: { apiUrl: `${github.url}/api/v3`, clientId: SANDBOX_GITHUB_CLIENT_ID, caData: caData(github.caFile) } } : {}),
  };
}

/** The ConfigMap carrying the profile. */
export function profileConfigMap(profile: PlatformProfile): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'pipe-profile', namespace: 'pipe-system' },
    data: { 'profile.json': JSON.stringify(profile, null, 2) },
  } as KubernetesObject;
}
