// The sandbox's sample repository on the fake GitHub: PIPE's best practice of three pipelines in `.pipe/`
// (ci on branches and pull requests, build on the default branch and nightly, cd on version tags and deployments).
// Steps use images the sandbox's admission policy allows; kwok runs no containers, so they only need to be admitted.

/** owner/name of the sample repository (the owner is the fake GitHub's organization). */
export const SAMPLE_REPOSITORY = 'pipe-sandbox/sample-app';
export const SAMPLE_DEFAULT_BRANCH = 'main';

const step = (name: string, lines: readonly string[]): string =>
  `            - name: ${name}
              image: docker.io/library/alpine:3.20
              script: |
${lines.map((l) => `                echo "${l}"`).join('\n')}`;

const task = (name: string, runAfter: readonly string[], steps: readonly string[]): string =>
  `    - name: ${name}${runAfter.length ? `\n      runAfter: [${runAfter.join(', ')}]` : ''}
      params:
        - name: revision
          value: $(params.revision)
      taskSpec:
        params:
          - name: revision
            type: string
        steps:
${steps.join('\n')}`;

const params = `  params:
    - name: revision
      type: string
      description: commit to check out (event variable)
    - name: repo-url
      type: string
      description: clone URL (event variable)`;

const CI = `# CI: fast feedback on every branch but ${SAMPLE_DEFAULT_BRANCH}, and on pull requests.
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: sample-app-ci
  annotations:
    pipe.linecorp.com/event: |
      push:
        branches-ignore: [${SAMPLE_DEFAULT_BRANCH}]
      pull_request:
        types: [opened, synchronize, reopened]
spec:
  description: Lint and unit tests.
${params}
  tasks:
${task('clone', [], [step('clone', ['cloning $(params.revision)', 'checked out'])])}
${task('lint', ['clone'], [step('lint', ['linting 12 files', 'no problems'])])}
${task('unit-test', ['clone'], [step('test', ['running 24 tests', '24 passed'])])}
`;

const BUILD = `# Build: every push to ${SAMPLE_DEFAULT_BRANCH} (and a nightly run) becomes a tested image.
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: sample-app-build
  annotations:
    pipe.linecorp.com/event: |
      push:
        branches: [${SAMPLE_DEFAULT_BRANCH}]
      schedule:
        - cron: "0 3 * * *"
spec:
  description: Test, build and push the image.
${params}
  tasks:
${task('clone', [], [step('clone', ['cloning $(params.revision)', 'checked out'])])}
${task('unit-test', ['clone'], [step('test', ['running 24 tests', '24 passed'])])}
${task('build-image', ['unit-test'], [step('build', ['building registry.pipe.example/team-a/sample-app']), step('push', ['pushed registry.pipe.example/team-a/sample-app'])])}
  finally:
${task('report', [], [step('report', ['build finished'])])}
`;

const CD = `# CD: a version tag or a GitHub deployment rolls the image out.
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: sample-app-cd
  annotations:
    pipe.linecorp.com/event: |
      push:
        tags: ["v*"]
      deployment:
spec:
  description: Deploy and smoke-test.
${params}
    - name: environment
      type: string
      default: stage
      description: target environment (event variable on deployments)
  tasks:
${task('deploy', [], [step('deploy', ['deploying $(params.revision)', 'rollout complete'])])}
${task('smoke-test', ['deploy'], [step('smoke', ['GET /healthz 200'])])}
`;

/** The files of the sample repository's default branch (path → content). */
export function sampleRepositoryFiles(): Record<string, string> {
  return {
    'README.md': '# sample-app\n\nThe PIPE sandbox\'s sample repository: `.pipe/` holds its ci, build and cd pipelines.\n',
    '.pipe/ci.yaml': CI,
    '.pipe/build.yaml': BUILD,
    '.pipe/cd.yaml': CD,
  };
}
