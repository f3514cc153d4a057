// "New pipelines" for a repository: PIPE's ci.yaml / build.yaml / cd.yaml for a stack, params and workspaces wired.
import { stackById, TOOL_IMAGES, type Stack, type StackId } from './stacks';

/** What the user chose. */
export interface ScaffoldOptions {
  readonly stack: StackId;
  /** The repository's default branch (push there builds; other branches run CI). */
  readonly defaultBranch: string;
  /** Where images go, e.g. `registry.example.com/team/app` (a param default the user can change later). */
  readonly imageRepository: string;
  /** Name prefix for the pipelines, e.g. the repository name (DNS label). */
  readonly name: string;
}

/** One generated file. */
export interface ScaffoldFile {
  /** Relative to the repository root, e.g. `.pipe/ci.yaml`. */
  readonly path: string;
  readonly text: string;
  /** What it does, for the preview and a pull request body. */
  readonly summary: string;
  /** The common events that run it (simulator column ids). */
  readonly firesOn: readonly ('push-default' | 'push-feature' | 'pr-opened' | 'tag' | 'deployment')[];
}

const GIT_CLONE = `      taskRef:
        resolver: hub
        params:
          - name: kind
            value: task
          - name: name
            value: git-clone
          - name: version
            value: "0.9"
      params:
        - name: url
          value: $(params.repo-url)
        - name: revision
          value: $(params.revision)
      workspaces:
        - name: output
          workspace: source`;

/** Generates the three pipelines for `options`. */
export function scaffoldPipelines(options: ScaffoldOptions): ScaffoldFile[] {
  const stack = stackById(options.stack);
  const name = dnsLabel(options.name);
  return [ciPipeline(stack, name, options), buildPipeline(stack, name, options), cdPipeline(name, options)];
}

function ciPipeline(stack: Stack, name: string, o: ScaffoldOptions): ScaffoldFile {
  const test = stack.test
    ? `
    - name: unit-test
      runAfter: [clone]
${stepTask('test', stack.image, stack.test)}`
    : `
    - name: build-image
      runAfter: [clone]
${kanikoTask('--no-push')}`;
  return {
    path: '.pipe/ci.yaml',
    summary: `Lint${stack.test ? ' and unit tests' : ' and an image build (not pushed)'} on every push to a branch other than \`${o.defaultBranch}\` and on pull requests.`,
    firesOn: ['push-feature', 'pr-opened'],
    text: `# CI: fast feedback on branches and pull requests (${stack.title}).
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ${name}-ci
  annotations:
    pipe.linecorp.com/event: |
      push:
        branches-ignore: [${quote(o.defaultBranch)}]
      pull_request:
        types: [opened, synchronize, reopened]
spec:
  description: Lint${stack.test ? ' and unit tests' : ''} for ${stack.title}.
  params:
${commonParams()}${stack.test ? '' : imageParam(o)}
  workspaces:
    - name: source
${stack.test ? '' : dockerWorkspace()}  tasks:
    - name: clone
${GIT_CLONE}
    - name: lint
      runAfter: [clone]
${stepTask('lint', stack.image, stack.lint)}${test}
`,
  };
}

function buildPipeline(stack: Stack, name: string, o: ScaffoldOptions): ScaffoldFile {
  const test = stack.test
    ? `
    - name: unit-test
      runAfter: [clone]
${stepTask('test', stack.image, stack.test)}`
    : '';
  return {
    path: '.pipe/build.yaml',
    summary: `On every push to \`${o.defaultBranch}\`: ${stack.test ? 'unit tests, ' : ''}build and push the image, create a GitHub deployment, deploy to stage.`,
    firesOn: ['push-default'],
    text: `# Build: every push to ${o.defaultBranch} becomes an image, a GitHub deployment and a stage rollout.
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ${name}-build
  annotations:
    pipe.linecorp.com/event: |
      push:
        branches: [${quote(o.defaultBranch)}]
spec:
  description: Test, build the image, create a GitHub deployment, deploy to stage.
  params:
${commonParams()}${imageParam(o)}
    - name: repo-full-name
      description: owner/name of the repository (event variable)
  workspaces:
    - name: source
${dockerWorkspace()}    - name: github-token
      description: Secret with a \`token\` key allowed to create deployments
  tasks:
    - name: clone
${GIT_CLONE}${test}
    - name: build-image
      runAfter: [${stack.test ? 'unit-test' : 'clone'}]
${kanikoTask()}
    - name: create-deployment
      runAfter: [build-image]
      params:
        - name: repo-full-name
          value: $(params.repo-full-name)
        - name: revision
          value: $(params.revision)
        - name: digest
          value: $(tasks.build-image.results.IMAGE_DIGEST)
      workspaces:
        - name: github-token
          workspace: github-token
      taskSpec:
        params:
          - name: repo-full-name
          - name: revision
          - name: digest
        workspaces:
          - name: github-token
        steps:
          - name: create-deployment
            image: ${TOOL_IMAGES.curl}
            script: |
              #!/bin/sh
              set -eu
              curl -fsS -X POST \\
                -H "Authorization: Bearer $(cat $(workspaces.github-token.path)/token)" \\
                -H "Accept: application/vnd.github+json" \\
                "https://api.github.com/repos/$(params.repo-full-name)/deployments" \\
                -d '{"ref":"$(params.revision)","environment":"production","auto_merge":false,"payload":{"digest":"$(params.digest)"}}'
    - name: deploy-stage
      runAfter: [build-image]
${deployTask('stage')}
`,
  };
}

function cdPipeline(name: string, o: ScaffoldOptions): ScaffoldFile {
  return {
    path: '.pipe/cd.yaml',
    summary: 'On a GitHub deployment (created by build.yaml) or a `v*` tag: deploy to production.',
    firesOn: ['tag', 'deployment'],
    text: `# CD: production rollouts from a GitHub deployment or a version tag.
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ${name}-cd
  annotations:
    pipe.linecorp.com/event: |
      deployment:
      push:
        tags: ['v*']
spec:
  description: Deploy the built image to production.
  params:
${commonParams()}${imageParam(o)}
  workspaces:
    - name: source
  tasks:
    - name: clone
${GIT_CLONE}
    - name: deploy-production
      runAfter: [clone]
${deployTask('production')}
`,
  };
}

function commonParams(): string {
  return `    - name: repo-url
      description: Clone URL (event variable)
    - name: revision
      description: Commit to build (event variable)`;
}

function imageParam(o: ScaffoldOptions): string {
  return `
    - name: image
      description: Image repository to push to
      default: ${quote(o.imageRepository)}`;
}

function dockerWorkspace(): string {
  return `    - name: docker-credentials
      description: Secret with a \`config.json\` for the registry
`;
}

function stepTask(step: string, image: string, script: string): string {
  return `      workspaces:
        - name: source
          workspace: source
      taskSpec:
        workspaces:
          - name: source
        steps:
          - name: ${step}
            image: ${image}
            workingDir: $(workspaces.source.path)
            script: |
              #!/bin/sh
              set -eu
${script.split('\n').map((l) => `              ${l}`).join('\n')}`;
}

function kanikoTask(extraArg?: string): string {
  return `      taskRef:
        resolver: hub
        params:
          - name: kind
            value: task
          - name: name
            value: kaniko
          - name: version
            value: "0.7"
      params:
        - name: IMAGE
          value: $(params.image):$(params.revision)${extraArg ? `
        - name: EXTRA_ARGS
          value: [${quote(extraArg)}]` : ''}
      workspaces:
        - name: source
          workspace: source
        - name: dockerconfig
          workspace: docker-credentials`;
}

function deployTask(environment: string): string {
  return `      params:
        - name: image
          value: $(params.image):$(params.revision)
      workspaces:
        - name: source
          workspace: source
      taskSpec:
        params:
          - name: image
        workspaces:
          - name: source
        steps:
          - name: deploy
            image: ${TOOL_IMAGES.kubectl}
            workingDir: $(workspaces.source.path)
            script: |
              #!/bin/sh
              set -eu
              kubectl kustomize deploy/overlays/${environment} | sed "s|IMAGE_PLACEHOLDER|$(params.image)|g" | kubectl apply -f -`;
}

/** A DNS-1123 label made of `text` (pipeline names). */
export function dnsLabel(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return /^[a-z]/.test(cleaned) ? cleaned : `app${cleaned ? `-${cleaned}` : ''}`;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
