// The corpus (tektoncd/pipeline examples/v1 and a tektoncd/catalog subset, see corpus/README.md): no error on
// real-world files except the genuine mistakes listed here, and every seeded mistake caught at its line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from './index';

const ROOT = join(import.meta.dirname, 'corpus');
const walk = (d: string): string[] => readdirSync(d).sort().flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : f.endsWith('.yaml') ? [join(d, f)] : []));
const FILES = walk(ROOT).map((f) => relative(ROOT, f));
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

/** Genuine mistakes in the upstream files ("line code"), each checked against what Tekton rejects. */
const EXPECTED: Record<string, string[]> = {
  // A param the Task never declares (the webhook rejects non-existent variables).
  'tektoncd-catalog/task/anchore-cli/0.1/anchore-cli.yaml': ['57 param-undeclared', '62 param-undeclared'],
  // `spec.podTemplate` is v1beta1; v1 PipelineRuns have `taskRunTemplate.podTemplate`.
  'tektoncd-catalog/task/git-clone/0.10/samples/git-clone-checking-out-a-branch.yaml': ['62 schema-unknown-field'],
  'tektoncd-catalog/task/git-clone/0.10/samples/git-clone-checking-out-a-commit.yaml': ['98 schema-unknown-field', '112 schema-unknown-field'],
  'tektoncd-catalog/task/git-clone/0.10/samples/git-clone-for-ssl-ca.yaml': ['63 schema-unknown-field'],
  'tektoncd-catalog/task/git-clone/0.10/samples/git-clone-sparse-checkout.yaml': ['63 schema-unknown-field'],
  'tektoncd-catalog/task/git-clone/0.10/samples/using-git-clone-result.yaml': ['69 schema-unknown-field'],
  // `mountpath` for `mountPath` (in a beta example that is not run by Tekton's CI with strict decoding).
  'tektoncd-pipeline/examples/v1/pipelineruns/beta/isolated-workspaces.yaml': ['48 schema-unknown-field'],
};

describe('corpus of real-world Tekton', () => {
  it('holds the files it is documented to hold', () => {
    expect(FILES.length).toBeGreaterThan(200);
    expect(FILES.filter((f) => f.startsWith('tektoncd-pipeline/examples/v1/')).length).toBeGreaterThan(140);
  });

  it.each(FILES)('%s', (file) => {
    const errors = lintText(read(file), { path: file }).filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.line} ${d.code}`)).toEqual(EXPECTED[file] ?? []);
  });
});

interface Seed {
  readonly name: string;
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  readonly code: string;
  /** A substring of the mutated text whose line the diagnostic must be on (default: where `replace` starts). */
  readonly at?: string;
}

const PR = 'tektoncd-pipeline/examples/v1/pipelineruns/pipelinerun.yaml';
const FINAL = 'tektoncd-pipeline/examples/v1/pipelineruns/pipelinerun-with-final-tasks.yaml';
const WHEN = 'tektoncd-pipeline/examples/v1/pipelineruns/pipelinerun-with-when-expressions.yaml';
const MATRIX = 'tektoncd-pipeline/examples/v1/pipelineruns/beta/pipelinerun-with-matrix.yaml';
const MATRIX_RESULTS = 'tektoncd-pipeline/examples/v1/pipelineruns/beta/pipelinerun-with-matrix-emitting-results.yaml';
const OBJ = 'tektoncd-pipeline/examples/v1/taskruns/object-param-result.yaml';
const GO = 'tektoncd-catalog/task/golang-build/0.3/golang-build.yaml';

/** One mistake per webhook rule, seeded into real files. */
const SEEDS: Seed[] = [
  { name: 'runAfter names an unknown task', file: PR, find: 'runAfter: [fetch-from-git]', replace: 'runAfter: [fetch-from-gti]', code: 'pipeline-task-unknown-dependency' },
  { name: 'cycle', file: PR, find: '  - name: fetch-from-git\n    taskRef:', replace: '  - name: fetch-from-git\n    runAfter: [build-image]\n    taskRef:', code: 'pipeline-cycle', at: 'runAfter: [fetch-from-git]' },
  { name: 'task name not a DNS label', file: PR, find: '  - name: build-image', replace: '  - name: Build_Image', code: 'pipeline-task-name-invalid' },
  { name: 'duplicate task name', file: PR, find: '  - name: build-image\n    runAfter', replace: '  - name: fetch-from-git\n    runAfter', code: 'pipeline-task-name-duplicate' },
  { name: 'taskRef and taskSpec', file: PR, find: '    taskRef:\n      name: kaniko', replace: '    taskRef:\n      name: kaniko\n    taskSpec:\n      steps: [{image: alpine}]', code: 'pipeline-task-ref-and-spec', at: '    taskSpec:\n      steps: [{image: alpine}]' },
  { name: 'neither taskRef nor taskSpec', file: PR, find: '    taskRef:\n      name: kaniko\n', replace: '', code: 'pipeline-task-ref-or-spec-missing', at: '  - name: build-image' },
  { name: 'undeclared param', file: PR, find: '$(params.image-registry)/getting-started', replace: '$(params.image-regsitry)/getting-started', code: 'param-undeclared' },
  { name: 'duplicate param', file: PR, find: '  params:\n  - name: image-registry', replace: '  params:\n  - name: image-registry\n  - name: image-registry', code: 'param-duplicate', at: '  - name: image-registry\n    default' },
  { name: 'undeclared workspace', file: PR, find: '      workspace: git-source\n  - name: build-image', replace: '      workspace: git-src\n  - name: build-image', code: 'workspace-undeclared' },
  { name: 'shell $(date) in a param', file: PR, find: '      value: main', replace: '      value: main-$(date +%s)', code: 'variable-unknown-prefix' },
  { name: 'execution status outside finally', file: PR, find: '      value: examples/getting-started', replace: '      value: $(tasks.fetch-from-git.status)', code: 'execution-status-outside-finally' },
  { name: 'result of an unknown task', file: PR, find: '      value: examples/getting-started', replace: '      value: $(tasks.fetch.results.commit)', code: 'pipeline-task-unknown-dependency' },
  { name: 'unknown context variable', file: PR, find: '      value: examples/getting-started', replace: '      value: $(context.pipelineRun.id)', code: 'context-variable-unknown' },
  { name: 'onError value', file: PR, find: '    runAfter: [fetch-from-git]', replace: '    runAfter: [fetch-from-git]\n    onError: ignore', code: 'pipeline-task-on-error', at: 'onError: ignore' },
  { name: 'pipelineRef and pipelineSpec', file: PR, find: '  pipelineRef:\n    name: "demo.pipeline"', replace: '  pipelineRef:\n    name: "demo.pipeline"\n  pipelineSpec:\n    tasks: []', code: 'pipelinerun-ref-or-spec', at: '  pipelineSpec:\n    tasks: []' },
  { name: 'spec.podTemplate on a v1 PipelineRun', file: PR, find: "  taskRunTemplate:\n    serviceAccountName: 'default'", replace: '  podTemplate:\n    nodeSelector: {disk: ssd}', code: 'schema-unknown-field' },
  { name: 'task timeout above the pipeline timeout', file: PR, find: "  taskRunTemplate:\n    serviceAccountName: 'default'", replace: "  timeouts:\n    pipeline: 1h\n    tasks: 2h\n  taskRunTemplate:\n    serviceAccountName: 'default'", code: 'pipelinerun-timeouts', at: '    tasks: 2h' },
  { name: 'invalid duration', file: PR, find: "  taskRunTemplate:\n    serviceAccountName: 'default'", replace: "  timeouts:\n    pipeline: 1 hour\n  taskRunTemplate:\n    serviceAccountName: 'default'", code: 'timeout-invalid', at: '    pipeline: 1 hour' },
  { name: 'object name', file: PR, find: '  name: "demo.pipeline"', replace: '  name: "Demo_Pipeline"', code: 'metadata-name-invalid' },
  { name: 'finally with runAfter', file: FINAL, find: '    - name: cleanup\n      taskRef:', replace: '    - name: cleanup\n      runAfter: [clone-app-repo]\n      taskRef:', code: 'finally-run-after', at: 'runAfter: [clone-app-repo]' },
  { name: 'finally uses a finally result', file: FINAL, find: '$(tasks.clone-app-repo.results.commit)', replace: '$(tasks.cleanup.results.commit)', code: 'finally-result-ref-finally' },
  { name: 'when operator', file: WHEN, find: '            operator: in\n            values: ["README.md"]', replace: '            operator: equals\n            values: ["README.md"]', code: 'when-operator' },
  { name: 'when without values', file: WHEN, find: '            operator: in\n            values: ["README.md"]', replace: '            operator: in\n            values: []', code: 'when-values-empty', at: 'values: []' },
  { name: 'param in matrix and params', file: MATRIX, find: '        params:\n          - name: browser\n            value: chrome', replace: '        params:\n          - name: platform\n            value: chrome', code: 'matrix-param-in-params', at: '            - name: platform\n              value:\n                - linux\n        params' },
  { name: 'step with script and command', file: GO, find: '    workingDir: $(workspaces.source.path)\n    script:', replace: '    workingDir: $(workspaces.source.path)\n    command: [sh]\n    script:', code: 'step-script-and-command', at: 'command: [sh]' },
  { name: 'param type', file: GO, find: '  - name: package\n    description', replace: '  - name: package\n    type: str\n    description', code: 'param-type-invalid', at: 'type: str' },
  { name: 'unknown step field (v1beta1)', file: GO, find: '    workingDir: $(workspaces.source.path)', replace: '    workingdir: $(workspaces.source.path)', code: 'schema-unknown-field' },
  { name: 'undeclared param in a step', file: GO, find: 'go build $(params.flags)', replace: 'go build $(params.flag)', code: 'param-undeclared' },
  { name: 'matrixed results used without [*]', file: MATRIX_RESULTS, find: '            value: $(tasks.matrix-emitting-results.results.report-url[*])', replace: '            value: $(tasks.matrix-emitting-results.results.report-url)', code: 'matrix-result-not-aggregate' },
  { name: 'undeclared result in a script', file: OBJ, find: '> $(results.object-results.path)', replace: '> $(results.object-result.path)', code: 'result-undeclared' },
  { name: 'unknown task context variable', file: GO, find: 'go build $(params.flags)', replace: 'go build -o $(context.taskRun.id) $(params.flags)', code: 'context-variable-unknown' },
  { name: 'event annotation as a map', file: PR, find: '  name: "demo.pipeline"\n', replace: '  name: "demo.pipeline"\n  annotations:\n    pipe.linecorp.com/event:\n      push: {branches: [main]}\n', code: 'event-annotation-not-string', at: '      push: {branches: [main]}' },
  { name: 'unknown event in the annotation block', file: PR, find: '  name: "demo.pipeline"\n', replace: '  name: "demo.pipeline"\n  annotations:\n    pipe.linecorp.com/event: |\n      pull_request:\n        types: [opened]\n      psuh:\n        branches: [main]\n', code: 'event-annotation', at: '      psuh:' },
];

describe('seeded mistakes', () => {
  it.each(SEEDS)('$name', (seed) => {
    const original = read(seed.file);
    const index = original.indexOf(seed.find);
    expect(index, `"${seed.find}" not found in ${seed.file}`).toBeGreaterThanOrEqual(0);
    const mutated = original.slice(0, index) + seed.replace + original.slice(index + seed.find.length);
    const anchor = seed.at === undefined ? index : mutated.indexOf(seed.at);
    expect(anchor).toBeGreaterThanOrEqual(0);
    const line = mutated.slice(0, anchor).split('\n').length;
    const found = lintText(mutated, { path: seed.file }).filter((d) => d.code === seed.code);
    expect(found.map((d) => d.line)).toContain(line);
  });
});
