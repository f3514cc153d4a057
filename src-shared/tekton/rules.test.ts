// Rule by rule: positive and negative cases, with positions.
import { describe, expect, it } from 'vitest';
import { lintText, type TektonDiagnostic, type TextEdit } from './index';

const errors = (text: string, path?: string) => lintText(text, { path }).filter((d) => d.severity === 'error');
const at = (text: string, d: TektonDiagnostic) => text.slice(d.offset, d.endOffset);
const apply = (text: string, edits: readonly TextEdit[]) =>
  [...edits].sort((a, b) => b.offset - a.offset).reduce((t, e) => t.slice(0, e.offset) + e.newText + t.slice(e.endOffset), text);

const pipeline = (spec: string, metadata = '') => `apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: p\n${metadata}spec:\n${spec}`;

describe('propagation: embedded specs may use params and workspaces of the run', () => {
  const run = `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  generateName: pr-
spec:
  params:
    - name: greeting
      value: hi
  workspaces:
    - name: shared
      emptyDir: {}
  pipelineSpec:
    tasks:
      - name: say
        params:
          - name: text
            value: $(params.greeting)
        workspaces:
          - name: shared
        taskSpec:
          steps:
            - image: alpine
              script: echo $(params.greeting) $(params.text) > $(workspaces.shared.path)/out
`;
  it('gives no error for a PipelineRun with an embedded pipelineSpec', () => {
    expect(lintText(run)).toEqual([]);
  });

  it('gives no error for a TaskRun with an embedded taskSpec', () => {
    const tr = 'apiVersion: tekton.dev/v1\nkind: TaskRun\nmetadata:\n  generateName: tr-\nspec:\n  params:\n    - name: who\n      value: me\n  taskSpec:\n    steps:\n      - image: alpine\n        script: echo $(params.who)\n';
    expect(lintText(tr)).toEqual([]);
  });

  it('flags the same usage in a standalone Pipeline', () => {
    const text = pipeline('  tasks:\n    - name: say\n      params:\n        - name: text\n          value: $(params.greeting)\n      workspaces:\n        - name: shared\n      taskRef: {name: say}\n');
    expect(errors(text).map((d) => [d.code, at(text, d)])).toEqual([
      ['param-undeclared', '$(params.greeting)'],
      ['workspace-undeclared', 'shared'],
    ]);
  });
});

describe('the event annotation', () => {
  it('maps parse errors inside a | block to the exact column', () => {
    const text = pipeline('  tasks:\n    - name: a\n      taskRef: {name: a}\n', "  annotations:\n    pipe.linecorp.com/event: |\n      push:\n        branches: ['releases/[0-9']\n");
    const [d] = errors(text);
    expect(d).toMatchObject({ code: 'event-annotation', line: 8 });
    expect(at(text, d!)).toBe('[0-9');
  });

  it('maps into quoted and plain one-line values', () => {
    const q = pipeline('  tasks:\n    - name: a\n      taskRef: {name: a}\n', '  annotations:\n    pipe.linecorp.com/event: "[push, psuh]"\n');
    const [d] = errors(q);
    expect(d).toMatchObject({ code: 'event-annotation', line: 6 });
    expect(at(q, d!)).toBe('psuh');
    expect(d!.message).toContain('did you mean `push`');
    expect(errors(apply(q, d!.fixes![0]!.edits))).toEqual([]);
  });

  it('falls back to the whole value for folded scalars', () => {
    const text = pipeline('  tasks:\n    - name: a\n      taskRef: {name: a}\n', '  annotations:\n    pipe.linecorp.com/event: >\n      psuh\n');
    const [d] = errors(text);
    expect(d!.code).toBe('event-annotation');
    expect(at(text, d!)).toContain('psuh');
  });

  it('turns a map under the key into a block string with the quick fix', () => {
    const text = pipeline('  tasks:\n    - name: a\n      taskRef: {name: a}\n', '  annotations:\n    pipe.linecorp.com/event:\n      push:\n        branches: [main]\n');
    const [d] = errors(text);
    expect(d).toMatchObject({ code: 'event-annotation-not-string', line: 7 });
    const fixed = apply(text, d!.fixes![0]!.edits);
    expect(fixed).toContain('    pipe.linecorp.com/event: |\n      push:\n        branches: [');
    expect(lintText(fixed)).toEqual([]);
  });

  it('warns about a missing annotation only under .pipe/', () => {
    const text = pipeline('  tasks:\n    - name: a\n      taskRef: {name: a}\n');
    expect(lintText(text, { path: 'repo/.tekton/p.yaml' })).toEqual([]);
    const [w] = lintText(text, { path: 'repo/.pipe/p.yaml' });
    expect(w).toMatchObject({ severity: 'warning', code: 'event-annotation-missing', line: 4 });
  });
});

describe('params', () => {
  const spec = (value: string) =>
    pipeline(`  params:\n    - name: list\n      type: array\n    - name: obj\n      type: object\n      properties: {url: {}, rev: {}}\n  tasks:\n    - name: a\n      taskRef: {name: a}\n      params:\n        - name: x\n          value: ${value}\n`);

  it('accepts whole arrays alone, indexed elements and object keys', () => {
    expect(errors(spec('$(params.list[*])'))).toEqual([]);
    expect(errors(spec('"v-$(params.list[0])"'))).toEqual([]);
    expect(errors(spec('"$(params.obj.url)@$(params.obj.rev)"'))).toEqual([]);
  });

  it('rejects arrays and objects embedded in strings, and unknown keys', () => {
    const a = spec('"--flags=$(params.list)"');
    expect(errors(a).map((d) => [d.code, at(a, d)])).toEqual([['param-array-in-string', '$(params.list)']]);
    const o = spec('"$(params.obj.branch)"');
    expect(errors(o).map((d) => d.code)).toEqual(['param-object-key-unknown']);
    const w = spec('"x $(params.obj)"');
    expect(errors(w).map((d) => d.code)).toEqual(['param-object-in-string']);
  });

  it('offers the near name as a fix for an undeclared param', () => {
    const text = spec('$(params.lsit[*])');
    const [d] = errors(text);
    expect(d!.code).toBe('param-undeclared');
    expect(errors(apply(text, d!.fixes![0]!.edits))).toEqual([]);
  });

  it('checks declarations: types, defaults, enums', () => {
    const text = pipeline('  params:\n    - name: n\n      type: array\n      default: one\n    - name: e\n      enum: [a, b]\n      default: c\n    - name: 9lives\n  tasks:\n    - name: a\n      taskRef: {name: a}\n');
    expect(errors(text).map((d) => [d.code, d.line])).toEqual([
      ['param-default-type', 9],
      ['param-enum', 12],
      ['param-name-invalid', 13],
    ]);
  });
});

describe('graph and finally', () => {
  it('names a three-task cycle in run order', () => {
    const text = pipeline('  tasks:\n    - name: a\n      runAfter: [c]\n      taskRef: {name: t}\n    - name: b\n      runAfter: [a]\n      taskRef: {name: t}\n    - name: c\n      runAfter: [b]\n      taskRef: {name: t}\n');
    const cycles = errors(text).filter((d) => d.code === 'pipeline-cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.message).toContain('`a` → `b` → `c` → `a`');
  });

  it('allows execution status in finally and rejects finally without tasks', () => {
    const ok = pipeline('  tasks:\n    - name: a\n      taskRef: {name: t}\n  finally:\n    - name: f\n      params:\n        - name: s\n          value: $(tasks.a.status) $(tasks.status)\n      when:\n        - input: $(tasks.a.status)\n          operator: in\n          values: [Failed]\n      taskRef: {name: t}\n');
    expect(errors(ok)).toEqual([]);
    const bad = pipeline('  finally:\n    - name: f\n      taskRef: {name: t}\n');
    expect(errors(bad).map((d) => [d.code, d.line])).toEqual([['finally-without-tasks', 7]]);
  });

  it('checks pipeline results', () => {
    const text = pipeline('  tasks:\n    - name: a\n      taskRef: {name: t}\n  results:\n    - name: r\n      value: $(tasks.b.results.x)\n    - name: s\n      value: constant\n');
    expect(errors(text).map((d) => [d.code, d.line])).toEqual([
      ['pipeline-result-unknown-task', 11],
      ['pipeline-result-value', 13],
    ]);
  });

  it('returns edges for runAfter and result references', () => {
    const text = pipeline('  tasks:\n    - name: a\n      taskRef: {name: t}\n    - name: b\n      params:\n        - name: d\n          value: $(tasks.a.results.digest)\n      taskRef: {name: t}\n');
    expect(errors(text)).toEqual([]);
  });
});

describe('tasks and steps', () => {
  const task = (steps: string, extra = '') => `apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\nspec:\n${extra}  steps:\n${steps}`;

  it('needs an image unless stepTemplate or a StepAction ref gives one', () => {
    expect(errors(task('    - name: s\n      script: echo')).map((d) => [d.code, d.line])).toEqual([['step-image-missing', 7]]);
    expect(errors(task('    - name: s\n      script: echo', '  stepTemplate:\n    image: alpine\n'))).toEqual([]);
    expect(errors(task('    - name: s\n      ref: {name: action}'))).toEqual([]);
  });

  it('rejects duplicate step names and an invalid onError', () => {
    const text = task('    - name: s\n      image: a\n    - name: s\n      image: a\n      onError: ignore\n');
    expect(errors(text).map((d) => [d.code, d.line])).toEqual([
      ['step-name-duplicate', 9],
      ['step-on-error', 11],
    ]);
  });
});

describe('schema', () => {
  it('renames an unknown field with the quick fix', () => {
    const text = 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\nspec:\n  steps:\n    - image: alpine\n      workingdir: /src\n';
    const [d] = errors(text);
    expect(d).toMatchObject({ code: 'schema-unknown-field', line: 8, column: 7, endColumn: 17 });
    expect(errors(apply(text, d!.fixes![0]!.edits))).toEqual([]);
  });

  it('checks types', () => {
    const text = pipeline('  tasks:\n    - name: a\n      retries: "3"\n      taskRef: {name: t}\n');
    expect(errors(text).map((d) => [d.code, at(text, d)])).toEqual([['schema-type', '"3"']]);
  });

  it('knows v1beta1 fields and ignores non-Tekton documents', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n---\napiVersion: tekton.dev/v1beta1\nkind: PipelineRun\nmetadata:\n  generateName: r-\nspec:\n  serviceAccountName: sa\n  timeout: 1h\n  pipelineRef: {name: p}\n';
    expect(errors(text)).toEqual([]);
    expect(lintText(text).map((d) => d.code)).toEqual(['deprecated-api-version']);
  });
});

describe('type meta', () => {
  it('catches a misspelt kind or an unserved version, with fixes', () => {
    const kind = 'apiVersion: tekton.dev/v1\nkind: Pipline\nmetadata: {name: p}\nspec: {tasks: []}\n';
    const [k] = errors(kind);
    expect(k).toMatchObject({ code: 'unknown-kind', line: 2 });
    expect(apply(kind, k!.fixes![0]!.edits)).toContain('kind: Pipeline\n');
    const version = 'apiVersion: tekton.dev/v2\nkind: Task\nmetadata: {name: t}\nspec: {steps: [{image: a}]}\n';
    const [v] = errors(version);
    expect(v).toMatchObject({ code: 'unknown-api-version', line: 1 });
    expect(lintText(apply(version, v!.fixes![0]!.edits))).toEqual([]);
    expect(errors('apiVersion: tekton.dev/v1beta1\nkind: ClusterTask\nmetadata: {name: c}\n')).toEqual([]);
  });
});

describe('runs', () => {
  it('needs exactly one of pipelineRef and pipelineSpec, valid timeouts and a known status', () => {
    const text = 'apiVersion: tekton.dev/v1\nkind: PipelineRun\nmetadata:\n  name: r\nspec:\n  status: Canceled\n  timeouts:\n    pipeline: 10m\n    finally: 20m\n';
    expect(errors(text).map((d) => [d.code, d.line])).toEqual([
      ['pipelinerun-ref-or-spec', 6],
      ['run-status-invalid', 6],
      ['pipelinerun-timeouts', 9],
    ]);
  });

  it('rejects task results in PipelineRun params and a no-timeout task limit under a pipeline limit', () => {
    const text = 'apiVersion: tekton.dev/v1\nkind: PipelineRun\nmetadata:\n  name: r\nspec:\n  params:\n    - name: p\n      value: $(tasks.a.results.b)\n  timeouts:\n    pipeline: 1h\n    tasks: "0"\n  pipelineRef: {name: p}\n';
    expect(errors(text).map((d) => [d.code, d.line])).toEqual([
      ['run-param-result-ref', 8],
      ['pipelinerun-timeouts', 11],
    ]);
  });

  it('checks pipeline task timeouts', () => {
    const text = pipeline('  tasks:\n    - name: a\n      timeout: 5 minutes\n      taskRef: {name: t}\n    - name: b\n      timeout: 1h30m\n      taskRef: {name: t}\n');
    expect(errors(text).map((d) => [d.code, d.line])).toEqual([['timeout-invalid', 8]]);
  });

  it('names task names that are not DNS labels and offers a fix', () => {
    const text = pipeline('  tasks:\n    - name: Build_Image\n      taskRef: {name: t}\n');
    const [d] = errors(text);
    expect(d).toMatchObject({ code: 'pipeline-task-name-invalid', line: 7 });
    expect(apply(text, d!.fixes![0]!.edits)).toContain('- name: build-image');
  });
});
