// The GitHub REST calls pipe-events makes, each authorized for the repository's installation (or the token).
import type { Octokit } from '@octokit/rest';
import type { TokenProvider } from './token-provider';

/** A repository plus the installation a delivery came through. */
export interface RepoScope {
  readonly owner: string;
  readonly repo: string;
  readonly installationId?: number;
}

/** One entry of a git tree. */
export interface TreeEntry {
  readonly path: string;
  readonly type: 'blob' | 'tree' | 'commit';
  readonly sha: string;
  readonly size?: number;
}

/** Commit status states (https://docs.github.com/rest/commits/statuses). */
export type CommitState = 'error' | 'failure' | 'pending' | 'success';
/** Deployment status states. */
export type DeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

/** Check run fields we write. */
export interface CheckRunFields {
  readonly name?: string;
  readonly status: 'queued' | 'in_progress' | 'completed';
  readonly conclusion?: 'success' | 'failure' | 'cancelled' | 'neutral' | 'timed_out' | 'action_required';
  readonly detailsUrl?: string;
  readonly externalId?: string;
  readonly title: string;
  readonly summary: string;
  readonly text?: string;
}

/** Typed wrappers over Octokit; authorization comes from the TokenProvider per call. */
export class GitHubApi {
  constructor(
    private readonly octokit: Octokit,
    readonly tokens: TokenProvider,
  ) {}

  private async auth(scope: RepoScope): Promise<{ authorization: string }> {
    return { authorization: await this.tokens.authorization(scope) };
  }

  async getCommit(scope: RepoScope, sha: string): Promise<{ treeSha: string; parents: string[] }> {
    const { data } = await this.octokit.rest.git.getCommit({
      owner: scope.owner,
      repo: scope.repo,
      commit_sha: sha,
      headers: await this.auth(scope),
    });
    return { treeSha: data.tree.sha, parents: data.parents.map((p) => p.sha) };
  }

  /** Resolves a branch, tag or full ref to its commit (GET /repos/{owner}/{repo}/commits/{ref}). */
  async resolveCommit(scope: RepoScope, ref: string): Promise<{ sha: string; treeSha: string }> {
    const { data } = await this.octokit.rest.repos.getCommit({
      owner: scope.owner,
      repo: scope.repo,
      ref,
      headers: await this.auth(scope),
    });
    return { sha: data.sha, treeSha: data.commit.tree.sha };
  }

  async getTree(
    scope: RepoScope,
    treeSha: string,
    recursive: boolean,
  ): Promise<{ entries: TreeEntry[]; truncated: boolean }> {
    const { data } = await this.octokit.rest.git.getTree({
      owner: scope.owner,
      repo: scope.repo,
      tree_sha: treeSha,
      ...(recursive ? { recursive: '1' } : {}),
      headers: await this.auth(scope),
    });
    const entries = data.tree
      .filter((e) => e.path && e.sha && e.type)
      .map((e) => ({
        path: e.path!,
        type: e.type as TreeEntry['type'],
        sha: e.sha!,
        ...(e.size !== undefined ? { size: e.size } : {}),
      }));
    return { entries, truncated: data.truncated };
  }

  async getBlob(scope: RepoScope, sha: string): Promise<Buffer> {
    const { data } = await this.octokit.rest.git.getBlob({
      owner: scope.owner,
      repo: scope.repo,
      file_sha: sha,
      headers: await this.auth(scope),
    });
    return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
  }

  /** Compare `base..head` (two dots: direct diff) — files capped at 300 by GitHub without paging. */
  async compare(
    scope: RepoScope,
    base: string,
    head: string,
  ): Promise<{ files: string[]; totalCommits: number }> {
    const { data } = await this.octokit.rest.repos.compareCommitsWithBasehead({
      owner: scope.owner,
      repo: scope.repo,
      basehead: `${base}..${head}`,
      headers: await this.auth(scope),
    });
    return { files: (data.files ?? []).map((f) => f.filename), totalCommits: data.total_commits };
  }

  /** PR files, paginated 100 a page, stopping at `max`. */
  async pullRequestFiles(scope: RepoScope, pullNumber: number, max: number): Promise<string[]> {
    const files: string[] = [];
    const headers = await this.auth(scope);
    for (let page = 1; files.length < max; page++) {
      const { data } = await this.octokit.rest.pulls.listFiles({
        owner: scope.owner,
        repo: scope.repo,
        pull_number: pullNumber,
        per_page: 100,
        page,
        headers,
      });
      files.push(...data.map((f) => f.filename));
      if (data.length < 100) break;
    }
    return files.slice(0, max);
  }

  async createCommitStatus(
    scope: RepoScope,
    sha: string,
    s: { state: CommitState; context: string; description: string; targetUrl?: string },
  ): Promise<void> {
    await this.octokit.rest.repos.createCommitStatus({
      owner: scope.owner,
      repo: scope.repo,
      sha,
      state: s.state,
      context: s.context,
      description: truncate(s.description, 140),
      ...(s.targetUrl ? { target_url: s.targetUrl } : {}),
      headers: await this.auth(scope),
    });
  }

  async createCheckRun(
    scope: RepoScope,
    headSha: string,
    f: CheckRunFields & { name: string },
  ): Promise<number> {
    const { data } = await this.octokit.rest.checks.create({
      owner: scope.owner,
      repo: scope.repo,
      head_sha: headSha,
      name: f.name,
      ...checkBody(f),
      headers: await this.auth(scope),
    });
    return data.id;
  }

  async updateCheckRun(scope: RepoScope, id: number, f: CheckRunFields): Promise<void> {
    await this.octokit.rest.checks.update({
      owner: scope.owner,
      repo: scope.repo,
      check_run_id: id,
      ...checkBody(f),
      headers: await this.auth(scope),
    });
  }

  /** GET /repos/{owner}/{repo}: the repository object (default branch, URLs) as events embed it. */
  async getRepository(scope: RepoScope): Promise<Record<string, unknown>> {
    const { data } = await this.octokit.rest.repos.get({
      owner: scope.owner,
      repo: scope.repo,
      headers: await this.auth(scope),
    });
    return data as unknown as Record<string, unknown>;
  }

  /** GET /repos/{owner}/{repo}/pulls/{number}: the PR as GitHub's REST API returns it (same shape as the webhook's). */
  async getPullRequest(scope: RepoScope, pullNumber: number): Promise<Record<string, unknown>> {
    const { data } = await this.octokit.rest.pulls.get({
      owner: scope.owner,
      repo: scope.repo,
      pull_number: pullNumber,
      headers: await this.auth(scope),
    });
    return data as unknown as Record<string, unknown>;
  }

  /** True when `login` may push to the repository (permission `admin` or `write`; `maintain` reports as `write`). */
  async hasWriteAccess(scope: RepoScope, login: string): Promise<boolean> {
    const permission = await this.collaboratorPermission(scope, login);
    return permission === 'admin' || permission === 'write';
  }

  /** `login`'s permission on the repository (`admin`, `write`, `read` or `none`; `none` when GitHub answers 404). */
  async collaboratorPermission(scope: RepoScope, login: string): Promise<string> {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
        owner: scope.owner,
        repo: scope.repo,
        username: login,
        headers: await this.auth(scope),
      });
      return data.permission;
    } catch (err) {
      // 404: not a collaborator (or no such user or repository) → no access.
      if ((err as { status?: number }).status === 404) return 'none';
      throw err;
    }
  }

  /** Adds a reaction to an issue / PR comment. */
  async reactToComment(
    scope: RepoScope,
    commentId: number,
    content: '+1' | 'confused' | 'eyes',
  ): Promise<void> {
    await this.octokit.rest.reactions.createForIssueComment({
      owner: scope.owner,
      repo: scope.repo,
      comment_id: commentId,
      content,
      headers: await this.auth(scope),
    });
  }

  /** Posts a comment on an issue / PR; returns its id. */
  async createIssueComment(scope: RepoScope, issueNumber: number, body: string): Promise<number> {
    const { data } = await this.octokit.rest.issues.createComment({
      owner: scope.owner,
      repo: scope.repo,
      issue_number: issueNumber,
      body,
      headers: await this.auth(scope),
    });
    return data.id;
  }

  /** Comments of an issue / PR (up to `max`, oldest first). */
  async listIssueComments(
    scope: RepoScope,
    issueNumber: number,
    max = 300,
  ): Promise<{ id: number; body: string; user: string }[]> {
    const out: { id: number; body: string; user: string }[] = [];
    for (let page = 1; out.length < max; page++) {
      const { data } = await this.octokit.rest.issues.listComments({
        owner: scope.owner,
        repo: scope.repo,
        issue_number: issueNumber,
        per_page: 100,
        page,
        headers: await this.auth(scope),
      });
      out.push(...data.map((c) => ({ id: c.id, body: c.body ?? '', user: c.user?.login ?? '' })));
      if (data.length < 100) break;
    }
    return out.slice(0, max);
  }

  /** Replaces the body of a comment (ours only: GitHub answers 403 for other people's). */
  async updateIssueComment(scope: RepoScope, commentId: number, body: string): Promise<void> {
    await this.octokit.rest.issues.updateComment({
      owner: scope.owner,
      repo: scope.repo,
      comment_id: commentId,
      body,
      headers: await this.auth(scope),
    });
  }

  /** Creates a deployment for an exact SHA; `auto_merge: false` and `required_contexts: []` so GitHub neither merges nor waits for checks. */
  async createDeployment(
    scope: RepoScope,
    d: {
      sha: string;
      environment: string;
      description: string;
      payload: Record<string, unknown>;
      production: boolean;
    },
  ): Promise<number> {
    const { data, status } = await this.octokit.rest.repos.createDeployment({
      owner: scope.owner,
      repo: scope.repo,
      ref: d.sha,
      environment: d.environment,
      description: truncate(d.description, 140),
      auto_merge: false,
      required_contexts: [],
      payload: d.payload,
      production_environment: d.production,
      headers: await this.auth(scope),
    });
    if (status !== 201 || !('id' in data))
      throw new Error(`GitHub did not create the deployment: ${'message' in data ? data.message : status}`);
    return data.id;
  }

  async createDeploymentStatus(
    scope: RepoScope,
    deploymentId: number,
    s: { state: DeploymentState; description: string; logUrl?: string },
  ): Promise<void> {
    await this.octokit.rest.repos.createDeploymentStatus({
      owner: scope.owner,
      repo: scope.repo,
      deployment_id: deploymentId,
      state: s.state,
      description: truncate(s.description, 140),
      ...(s.logUrl ? { log_url: s.logUrl } : {}),
      headers: await this.auth(scope),
    });
  }
}

function checkBody(f: CheckRunFields): Record<string, unknown> {
  return {
    ...(f.name ? { name: f.name } : {}),
    status: f.status,
    ...(f.conclusion ? { conclusion: f.conclusion, completed_at: new Date().toISOString() } : {}),
    ...(f.detailsUrl ? { details_url: f.detailsUrl } : {}),
    ...(f.externalId ? { external_id: f.externalId } : {}),
    output: {
      title: truncate(f.title, 255),
      summary: truncate(f.summary, 65_535),
      ...(f.text ? { text: truncate(f.text, 65_535) } : {}),
    },
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
