import { describe, expect, it } from 'vitest';
import { dispatchInputsOf, validateDispatchInputs } from './dispatch-inputs';
import { spec } from './test-support';

const declared = dispatchInputsOf(
  spec(
    [
      'workflow_dispatch:',
      '  inputs:',
      '    level: { type: choice, options: [info, debug], default: info }',
      '    dry-run: { type: boolean, required: true }',
      '    replicas: { type: number }',
      '    target: { type: environment }',
      '    note: { required: true, default: hello }',
    ].join('\n'),
  ),
)!;

describe('validateDispatchInputs (GitHub workflow_dispatch input rules)', () => {
  it('types the values, applies defaults and leaves absent optional inputs out', () => {
    expect(
      validateDispatchInputs(declared, { 'dry-run': true, replicas: '03.50', target: 'staging' }),
    ).toEqual({
      ok: true,
      inputs: { 'dry-run': 'true', replicas: '3.5', target: 'staging', level: 'info', note: 'hello' },
    });
    expect(validateDispatchInputs(declared, { 'dry-run': 'false', replicas: 2, level: 'debug' })).toEqual({
      ok: true,
      inputs: { 'dry-run': 'false', replicas: '2', level: 'debug', note: 'hello' },
    });
  });

  it.each([
    [{ 'dry-run': 'yes' }, 'type', /`dry-run` must be `true` or `false`, got `yes`/],
    [{ 'dry-run': true, replicas: 'many' }, 'type', /must be a number/],
    [{ 'dry-run': true, replicas: true }, 'type', /must be a number/],
    [{ 'dry-run': true, replicas: '1e999' }, 'type', /must be a number/],
    [{ 'dry-run': true, level: 'trace' }, 'choice', /one of info, debug, got `trace`/],
    [{ 'dry-run': true, target: ' ' }, 'type', /environment name/],
    [{ 'dry-run': true, lvl: 'x' }, 'unknown', /unknown input `lvl` — did you mean `level`\?/],
    [{ 'dry-run': true, 'x`\n@all': 'x' }, 'unknown', /unknown input `x\?\?@all`/],
    [{ 'dry-run': true, level: { nested: 1 } }, 'type', /string, number or boolean/],
    [{}, 'missing', /required input `dry-run` was not given/],
    [{ 'dry-run': true, note: '' }, 'missing', /required input `note`/],
  ])('refuses %j (%s)', (given, code, message) => {
    const r = validateDispatchInputs(declared, given);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toContainEqual(
        expect.objectContaining({ code, message: expect.stringMatching(message) }),
      );
  });

  it('refuses non-maps and more than GitHub allows, without reading huge input', () => {
    for (const bad of ['x', 3, [1]]) expect(validateDispatchInputs(declared, bad).ok).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`i${i}`, 'x']));
    expect(validateDispatchInputs(declared, many)).toMatchObject({
      ok: false,
      problems: [{ code: 'too-large' }],
    });
    const big = validateDispatchInputs([{ name: 's', type: 'string', required: false }], {
      s: 'x'.repeat(70_000),
    });
    expect(big).toMatchObject({ ok: false, problems: [{ code: 'too-large' }] });
  });

  it('a pipeline without workflow_dispatch declares nothing; one without inputs accepts none', () => {
    expect(dispatchInputsOf(spec('push:\n  branches: [main]'))).toBeUndefined();
    const none = dispatchInputsOf(spec('workflow_dispatch:'))!;
    expect(validateDispatchInputs(none, undefined)).toEqual({ ok: true, inputs: {} });
    expect(validateDispatchInputs(none, { a: '1' })).toMatchObject({
      ok: false,
      problems: [{ code: 'unknown', message: expect.stringMatching(/it declares none/) }],
    });
  });

  it('never throws on hostile input: 2,000 random values give typed strings or problems', () => {
    let seed = 0x5eed;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const atoms = [
      true,
      false,
      0,
      -1,
      1e308,
      NaN,
      '',
      ' ',
      'true',
      'info',
      '3.5',
      '\u0000',
      'x'.repeat(300),
      null,
      undefined,
    ];
    const value = (depth: number): unknown => {
      const k = rnd(4);
      if (depth > 2 || k === 0) return atoms[rnd(atoms.length)];
      if (k === 1) return Array.from({ length: rnd(3) }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: rnd(5) }, () => [
          ['level', 'dry-run', 'replicas', 'target', 'note', '__proto__', 'constructor', 'x'][rnd(8)]!,
          value(depth + 1),
        ]),
      );
    };
    for (let i = 0; i < 2000; i++) {
      const r = validateDispatchInputs(declared, value(0));
      if (r.ok) expect(Object.values(r.inputs).every((v) => typeof v === 'string')).toBe(true);
      else expect(r.problems.length).toBeGreaterThan(0);
    }
  });
});
