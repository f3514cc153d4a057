// Contract: pipeline files of a folder (or one file) the user opened, for the editor: list, watch, read, atomic save.
import { z } from 'zod';
import { call, stream } from './rpc';
import { MAX_APPLY_DIFF_CHARS, MAX_APPLY_DIFF_TOTAL_CHARS } from '../pipelines/apply-limits';

/** Largest pipeline file the editor reads or writes. */
export const MAX_PIPELINE_FILE_BYTES = 5 * 1024 * 1024;

/** A path relative to the opened folder, `/`-separated (checked again by the host: no `..`, no escape). */
const relativePath = z.string().min(1).max(1024);

export const pipelineFile = z.object({
  /** Relative to the workspace root, `/`-separated, e.g. `.pipe/ci.yaml`. */
  path: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
});
export type PipelineFileEntry = z.infer<typeof pipelineFile>;

export const pipelineWorkspace = z.object({
  /** Handle for the other calls; valid until closed or the host restarts. */
  workspaceId: z.string(),
  kind: z.enum(['folder', 'file']),
  /** Absolute, symlinks resolved. */
  root: z.string(),
  /** Folder name, for headings. */
  name: z.string(),
  /** `.pipe/` and `.tekton/` YAML files of a folder; the file itself for a single file. */
  files: z.array(pipelineFile),
});
export type PipelineWorkspace = z.infer<typeof pipelineWorkspace>;

const workspaceRef = { workspaceId: z.string().min(1).max(100) };

/** Largest YAML text `apply` takes, and most documents in it. */
export const MAX_APPLY_BYTES = 1024 * 1024;
export const MAX_APPLY_DOCUMENTS = 50;

export { MAX_APPLY_DIFF_CHARS, MAX_APPLY_DIFF_TOTAL_CHARS };

/** What a dry run would change, as `kubectl diff` shows it: YAML without bookkeeping (managedFields, status, …). */
export const applyDiff = z.object({
  /** The object in the cluster now; absent when the document would be created. */
  live: z.string().max(MAX_APPLY_DIFF_CHARS).optional(),
  /** The object the server-side-apply dry run returned. */
  after: z.string().max(MAX_APPLY_DIFF_CHARS),
  /** A side was cut at the cap. */
  truncated: z.boolean(),
});
export type ApplyDiff = z.infer<typeof applyDiff>;

/** What server-side apply did (or, in a dry run, would do) with one document. */
export const applyDocumentResult = z.object({
  kind: z.string(),
  name: z.string(),
  result: z.enum(['created', 'configured', 'unchanged', 'error']),
  /** For `error`: the apiserver's Status message verbatim (admission denial, validation, RBAC). */
  message: z.string().optional(),
  /** 1-based line where the document starts in the text. */
  line: z.number(),
  /** Dry run, created or configured: the diff against the live object (absent beyond the answer's budget). */
  diff: applyDiff.optional(),
});
export type ApplyDocumentResult = z.infer<typeof applyDocumentResult>;

const contextName = z.string().min(1).max(253);
const namespaceName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).max(63);

/** Which fields a node of a cluster's Tekton schema may have (`fields` absent: open). */
export interface FieldTreeShape {
  fields?: Record<string, FieldTreeShape>;
  items?: FieldTreeShape;
  values?: FieldTreeShape;
}
const fieldTree: z.ZodType<FieldTreeShape> = z.lazy(() =>
  z.object({ fields: z.record(z.string(), fieldTree).optional(), items: fieldTree.optional(), values: fieldTree.optional() }),
);

/** A delivery pipe-events recorded (a GitHubEvent object of the core cluster), with its normalized event. */
export const recentDelivery = z.object({
  name: z.string(),
  deliveryId: z.string(),
  eventName: z.string(),
  action: z.string().optional(),
  repository: z.string(),
  ref: z.string().optional(),
  receivedAt: z.string().optional(),
  /** `spec.event` as stored (untrusted: read it with `deliveryEvent` from src-shared/pipelines). */
  event: z.unknown(),
});
export type RecentDelivery = z.infer<typeof recentDelivery>;

export const pipelinesContract = {
  /** Opens a folder (a repository checkout) and lists its pipeline files. */
  openFolder: call(z.object({ path: z.string().min(1).max(4096) }).strict(), pipelineWorkspace),
  /** The desktop app's native folder dialog (`unavailable` in browser mode: type the path); `path` absent when cancelled. */
  pickFolder: call(z.object({}).strict(), z.object({ path: z.string().optional() })),
  /** Opens one YAML file; only that file can be read or written through the workspace. */
  openFile: call(z.object({ path: z.string().min(1).max(4096) }).strict(), pipelineWorkspace),
  closeWorkspace: call(z.object(workspaceRef).strict(), z.object({})),
  /** The file list now and after every change on disk (files added, removed, changed outside the editor). */
  watch: stream(z.object(workspaceRef).strict(), z.object({ files: z.array(pipelineFile) })),
  readFile: call(
    z.object({ ...workspaceRef, path: relativePath }).strict(),
    z.object({ text: z.string(), size: z.number(), mtimeMs: z.number() }),
  ),
  /**
   * Saves atomically (temp file + rename). `expectedMtimeMs` guards against overwriting an outside change
   * (`conflict`); omit it to create a new file (fails with `conflict` if it exists) unless `overwrite`.
   */
  writeFile: call(
    z
      .object({
        ...workspaceRef,
        path: relativePath,
        text: z.string().max(MAX_PIPELINE_FILE_BYTES),
        expectedMtimeMs: z.number().optional(),
        overwrite: z.boolean().optional(),
      })
      .strict(),
    z.object({ size: z.number(), mtimeMs: z.number() }),
  ),
  /**
   * Server-side applies every Tekton document of `text` into `namespace` of `context` with the user's own
   * credentials (field manager `pipe-desktop`); `dryRun` stores nothing. Refused as a whole (typed error) when
   * the text is over 1 MiB, has over 50 documents, or holds a kind outside tekton.dev.
   */
  apply: call(
    z
      .object({
        context: z.string().min(1).max(253),
        namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).max(63),
        text: z.string().max(MAX_APPLY_BYTES),
        dryRun: z.boolean(),
      })
      .strict(),
    z.object({ documents: z.array(applyDocumentResult) }),
  ),
  /**
   * The Tekton schema the cluster of `context` serves: its CRDs' `openAPIV3Schema` (or, when the user may not read
   * CRDs, the apiserver's OpenAPI v3 document of tekton.dev), as field trees for the linter's `clusterSchema`.
   */
  clusterSchema: call(z.object({ context: contextName }).strict(), z.object({ source: z.string(), kinds: z.record(z.string(), fieldTree) })),
  /**
   * "Run it now": creates `pipelineRun` (YAML of one tekton.dev/v1 PipelineRun with an embedded `pipelineSpec`, as
   * the editor builds it) in `namespace`; the host marks it a manual run by the user the apiserver says the
   * credentials belong to, and answers with the created name.
   */
  runNow: call(
    z.object({ context: contextName, namespace: namespaceName, pipelineRun: z.string().max(MAX_APPLY_BYTES) }).strict(),
    z.object({ context: z.string(), namespace: z.string(), name: z.string(), user: z.string() }),
  ),
  /**
   * Signed in to GitHub: opens a pull request on `repository` (`owner/name`) adding `files` (the scaffold) on a new
   * branch off the default branch; the body explains each pipeline and the events that fire it.
   */
  openPullRequest: call(
    z
      .object({
        repository: z.string().regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/),
        files: z.array(z.object({ path: z.string().regex(/^\.pipe\/[A-Za-z0-9_.-]{1,100}\.ya?ml$/), text: z.string().max(256 * 1024) }).strict()).min(1).max(10),
      })
      .strict(),
    z.object({ number: z.number(), url: z.string(), branch: z.string() }),
  ),
  /** The newest deliveries pipe-events recorded in the core cluster of `context` (namespace `pipe-system` unless given). */
  recentDeliveries: call(
    z.object({ context: contextName, namespace: namespaceName.optional(), limit: z.number().int().min(1).max(100).optional() }).strict(),
    z.object({ deliveries: z.array(recentDelivery) }),
  ),
} as const;
