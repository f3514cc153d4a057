// Write routes of the fake GitHub for opening a pull request through the git data API, answering with the
// shapes of GitHub's REST reference: GET …/git/ref/{ref}, POST …/git/trees, …/git/commits, …/git/refs, …/pulls.
import type { FakeGithub, FakeRequest, FakeResponse } from './fake-github';
import type { FakeGitRepo } from './fake-git-repo';

const API = 'https://api.github.com';
const REPO = '^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)';
const notFound: FakeResponse = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
const invalid = (message: string): FakeResponse => ({ status: 422, body: { message, documentation_url: 'https://docs.github.com/rest' } });
const SHA = /^[0-9a-f]{40}$/;
const MAX_TREE_ENTRIES = 1000;

/** A pull request opened through POST …/pulls (tests read them here). */
export interface CreatedPullRequest {
  readonly repo: string;
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly head: string;
  readonly base: string;
  readonly headSha: string;
}

const created = new WeakMap<FakeGithub, CreatedPullRequest[]>();

/** The pull requests opened on `gh` so far. */
export function createdPullRequests(gh: FakeGithub): readonly CreatedPullRequest[] {
  return created.get(gh) ?? [];
}

type Handler = (gh: FakeGithub, req: FakeRequest, repo: FakeGitRepo) => FakeResponse;

function withRepo(fn: Handler): (gh: FakeGithub, req: FakeRequest) => FakeResponse {
  return (gh, req) => {
    const repo = gh.repos.get(`${req.params.owner}/${req.params.repo}`.toLowerCase());
    return repo ? fn(gh, req, repo) : notFound;
  };
}

function refBody(repo: FakeGitRepo, ref: string, sha: string): Record<string, unknown> {
  return {
    ref: `refs/${ref}`,
    node_id: `REF_${Buffer.from(ref).toString('base64url')}`,
    url: `${API}/repos/${repo.fullName}/git/refs/${ref}`,
    object: { type: 'commit', sha, url: `${API}/repos/${repo.fullName}/git/commits/${sha}` },
  };
}

/** The routes (the fake tries them after its read routes). */
export const fakeGithubGitWriteRoutes = [
  {
    method: 'GET',
    pattern: new RegExp(`${REPO}/git/ref/(?<ref>.+)$`),
    auth: 'repo' as const,
    handle: withRepo((_gh, req, repo) => {
      // Octokit sends the ref URL-encoded (heads%2Fmain).
      let ref: string;
      try {
        ref = decodeURIComponent(req.params.ref!);
      } catch {
        return notFound;
      }
      const sha = /^(heads|tags)\//.test(ref) ? repo.refs.get(ref) : undefined;
      return sha ? { status: 200, body: refBody(repo, ref, sha) } : notFound;
    }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`${REPO}/git/trees$`),
    auth: 'repo' as const,
    handle: withRepo((_gh, req, repo) => {
      const entries = req.body['tree'];
      if (!Array.isArray(entries) || entries.length > MAX_TREE_ENTRIES) return invalid('Invalid tree info');
      const base = req.body['base_tree'];
      if (base !== undefined && (typeof base !== 'string' || !repo.trees.has(base))) return invalid('base_tree is not a valid tree oid');
      const files: Record<string, string | Buffer> = base ? repo.filesOfTree(base) : {};
      for (const e of entries as Record<string, unknown>[]) {
        const path = e?.['path'];
        if (typeof path !== 'string' || !path || path.startsWith('/') || path.split('/').some((p) => p === '' || p === '.' || p === '..')) return invalid('Invalid tree info');
        if (e['mode'] !== '100644' || e['type'] !== 'blob') return invalid('Invalid tree info');
        if (e['sha'] === null) delete files[path];
        else if (typeof e['content'] === 'string') files[path] = e['content'];
        else if (typeof e['sha'] === 'string' && repo.blobs.has(e['sha'])) files[path] = repo.blobs.get(e['sha'])!;
        else return invalid('Invalid tree info');
      }
      const sha = repo.writeFiles(files);
      const tree = (repo.trees.get(sha) ?? []).map((t) => ({ ...t, url: `${API}/repos/${repo.fullName}/git/${t.type}s/${t.sha}` }));
      return { status: 201, body: { sha, url: `${API}/repos/${repo.fullName}/git/trees/${sha}`, tree, truncated: false } };
    }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`${REPO}/git/commits$`),
    auth: 'repo' as const,
    handle: withRepo((_gh, req, repo) => {
      const { message, tree, parents } = req.body as { message?: unknown; tree?: unknown; parents?: unknown };
      if (typeof message !== 'string' || typeof tree !== 'string' || !repo.trees.has(tree)) return invalid('Invalid request');
      const list = Array.isArray(parents) ? parents : [];
      if (list.some((p) => typeof p !== 'string' || !SHA.test(p) || !repo.commits.has(p))) return invalid('Parent SHA does not exist or is not a commit object');
      const sha = repo.commitTree(tree, list as string[], message);
      const date = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const person = { name: 'PIPE Desktop', email: 'pipe@example.com', date };
      return {
        status: 201,
        body: {
          sha,
          node_id: `C_${sha.slice(0, 12)}`,
          url: `${API}/repos/${repo.fullName}/git/commits/${sha}`,
          html_url: `https://github.com/${repo.fullName}/commit/${sha}`,
          author: person,
          committer: person,
          message,
          tree: { sha: tree, url: `${API}/repos/${repo.fullName}/git/trees/${tree}` },
          parents: (list as string[]).map((p) => ({ sha: p, url: `${API}/repos/${repo.fullName}/git/commits/${p}`, html_url: `https://github.com/${repo.fullName}/commit/${p}` })),
          verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
        },
      };
    }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`${REPO}/git/refs$`),
    auth: 'repo' as const,
    handle: withRepo((_gh, req, repo) => {
      const { ref, sha } = req.body as { ref?: unknown; sha?: unknown };
      if (typeof ref !== 'string' || !/^refs\/(heads|tags)\/[^\s~^:?*[\\]+$/.test(ref) || ref.includes('..')) return invalid('Reference name is not valid');
      if (typeof sha !== 'string' || !repo.commits.has(sha)) return invalid('Object does not exist');
      const short = ref.replace(/^refs\//, '');
      if (repo.refs.has(short)) return invalid('Reference already exists');
      repo.refs.set(short, sha);
      return { status: 201, body: refBody(repo, short, sha) };
    }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`${REPO}/pulls$`),
    auth: 'repo' as const,
    handle: withRepo((gh, req, repo) => {
      const { title, head, base, body } = req.body as { title?: unknown; head?: unknown; base?: unknown; body?: unknown };
      if (typeof title !== 'string' || !title || typeof head !== 'string' || typeof base !== 'string') return invalid('Validation Failed');
      const headRef = head.includes(':') ? head.split(':')[1]! : head;
      const headSha = repo.refs.get(`heads/${headRef}`);
      const baseSha = repo.refs.get(`heads/${base}`);
      if (!headSha || !baseSha) return invalid('Validation Failed: head or base branch does not exist');
      const list = created.get(gh) ?? [];
      created.set(gh, list);
      const number = list.filter((p) => p.repo === repo.fullName).length + 1;
      list.push({ repo: repo.fullName, number, title, body: typeof body === 'string' ? body : '', head: headRef, base, headSha });
      gh.pulls.set(`${repo.fullName}#${number}`, { base: baseSha, head: headSha, baseRef: base, headRef, title, body: typeof body === 'string' ? body : null });
      const user = { login: 'octocat', id: 3, type: 'User' };
      return {
        status: 201,
        body: {
          url: `${API}/repos/${repo.fullName}/pulls/${number}`,
          id: 100_000 + number,
          number,
          state: 'open',
          title,
          body: typeof body === 'string' ? body : null,
          user,
          html_url: `https://github.com/${repo.fullName}/pull/${number}`,
          draft: false,
          merged: false,
          base: { label: `${repo.owner}:${base}`, ref: base, sha: baseSha, user },
          head: { label: `${repo.owner}:${headRef}`, ref: headRef, sha: headSha, user },
        },
      };
    }),
  },
];
