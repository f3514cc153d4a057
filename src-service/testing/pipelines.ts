// Pipeline YAML for tests and benches (Tekton v1 Pipelines carrying the pipe.linecorp.com/event annotation).

/** A build Pipeline triggered by pushes to `branches`, binding the event variables `revision` and `repo-url`. */
export function buildPipelineYaml(
  opts: { name?: string; on?: string; annotations?: Record<string, string>; params?: string[] } = {},
): string {
  const on = opts.on ?? 'push:\n  branches: [main]';
  const extra = Object.entries(opts.annotations ?? {})
    .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`)
    .join('');
  const params = (opts.params ?? ['revision', 'repo-url'])
    .map((p) => `    - name: ${p}\n      type: string\n`)
    .join('');
  return `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ${opts.name ?? 'build'}
  annotations:
    pipe.linecorp.com/event: |
${on
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
${extra}spec:
  params:
${params}  tasks:
    - name: build
      taskSpec:
        steps:
          - name: build
            image: alpine:3.20
            script: echo building
`;
}
