// Checks what can be checked here of packaging and release (no Electron binary can be downloaded on this machine):
// the electron-builder config against electron-builder's own schema, the fuses, the URL scheme, and the workflows.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// The documents' shape is what the assertions check, so they are read untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const readYaml = (path: string): Doc => parse(readFileSync(join(ROOT, path), 'utf8')) as Doc;
const builderSchema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;

// Compiled once: the schema is large, and compiling it is most of this file's time on a loaded machine.
const validate = new Ajv({ allErrors: true, strict: false }).compile(builderSchema);

function validateBuilderConfig(config: unknown): string[] {
  return validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('electron-builder config', () => {
  const config = readYaml('build/electron-builder.yml');

  it("is valid against electron-builder's own configuration schema", () => {
    expect(validateBuilderConfig(config)).toEqual([]);
  });

  it('would be refused with a typo (the schema check can fail)', () => {
    expect(validateBuilderConfig({ ...config, protocol: config['protocols'] })).not.toEqual([]);
    expect(validateBuilderConfig({ ...config, electronFuses: { ...config['electronFuses'], runAsNodeX: false } })).not.toEqual([]);
  });

  it('flips the fuses a shipped app needs', () => {
    expect(config['electronFuses']).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    expect(config['asar']).toBe(true);
  });

  it('registers pipe-desktop:// on every OS', () => {
    expect(config['protocols']).toEqual([{ name: 'PIPE Desktop link', schemes: ['pipe-desktop'] }]);
    expect(config['mac'].extendInfo.CFBundleURLTypes[0].CFBundleURLSchemes).toEqual(['pipe-desktop']);
    expect(config['linux'].mimeTypes).toContain('x-scheme-handler/pipe-desktop');
    expect(config['linux'].desktop.entry.MimeType).toContain('x-scheme-handler/pipe-desktop');
  });

  it('builds the installers each OS expects, and unpacks native modules', () => {
    const targets = (os: string): string[] => (config[os].target as { target: string }[]).map((t) => t.target);
    expect(targets('mac')).toEqual(['dmg', 'zip']);
    expect(targets('win')).toEqual(['nsis', 'portable']);
    expect(targets('linux')).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config['nsis']).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    expect(config['asarUnpack']).toContain('**/node_modules/node-pty/**');
    expect(config['npmRebuild']).toBe(true);
    expect(config['mac'].hardenedRuntime).toBe(true);
  });

  it('grants macOS only the JIT entitlement', () => {
    const plist = readFileSync(join(ROOT, config['mac'].entitlements as string), 'utf8');
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('publishes to GitHub Releases as a draft with update files for each channel', () => {
    expect(config['publish']).toEqual([{ provider: 'github', releaseType: 'draft' }]);
    expect(config['generateUpdatesFilesForAllChannels']).toBe(true);
  });
});

describe('release workflow', () => {
  const wf = readYaml('.github/workflows/release.yml');
  const job = wf['jobs'].package;
  const steps = job.steps as { name?: string; run?: string; if?: string; uses?: string }[];
  const runs = steps.map((s) => s.run ?? '').join('\n');

  it('runs on v* tags over macOS, Windows and Linux', () => {
    expect(wf['on'].push.tags).toEqual(['v*']);
    expect(job.strategy.matrix.os).toEqual(['macos-latest', 'windows-latest', 'ubuntu-latest']);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
  });

  it('installs, unit-tests, builds, smoke-tests the packaged app on each OS, then uploads', () => {
    const order = ['npm ci', 'vitest run --project unit', 'npm run dist', 'packaged-smoke.mjs', 'gh release upload'];
    const at = order.map((needle) => steps.findIndex((s) => (s.run ?? '').includes(needle)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const smoke = steps.filter((s) => (s.run ?? '').includes('packaged-smoke.mjs'));
    expect(smoke.map((s) => s.if)).toEqual(["runner.os == 'Linux'", "runner.os == 'macOS'", "runner.os == 'Windows'"]);
    expect(smoke[0]!.run).toMatch(/xvfb-run/);
  });

  it('uploads the installers and the update files', () => {
    for (const ext of ['*.dmg', '*.zip', '*.exe', '*.AppImage', '*.deb', '*.rpm', 'latest*.yml']) expect(runs).toContain(`dist/${ext}`);
  });
});

describe('ci workflow', () => {
  it("runs the README's test command on pushes and pull requests", () => {
    const wf = readYaml('.github/workflows/ci.yml');
    expect(Object.keys(wf['on'])).toEqual(['push', 'pull_request']);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const steps = wf['jobs'].test.steps as { run?: string }[];
    expect(readme).toContain('npm ci && npm test');
    expect(steps.some((s) => s.run === 'npm ci && npm test')).toBe(true);
  });
});
