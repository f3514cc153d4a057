// Manual dispatch (issue 14): a person's workflow_dispatch GitHubEvent runs only when GitHub says their login may write to
// the repository and the inputs fit what the pipelines declare; the verdict is recorded on the object either way.
import {
  dispatchInputsOf,
  normalizeWebhook,
  validateDispatchInputs,
  type NormalizedEvent,
} from '../../src-shared/events';
import type { GitHubEventObject, GitHubEventStatus } from '../events-store/event-types';
import type { RepoScope } from '../github/github-api';
import type { Logger } from '../log/logger';
import { done, runPipelines, type ReconcileDeps } from './reconcile-event';

const REPOSITORY = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const SHA = /^[0-9a-f]{40}$/;
/** Branch, `refs/heads/…`, `refs/tags/…` or a commit SHA; no `..`, no control characters (git check-ref-format). */
const REF = /^(?!.*\.\.)(?!.*\/\/)(?!\/)[A-Za-z0-9._/-]{1,255}(?<![./])$/;
/** Fields only pipe-events sets: a person setting them could borrow another installation or pose as a webhook. */
const SERVICE_FIELDS = ['installationId', 'pullRequest', 'comment', 'schedule', 'bodyDigest'] as const;

/** Checks and runs one manual dispatch; returns the final status with `verdict`. Throws on transient trouble. */
export async function reconcileDispatch(
  obj: GitHubEventObject,
  deps: ReconcileDeps,
  log: Logger,
): Promise<GitHubEventStatus> {
  const spec = obj.spec;
  const login = typeof spec.requesterLogin === 'string' ? spec.requesterLogin : undefined;
  const refuse = (reason: string): GitHubEventStatus => {
    deps.metrics.errors.inc({ kind: 'dispatch-refused' });
    log.info('manual dispatch refused', { requester: spec.requester, reason });
    return done({
      message: reason,
      verdict: { decision: 'Refused', reason, ...(login ? { login } : {}) },
      errors: [{ kind: 'dispatch-refused', message: reason }],
    });
  };
  if (spec.eventName !== 'workflow_dispatch')
    return refuse('only workflow_dispatch events may be created by people');
  const set = SERVICE_FIELDS.filter((f) => spec[f] !== undefined);
  if (set.length) return refuse(`spec.${set.join(', spec.')} may only be set by pipe-events`);
  const repo = REPOSITORY.exec(String(spec.repository));
  if (!repo) return refuse('spec.repository must be owner/name');
  if (!login || !LOGIN.test(login))
    return refuse(
      `no GitHub login for ${String(spec.requester)}: sign in to PIPE through GitHub (spec.requesterLogin is checked against it)`,
    );
  // The CRD schema types these fields; still, a person wrote them, so anything else is refused rather than coerced.
  if (spec.ref !== undefined && typeof spec.ref !== 'string') return refuse('spec.ref must be a string');
  const dispatch: unknown = spec.dispatch ?? {};
  if (typeof dispatch !== 'object' || dispatch === null || Array.isArray(dispatch))
    return refuse('spec.dispatch must be a map (pipeline, inputs)');
  const { pipeline: named, inputs: givenInputs = {} } = dispatch as { pipeline?: unknown; inputs?: unknown };
  if (typeof givenInputs !== 'object' || givenInputs === null || Array.isArray(givenInputs))
    return refuse('spec.dispatch.inputs must be a map of input names to values');
  const given = givenInputs as Readonly<Record<string, unknown>>;
  if (named !== undefined && (typeof named !== 'string' || named === ''))
    return refuse('spec.dispatch.pipeline must be a pipeline name');
  const pipeline = typeof named === 'string' ? named : undefined;
  const ref = spec.ref ?? '';
  if (ref !== '' && !REF.test(ref))
    return refuse(`spec.ref \`${ref.slice(0, 80)}\` is not a branch, tag ref or commit SHA`);
  const fullName = `${repo[1]}/${repo[2]}`;
  // The App's installation for this repository is looked up by the token provider, never taken from the object.
  const scope: RepoScope = { owner: repo[1]!, repo: repo[2]! };
  if (!deps.targets.resolve(fullName))
    return refuse(
      `no runtime namespace is mapped to ${fullName} (configure repositories or annotate a namespace)`,
    );

  const permission = await deps.api.collaboratorPermission(scope, login);
  if (permission !== 'admin' && permission !== 'write')
    return refuse(
      `@${login} may not run pipelines of ${fullName}: GitHub reports permission \`${permission}\`, write is needed`,
    );

  const repository = await deps.api.getRepository(scope);
  const defaultBranch = typeof repository.default_branch === 'string' ? repository.default_branch : 'main';
  const definitionsRef = ref || defaultBranch;
  let listing;
  try {
    listing = await deps.source.list(scope, definitionsRef);
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (status === 404 || status === 422)
      return refuse(`${fullName} has no branch, tag or commit \`${definitionsRef}\``);
    throw err;
  }
  const dispatchable = listing.pipelines.filter((p) => dispatchInputsOf(p.spec) !== undefined);
  const chosen = pipeline ? dispatchable.filter((p) => p.name === pipeline) : dispatchable;
  if (chosen.length === 0) {
    const at = `at ${definitionsRef} (${listing.sha.slice(0, 7)})`;
    if (!pipeline) return refuse(`no pipeline ${at} declares workflow_dispatch`);
    return refuse(
      listing.pipelines.some((p) => p.name === pipeline)
        ? `pipeline ${pipeline} ${at} does not declare workflow_dispatch`
        : `no pipeline named ${pipeline} ${at}`,
    );
  }

  const typed = new Map<string, Readonly<Record<string, string>>>();
  const problems: string[] = [];
  const declaredByAny = new Set(chosen.flatMap((p) => dispatchInputsOf(p.spec)!.map((i) => i.name)));
  for (const p of chosen) {
    const declared = dispatchInputsOf(p.spec)!;
    // Dispatching every pipeline: each takes the inputs it declares; a name none declares is still refused below.
    const own = pipeline
      ? given
      : Object.fromEntries(Object.entries(given).filter(([k]) => declared.some((d) => d.name === k)));
    const result = validateDispatchInputs(declared, own);
    if (result.ok) typed.set(p.name, result.inputs);
    else problems.push(...result.problems.map((x) => `${p.name}: ${x.message}`));
  }
  if (!pipeline) {
    const unknown = Object.keys(given).filter((k) => !declaredByAny.has(k));
    if (unknown.length)
      problems.push(
        `unknown input${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k.slice(0, 60)}\``).join(', ')} (no dispatched pipeline declares ${unknown.length > 1 ? 'them' : 'it'})`,
      );
  }
  if (problems.length) return refuse(`inputs refused — ${problems.slice(0, 20).join('; ')}`);

  const payload = {
    ref:
      definitionsRef.startsWith('refs/') || SHA.test(definitionsRef)
        ? definitionsRef
        : `refs/heads/${definitionsRef}`,
    repository,
    sender: { login },
    sha: listing.sha,
  };
  const event: NormalizedEvent | undefined = normalizeWebhook('workflow_dispatch', payload, spec.deliveryId);
  if (!event) return refuse(`${fullName}: GitHub's repository answer could not be read`);
  const names = chosen.map((p) => p.name);
  const status = await runPipelines(
    obj,
    event,
    {
      ref: listing.sha,
      revision: listing.sha,
      only: names,
      onlyReason: `dispatched by @${login}`,
      inputsFor: (name) => typed.get(name) ?? {},
    },
    deps,
    log,
  );
  const reason = `@${login} has ${permission} access to ${fullName}; ${names.join(', ')} run at ${definitionsRef} (${listing.sha.slice(0, 7)})`;
  log.info('manual dispatch accepted', { requester: spec.requester, login, pipelines: names });
  const inputs = Object.assign({}, ...typed.values()) as Record<string, string>;
  return { ...status, verdict: { decision: 'Accepted', reason, login, inputs } };
}
