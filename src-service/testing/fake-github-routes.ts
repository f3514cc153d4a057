// Route table of the fake GitHub; response bodies follow the shapes in GitHub's REST reference (fields we and Octokit read, plus ids/urls).
import type { FakeGithub, FakeRequest, FakeResponse } from './fake-github';
import type { FakeGitRepo } from './fake-git-repo';

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly auth: 'repo' | 'app';
  handle(gh: FakeGithub, req: FakeRequest): FakeResponse;
}

const API = 'https://api.github.com';
const REPO = '^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)';
const notFound: FakeResponse = {
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
};
const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const user = { login: 'pipe-events[bot]', id: 1, type: 'Bot' };

function repoOf(gh: FakeGithub, req: FakeRequest): FakeGitRepo | undefined {
  return gh.repos.get(`${req.params.owner}/${req.params.repo}`.toLowerCase());
}

function withRepo(
  fn: (gh: FakeGithub, req: FakeRequest, repo: FakeGitRepo) => FakeResponse,
): Route['handle'] {
  return (gh, req) => {
    const repo = repoOf(gh, req);
    return repo ? fn(gh, req, repo) : notFound;
  };
}

function fileEntry(
  repo: FakeGitRepo,
  filename: string,
  sha: string,
  status: string,
): Record<string, unknown> {
  return {
    sha,
    filename,
    status,
    additions: 1,
    deletions: 0,
    changes: 1,
    blob_url: `https://github.com/${repo.fullName}/blob/${sha}/${filename}`,
    raw_url: `https://github.com/${repo.fullName}/raw/${sha}/${filename}`,
    contents_url: `${API}/repos/${repo.fullName}/contents/${filename}`,
    patch: '@@ -0,0 +1 @@',
  };
}

/** A repository object as the REST API embeds it (the fields normalization reads). */
function repoBody(repo: FakeGitRepo): Record<string, unknown> {
  return {
    id: 1,
    name: repo.name,
    full_name: repo.fullName,
    private: false,
    fork: false,
    owner: { login: repo.owner, id: 2, type: 'Organization' },
    html_url: `https://github.com/${repo.fullName}`,
    clone_url: `https://github.com/${repo.fullName}.git`,
    default_branch: repo.defaultBranch,
  };
}

/** Files that differ between two commits, in path order. */
function diffFiles(repo: FakeGitRepo, base: string, head: string): Record<string, unknown>[] {
  const a = repo.filesAt(base);
  const b = repo.filesAt(head);
  const out: Record<string, unknown>[] = [];
  for (const [path, sha] of b)
    if (a.get(path) !== sha) out.push(fileEntry(repo, path, sha, a.has(path) ? 'modified' : 'added'));
  for (const [path, sha] of a) if (!b.has(path)) out.push(fileEntry(repo, path, sha, 'removed'));
  return out.sort((x, y) => String(x.filename).localeCompare(String(y.filename)));
}

function commitBody(repo: FakeGitRepo, sha: string): Record<string, unknown> | undefined {
  const c = repo.commits.get(sha);
  if (!c) return undefined;
  const person = { name: 'PIPE', email: 'pipe@example.com', date: c.date };
  return {
    sha,
    node_id: `C_${sha.slice(0, 12)}`,
    url: `${API}/repos/${repo.fullName}/git/commits/${sha}`,
    html_url: `https://github.com/${repo.fullName}/commit/${sha}`,
    author: person,
    committer: person,
    message: c.message,
    tree: { sha: c.tree, url: `${API}/repos/${repo.fullName}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${API}/repos/${repo.fullName}/git/commits/${p}`,
      html_url: `https://github.com/${repo.fullName}/commit/${p}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

/** The routes, first match wins. */
export const fakeGithubRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: new RegExp(`${REPO}/git/commits/(?<sha>[0-9a-f]{40})$`),
    auth: 'repo',
    handle: withRepo((_gh, req, repo) => {
      const body = commitBody(repo, req.params.sha!);
      return body ? { status: 200, body } : notFound;
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${REPO}/commits/(?<ref>.+)$`),
    auth: 'repo',
    handle: withRepo((_gh, req, repo) => {
      const sha = repo.resolve(decodeURIComponent(req.params.ref!));
      const git = sha ? commitBody(repo, sha) : undefined;
      if (!sha || !git)
        return { status: 422, body: { message: `No commit found for SHA: ${req.params.ref}` } };
      return {
        status: 200,
        body: {
          sha,
          node_id: git.node_id,
          url: `${API}/repos/${repo.fullName}/commits/${sha}`,
          html_url: git.html_url,
          commit: { ...git, url: git.url },
          author: null,
          committer: null,
          parents: git.parents,
          stats: { total: 0, additions: 0, deletions: 0 },
          files: [],
        },
      };
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${REPO}/git/trees/(?<sha>[^/]+)$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const root = repo.trees.has(req.params.sha!)
        ? req.params.sha!
        : repo.commits.get(repo.resolve(req.params.sha!) ?? '')?.tree;
      const entries = root ? repo.trees.get(root) : undefined;
      if (!root || !entries) return notFound;
      const recursive = req.query.has('recursive');
      const list: { path: string; mode: string; type: string; sha: string; size?: number }[] = [];
      const walk = (sha: string, prefix: string): void => {
        for (const e of repo.trees.get(sha) ?? []) {
          list.push({ ...e, path: `${prefix}${e.path}` });
          if (recursive && e.type === 'tree') walk(e.sha, `${prefix}${e.path}/`);
        }
      };
      walk(root, '');
      const limit = gh.opts.truncateTreesOver;
      const truncated = recursive && limit !== undefined && list.length > limit;
      const tree = (truncated ? list.slice(0, limit) : list).map((e) => ({
        ...e,
        url: `${API}/repos/${repo.fullName}/git/${e.type}s/${e.sha}`,
      }));
      return {
        status: 200,
        body: { sha: root, url: `${API}/repos/${repo.fullName}/git/trees/${root}`, tree, truncated },
      };
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${REPO}/git/blobs/(?<sha>[0-9a-f]{40})$`),
    auth: 'repo',
    handle: withRepo((_gh, req, repo) => {
      const blob = repo.blobs.get(req.params.sha!);
      if (!blob) return notFound;
      const content = blob.toString('base64').replace(/(.{60})/g, '$1\n');
      return {
        status: 200,
        body: {
          content,
          encoding: 'base64',
          url: `${API}/repos/${repo.fullName}/git/blobs/${req.params.sha}`,
          sha: req.params.sha,
          size: blob.length,
          node_id: `B_${req.params.sha!.slice(0, 12)}`,
        },
      };
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${REPO}/compare/(?<basehead>.+)$`),
    auth: 'repo',
    handle: withRepo((_gh, req, repo) => {
      const spec = decodeURIComponent(req.params.basehead!);
      const m = /^(.+?)(\.\.\.?)(.+)$/.exec(spec);
      const base = m ? repo.resolve(m[1]!) : undefined;
      const head = m ? repo.resolve(m[3]!) : undefined;
      if (!base || !head) return notFound;
      const commits = repo.commitsBetween(base, head);
      // Without paging parameters GitHub returns at most 300 files and 250 commits.
      const files = diffFiles(repo, base, head).slice(0, 300);
      return {
        status: 200,
        body: {
          url: `${API}/repos/${repo.fullName}/compare/${spec}`,
          html_url: `https://github.com/${repo.fullName}/compare/${spec}`,
          status: commits.length > 0 ? 'ahead' : 'identical',
          ahead_by: commits.length,
          behind_by: 0,
          total_commits: commits.length,
          commits: commits.slice(0, 250).map((c) => ({
            sha: c.sha,
            commit: commitBody(repo, c.sha),
            parents: c.parents.map((p) => ({ sha: p })),
          })),
          files,
          base_commit: { sha: base },
          merge_base_commit: { sha: base },
        },
      };
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${REPO}$`),
    auth: 'repo',
    handle: withRepo((_gh, _req, repo) => ({ status: 200, body: repoBody(repo) })),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${REPO}/pulls/(?<number>\\d+)$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const pr = gh.pulls.get(`${repo.fullName}#${req.params.number}`);
      if (!pr) return notFound;
      const number = Number(req.params.number);
      const author = { login: pr.author ?? 'octocat', id: 3, type: 'User' };
      const baseRepo = repoBody(repo);
      const headFullName = pr.headRepository ?? repo.fullName;
      return {
        status: 200,
        body: {
          url: `${API}/repos/${repo.fullName}/pulls/${number}`,
          id: 100_000 + number,
          number,
          state: 'open',
          title: pr.title ?? `PR ${number}`,
          body: pr.body ?? null,
          user: author,
          author_association: pr.author ? 'NONE' : 'OWNER',
          merged: false,
          mergeable: true,
          merge_commit_sha: null,
          html_url: `https://github.com/${repo.fullName}/pull/${number}`,
          base: {
            label: `${repo.owner}:${pr.baseRef ?? 'main'}`,
            ref: pr.baseRef ?? 'main',
            sha: pr.base,
            user: author,
            repo: baseRepo,
          },
          head: {
            label: `${headFullName.split('/')[0]}:${pr.headRef ?? 'feature'}`,
            ref: pr.headRef ?? 'feature',
            sha: pr.head,
            user: author,
            repo: { ...baseRepo, full_name: headFullName, fork: headFullName !== repo.fullName },
          },
        },
      };
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${REPO}/collaborators/(?<user>[^/]+)/permission$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const permission = gh.permissions.get(`${repo.fullName}:${req.params.user}`.toLowerCase());
      if (!permission) return notFound;
      return {
        status: 200,
        body: {
          permission,
          role_name: permission,
          user: { login: req.params.user, id: 4, type: 'User' },
        },
      };
    }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`${REPO}/issues/comments/(?<id>\\d+)/reactions$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const content = String(req.body.content);
      if (!['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'].includes(content))
        return { status: 422, body: { message: 'Validation Failed' } };
      const commentId = Number(req.params.id);
      // GitHub: "A response with an HTTP 200 status means that you already added the reaction type".
      const again = gh.records.reactions.some(
        (r) => r.repo === repo.fullName && r.commentId === commentId && r.content === content,
      );
      if (!again) gh.records.reactions.push({ repo: repo.fullName, commentId, content });
      return { status: again ? 200 : 201, body: { id: gh.id(), user, content, created_at: now() } };
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${REPO}/issues/(?<number>\\d+)/comments$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const all = gh.records.comments.filter(
        (c) => c.repo === repo.fullName && c.issue === Number(req.params.number),
      );
      const perPage = Math.min(Number(req.query.get('per_page') ?? 30), 100);
      const page = Number(req.query.get('page') ?? 1);
      const items = all.slice((page - 1) * perPage, page * perPage).map((c) => ({
        id: c.id,
        body: c.body,
        user: { login: c.user, id: 5, type: c.user.endsWith('[bot]') ? 'Bot' : 'User' },
        html_url: `https://github.com/${repo.fullName}/pull/${c.issue}#issuecomment-${c.id}`,
        created_at: now(),
        updated_at: now(),
      }));
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link =
        page < last
          ? { link: `<${gh.url}${req.path}?per_page=${perPage}&page=${page + 1}>; rel="next"` }
          : undefined;
      return { status: 200, body: items, ...(link ? { headers: link } : {}) };
    }),
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`${REPO}/issues/comments/(?<id>\\d+)$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const c = gh.records.comments.find((x) => x.repo === repo.fullName && x.id === Number(req.params.id));
      if (!c) return notFound;
      // Only the author may edit a comment (GitHub answers 403 for someone else's).
      if (c.user !== user.login) return { status: 403, body: { message: 'Forbidden' } };
      c.body = String(req.body.body ?? '');
      return { status: 200, body: { id: c.id, body: c.body, user, created_at: now(), updated_at: now() } };
    }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`${REPO}/issues/(?<number>\\d+)/comments$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const id = gh.id();
      const body = String(req.body.body ?? '');
      gh.records.comments.push({
        id,
        repo: repo.fullName,
        issue: Number(req.params.number),
        body,
        user: user.login,
      });
      return {
        status: 201,
        body: {
          id,
          body,
          user,
          html_url: `https://github.com/${repo.fullName}/pull/${req.params.number}#issuecomment-${id}`,
          created_at: now(),
          updated_at: now(),
        },
      };
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${REPO}/pulls/(?<number>\\d+)/files$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const pr = gh.pulls.get(`${repo.fullName}#${req.params.number}`);
      if (!pr) return notFound;
      const all = diffFiles(repo, pr.base, pr.head).slice(0, 3000);
      const perPage = Math.min(Number(req.query.get('per_page') ?? 30), 100);
      const page = Number(req.query.get('page') ?? 1);
      const items = all.slice((page - 1) * perPage, page * perPage);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link =
        page < last
          ? {
              link: `<${gh.url}${req.path}?per_page=${perPage}&page=${page + 1}>; rel="next", <${gh.url}${req.path}?per_page=${perPage}&page=${last}>; rel="last"`,
            }
          : undefined;
      return { status: 200, body: items, ...(link ? { headers: link } : {}) };
    }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`${REPO}/statuses/(?<sha>[0-9a-f]{40})$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const b = req.body as { state?: string; context?: string; description?: string; target_url?: string };
      if (!b.state || !['error', 'failure', 'pending', 'success'].includes(b.state))
        return {
          status: 422,
          body: {
            message: 'Validation Failed',
            errors: [{ resource: 'Status', field: 'state', code: 'custom' }],
          },
        };
      const created_at = now();
      const record = {
        repo: repo.fullName,
        sha: req.params.sha!,
        state: b.state,
        context: b.context ?? 'default',
        ...(b.description !== undefined ? { description: b.description } : {}),
        ...(b.target_url !== undefined ? { target_url: b.target_url } : {}),
        created_at,
      };
      gh.records.statuses.push(record);
      const id = gh.id();
      return {
        status: 201,
        body: {
          url: `${API}/repos/${repo.fullName}/statuses/${req.params.sha}`,
          avatar_url: null,
          id,
          node_id: `SC_${id}`,
          state: b.state,
          description: b.description ?? null,
          target_url: b.target_url ?? null,
          context: record.context,
          created_at,
          updated_at: created_at,
          creator: user,
        },
      };
    }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`${REPO}/deployments$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const b = req.body as {
        ref?: string;
        environment?: string;
        payload?: unknown;
        auto_merge?: unknown;
        required_contexts?: unknown;
        description?: string;
        production_environment?: boolean;
      };
      const sha = b.ref ? repo.resolve(b.ref) : undefined;
      if (!sha) return { status: 422, body: { message: `No ref found for: ${b.ref}` } };
      const id = gh.id();
      const created_at = now();
      const environment = b.environment ?? 'production';
      gh.records.deployments.push({
        id,
        repo: repo.fullName,
        sha,
        ref: b.ref!,
        environment,
        payload: b.payload ?? {},
        auto_merge: b.auto_merge,
        required_contexts: b.required_contexts,
        created_at,
      });
      return {
        status: 201,
        body: {
          url: `${API}/repos/${repo.fullName}/deployments/${id}`,
          id,
          node_id: `DE_${id}`,
          sha,
          ref: b.ref,
          task: 'deploy',
          payload: b.payload ?? {},
          original_environment: environment,
          environment,
          description: b.description ?? null,
          creator: user,
          created_at,
          updated_at: created_at,
          statuses_url: `${API}/repos/${repo.fullName}/deployments/${id}/statuses`,
          repository_url: `${API}/repos/${repo.fullName}`,
          transient_environment: false,
          production_environment: b.production_environment ?? false,
        },
      };
    }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`${REPO}/deployments/(?<id>\\d+)/statuses$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const deployment = gh.records.deployments.find(
        (d) => d.id === Number(req.params.id) && d.repo === repo.fullName,
      );
      if (!deployment) return notFound;
      const b = req.body as { state?: string; description?: string; log_url?: string };
      if (
        !b.state ||
        !['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'].includes(b.state)
      )
        return { status: 422, body: { message: 'Validation Failed' } };
      const created_at = now();
      gh.records.deploymentStatuses.push({
        deploymentId: deployment.id,
        state: b.state,
        ...(b.description !== undefined ? { description: b.description } : {}),
        ...(b.log_url !== undefined ? { log_url: b.log_url } : {}),
        created_at,
      });
      const id = gh.id();
      return {
        status: 201,
        body: {
          url: `${API}/repos/${repo.fullName}/deployments/${deployment.id}/statuses/${id}`,
          id,
          node_id: `DES_${id}`,
          state: b.state,
          creator: user,
          description: b.description ?? '',
          environment: deployment.environment,
          target_url: b.log_url ?? '',
          log_url: b.log_url ?? '',
          created_at,
          updated_at: created_at,
          deployment_url: `${API}/repos/${repo.fullName}/deployments/${deployment.id}`,
          repository_url: `${API}/repos/${repo.fullName}`,
          environment_url: '',
        },
      };
    }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`${REPO}/check-runs$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const b = req.body as {
        name?: string;
        head_sha?: string;
        status?: string;
        conclusion?: string;
        details_url?: string;
        output?: unknown;
        external_id?: string;
      };
      if (!b.name || !b.head_sha) return { status: 422, body: { message: 'Validation Failed' } };
      const id = gh.id();
      gh.records.checkRuns.push({
        id,
        repo: repo.fullName,
        head_sha: b.head_sha,
        name: b.name,
        status: b.conclusion ? 'completed' : (b.status ?? 'queued'),
        ...(b.conclusion ? { conclusion: b.conclusion } : {}),
        ...(b.details_url ? { details_url: b.details_url } : {}),
        output: b.output,
        updates: 0,
      });
      return { status: 201, body: checkRunBody(gh, repo, id) };
    }),
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`${REPO}/check-runs/(?<id>\\d+)$`),
    auth: 'repo',
    handle: withRepo((gh, req, repo) => {
      const run = gh.records.checkRuns.find((c) => c.id === Number(req.params.id));
      if (!run) return notFound;
      const b = req.body as { status?: string; conclusion?: string; output?: unknown; details_url?: string };
      if (b.status) run.status = b.status;
      if (b.conclusion) Object.assign(run, { conclusion: b.conclusion, status: 'completed' });
      if (b.output) run.output = b.output;
      run.updates++;
      return { status: 200, body: checkRunBody(gh, repo, run.id) };
    }),
  },
  {
    method: 'POST',
    pattern: /^\/app\/installations\/(?<id>\d+)\/access_tokens$/,
    auth: 'app',
    handle: (gh, req) => {
      const t = gh.issueToken(Number(req.params.id));
      return {
        status: 201,
        body: {
          token: t.token,
          expires_at: t.expires_at,
          permissions: {
            checks: 'write',
            contents: 'read',
            deployments: 'write',
            statuses: 'write',
            pull_requests: 'read',
          },
          repository_selection: 'all',
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${REPO}/installation$`),
    auth: 'app',
    handle: withRepo((_gh, _req, repo) => ({
      status: 200,
      body: {
        id: 4242,
        account: { login: repo.owner, id: 2, type: 'Organization' },
        app_id: 1,
        target_type: 'Organization',
        permissions: {},
        events: ['push', 'pull_request'],
        repository_selection: 'all',
        created_at: now(),
        updated_at: now(),
      },
    })),
  },
];

function checkRunBody(_gh: FakeGithub, repo: FakeGitRepo, id: number): Record<string, unknown> {
  const c = _gh.records.checkRuns.find((r) => r.id === id)!;
  return {
    id,
    head_sha: c.head_sha,
    node_id: `CR_${id}`,
    external_id: '',
    url: `${API}/repos/${repo.fullName}/check-runs/${id}`,
    html_url: `https://github.com/${repo.fullName}/runs/${id}`,
    details_url: c.details_url ?? null,
    status: c.status,
    conclusion: c.conclusion ?? null,
    started_at: now(),
    completed_at: c.conclusion ? now() : null,
    output: c.output ?? { title: null, summary: null, text: null, annotations_count: 0, annotations_url: '' },
    name: c.name,
    check_suite: { id: 1 },
    app: { id: 1, slug: 'pipe-events' },
    pull_requests: [],
  };
}
