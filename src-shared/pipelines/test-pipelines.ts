// Pipelines used by the preview tests (only imported from *.test.ts).

/** A CI pipeline with every graph feature: runAfter, a result reference, when, matrix, finally. */
export const CI_PIPELINE = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ci
  annotations:
    pipe.linecorp.com/event: |
      push:
        branches-ignore: [main]
      pull_request:
        branches: [main]
spec:
  params:
    - name: revision
    - name: repo-url
    - name: image
      default: registry.example.com/app
  workspaces:
    - name: source
  tasks:
    - name: clone
      taskRef:
        name: git-clone
      params:
        - name: url
          value: $(params.repo-url)
    - name: lint
      runAfter: [clone]
      taskRef:
        name: lint
    - name: test
      runAfter: [clone]
      taskRef:
        name: unit-test
      matrix:
        params:
          - name: node
            value: ['20', '22']
          - name: os
            value: [linux, mac]
    - name: build
      runAfter: [lint, test]
      when:
        - input: $(params.revision)
          operator: notin
          values: ['']
      taskSpec:
        steps:
          - image: alpine
            script: echo build
    - name: scan
      params:
        - name: commit
          value: $(tasks.clone.results.commit)
        - name: digest
          value: $(tasks.build.results.digest)
      taskRef:
        name: scanner
  finally:
    - name: notify
      params:
        - name: status
          value: $(tasks.status)
        - name: commit
          value: $(tasks.clone.results.commit)
      taskRef:
        name: notify
`;

/** A build pipeline for the default branch. */
export const BUILD_PIPELINE = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: build
  annotations:
    pipe.linecorp.com/event: |
      push:
        branches: [main]
spec:
  params:
    - name: revision
    - name: branch
  tasks:
    - name: build
      taskRef:
        name: build
`;
