// Public API of the PIPE sandbox (a real local PIPE for tests, demos and benchmarks).
export { startSandbox, toSandboxInfo, type Sandbox, type StartSandboxOptions } from './sandbox.js';
export { readSandboxInfo, SANDBOX_INFO_ENV, type ClusterInfo, type SandboxInfo } from './info.js';
export { browseDexLogin, dexLoopbackLogin, dexPasswordGrant, dexRefresh, jwtClaims, type DexClientOptions, type DexTokens } from './dex-client.js';
export { MissingBinariesError, resolveBinaries, binaryEnvName, VERSIONS } from './binaries.js';
export { appendPodLog, podLogFile, waitForKwokLogs, waitForPodLog, writePodLogs } from './pod-logs.js';
export { kubeConfigForToken, loadKubeConfig, selfSubjectReview, type ReviewedUser } from './kube.js';
export { seedSandbox, EVENT_ANNOTATION } from './seed.js';
export { startS3Server, type S3Server, type S3ServerInfo, type StartS3ServerOptions } from './s3-server.js';
