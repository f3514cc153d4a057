import { describe, expect, it } from 'vitest';
import { annotationCompletion } from './annotation-completion';

const DOC = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ci
  annotations:
    pipe.linecorp.com/event: |
      push:
        bra
      pull_request:
        types: [opened, syn
        branches: [main]
      release:
        types:
          - pub
      pu
    other: x
spec:
  tasks: []
`;
const lines = DOC.split('\n');
const at = (needle: string, offset = needle.length) => {
  const i = lines.findIndex((l) => l.includes(needle));
  return annotationCompletion(lines, i, lines[i]!.indexOf(needle) + offset + 1);
};

describe('annotationCompletion', () => {
  it('suggests event names at the top of the block', () => {
    expect(at('  pu')).toMatchObject({ kind: 'event', items: expect.arrayContaining(['push', 'pull_request', 'workflow_dispatch']) });
    expect(at('push:', 2)).toMatchObject({ kind: 'event' });
  });

  it('suggests the keys of the event the line belongs to', () => {
    expect(at('bra')).toEqual({ kind: 'key', event: 'push', items: ['branches', 'branches-ignore', 'tags', 'tags-ignore', 'paths', 'paths-ignore'] });
    expect(at('branches: [main]', 3)).toMatchObject({ kind: 'key', event: 'pull_request' });
  });

  it('suggests activity types in a flow list and in a block list under `types:`', () => {
    expect(at('types: [opened, syn')).toMatchObject({ kind: 'type', event: 'pull_request', items: expect.arrayContaining(['synchronize', 'closed']) });
    expect(at('- pub')).toMatchObject({ kind: 'type', event: 'release', items: expect.arrayContaining(['published', 'prereleased']) });
  });

  it('suggests nothing outside the annotation', () => {
    expect(at('other: x', 3)).toBeUndefined();
    expect(at('tasks: []', 3)).toBeUndefined();
    expect(at('name: ci', 3)).toBeUndefined();
    expect(annotationCompletion(lines, 999, 1)).toBeUndefined();
  });
});
