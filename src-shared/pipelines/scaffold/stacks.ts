// The build stacks the scaffolder knows: the image and commands for lint and unit tests of each.

/** A stack a repository is built with. */
export type StackId = 'node' | 'go' | 'gradle' | 'python' | 'container';

/** How to lint and test a repository of this stack. */
export interface Stack {
  readonly id: StackId;
  readonly title: string;
  /** Image that has the toolchain (pinned tag, never `latest`). */
  readonly image: string;
  readonly lint: string;
  /** Unit tests; undefined when the stack has none (container-only: the image build is the test). */
  readonly test: string | undefined;
}

/** Every stack, in menu order. */
export const STACKS: readonly Stack[] = [
  { id: 'node', title: 'Node.js (npm)', image: 'docker.io/library/node:22-bookworm', lint: 'npm ci\nnpm run lint', test: 'npm ci\nnpm test' },
  { id: 'go', title: 'Go', image: 'docker.io/library/golang:1.25-bookworm', lint: 'go vet ./...\ntest -z "$(gofmt -l .)"', test: 'go test ./...' },
  { id: 'gradle', title: 'Java (Gradle)', image: 'docker.io/library/gradle:8.14-jdk21', lint: 'gradle --no-daemon check -x test', test: 'gradle --no-daemon test' },
  {
    id: 'python',
    title: 'Python (pip + pytest)',
    image: 'docker.io/library/python:3.13-slim',
    lint: 'pip install --quiet ruff\nruff check .',
    test: 'pip install --quiet -r requirements.txt pytest\npython -m pytest',
  },
  { id: 'container', title: 'Container only (Dockerfile)', image: 'ghcr.io/hadolint/hadolint:v2.12.0-debian', lint: 'hadolint Dockerfile', test: undefined },
];

/**
 * Tool images of the generated steps. PIPE's runtime admission allows only ghcr.io/, docker.io/library/,
 * registry.pipe.example/ (PIPE's registry, which mirrors tools that have neither) or bare official names.
 */
export const TOOL_IMAGES = {
  /** Docker's official buildpack-deps image with curl (for GitHub API calls). */
  curl: 'docker.io/library/buildpack-deps:bookworm-curl',
  /** kubectl has no official Docker Hub or ghcr.io image: PIPE's registry mirror. */
  kubectl: 'registry.pipe.example/mirror/kubectl:1.33',
} as const;

/** The stack with `id`. */
export function stackById(id: StackId): Stack {
  const s = STACKS.find((x) => x.id === id);
  if (!s) throw new Error(`unknown stack ${id}`);
  return s;
}
