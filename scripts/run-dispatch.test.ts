import { describe, expect, it } from 'vitest';
import { parseRunArgs, runCommand } from './run-dispatch';

describe('pipe-desktop run: arguments', () => {
  it('reads the repository, ref, pipeline, inputs and options', () => {
    expect(
      parseRunArgs([
        'acme/app',
        '--ref',
        'release/1',
        '--pipeline=deploy',
        '--input',
        'level=debug',
        '--input=note=a=b',
        '--context',
        'pipe-x-core',
        '--no-wait',
      ]),
    ).toEqual({
      request: {
        repository: 'acme/app',
        namespace: 'pipe-system',
        ref: 'release/1',
        pipeline: 'deploy',
        inputs: { level: 'debug', note: 'a=b' },
      },
      context: 'pipe-x-core',
      wait: false,
      format: 'text',
      timeoutSeconds: 120,
    });
    expect(
      parseRunArgs(['acme/app', '--input', 'empty=', '--format', 'json', '--namespace', 'ci']),
    ).toMatchObject({
      request: { namespace: 'ci', inputs: { empty: '' } },
      format: 'json',
    });
  });

  it.each([
    [[], /name the repository/],
    [['acme'], /is not owner\/name/],
    [['acme/app', 'acme/other'], /one repository per run/],
    [['acme/app', '--input', 'novalue'], /--input takes name=value/],
    [['acme/app', '--input', '=x'], /--input takes name=value/],
    [['acme/app', '--input', 'a=1', '--input', 'a=2'], /given twice/],
    [['acme/app', '--ref'], /--ref needs a value/],
    [['acme/app', '--force'], /unknown option `--force`/],
    [['acme/app', '--format', 'yaml'], /--format takes/],
    [['acme/app', '--timeout', '-1'], /whole number/],
  ])('%j → usage error', (args, message) => {
    expect(parseRunArgs(args)).toMatch(message);
  });

  it('--profile names the sign-in kubeconfig of PIPE Desktop (in its data folder) and its core context', async () => {
    expect(parseRunArgs(['acme/app', '--profile', 'sandbox'])).toMatchObject({ profile: 'sandbox' });
    expect(parseRunArgs(['acme/app', '--profile', 'sandbox', '--context', 'x'])).toMatch(
      /leave out --context/,
    );
    expect(parseRunArgs(['acme/app', '--profile', '../x'])).toMatch(/not a profile name/);
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => void err.push(t) };
    const env = { PIPE_DESKTOP_DATA_DIR: '/nonexistent/pipe-data' };
    expect(await runCommand(['acme/app', '--profile', 'sandbox'], io, env)).toBe(2);
    expect(err.at(-1)).toMatch(/\/nonexistent\/pipe-data\/kubeconfigs\/pipe-sandbox\.yaml/);
  });

  it('exits 2 with the usage on a bad argument, and on a missing kubeconfig', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => void err.push(t) };
    expect(await runCommand(['nope'], io)).toBe(2);
    expect(err.join('')).toMatch(/Usage: pipe-desktop run/);
    expect(await runCommand(['acme/app', '--kubeconfig', '/nonexistent/kubeconfig'], io)).toBe(2);
    expect(err.at(-1)).toMatch(/nonexistent/);
  });
});
