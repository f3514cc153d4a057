import { describe, expect, it } from 'vitest';
import { applyTableQuery, distinctValues, parseSearch } from './table-query';
import { formatAge, formatDuration } from './format';
import { normalizeServer, parsePlatformProfile, placeCluster } from './platform-profile';

interface R {
  name: string;
  status: string;
  restarts: number;
  node?: string;
}
const rows: R[] = [
  { name: 'pod-10', status: 'Running', restarts: 0, node: 'b' },
  { name: 'pod-2', status: 'Pending', restarts: 5 },
  { name: 'web-1', status: 'Running', restarts: 1, node: 'a' },
];
const acc = { name: (r: R) => r.name, status: (r: R) => r.status, restarts: (r: R) => r.restarts, node: (r: R) => r.node };
const text = (r: R) => `${r.name} ${r.status} ${r.node ?? ''}`;

describe('table query', () => {
  it('sorts naturally, numerically, descending, absent values last', () => {
    expect(applyTableQuery(rows, { sortKey: 'name' }, acc, text).map((r) => r.name)).toEqual(['pod-2', 'pod-10', 'web-1']);
    expect(applyTableQuery(rows, { sortKey: 'restarts', sortDir: 'desc' }, acc, text).map((r) => r.restarts)).toEqual([5, 1, 0]);
    expect(applyTableQuery(rows, { sortKey: 'node', sortDir: 'desc' }, acc, text).map((r) => r.node)).toEqual(['b', 'a', undefined]);
    expect(applyTableQuery(rows, { sortKey: 'node' }, acc, text).map((r) => r.node)).toEqual(['a', 'b', undefined]);
  });

  it('filters by column values and searches words (all must match, -word excludes)', () => {
    expect(applyTableQuery(rows, { filters: { status: ['Running'] } }, acc, text).map((r) => r.name)).toEqual(['pod-10', 'web-1']);
    expect(applyTableQuery(rows, { search: 'POD running' }, acc, text).map((r) => r.name)).toEqual(['pod-10']);
    expect(applyTableQuery(rows, { search: 'running -web' }, acc, text).map((r) => r.name)).toEqual(['pod-10']);
    expect(parseSearch(' a  -b - ')).toEqual({ include: ['a'], exclude: ['b'] });
    expect(distinctValues(rows, acc.status)).toEqual([{ value: 'Running', count: 2 }, { value: 'Pending', count: 1 }]);
  });

  // Speed is measured by `npm run bench -- clusters-parse`, never asserted here.
  it('sorts 10,000 rows naturally', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ name: `pod-${(i * 7919) % 10_000}`, status: i % 3 ? 'Running' : 'Pending', restarts: i % 17 }));
    const out = applyTableQuery(many, { sortKey: 'name', search: 'pod' }, acc, text);
    expect(out).toHaveLength(10_000);
    expect(out.slice(0, 3).map((r) => r.name)).toEqual(['pod-0', 'pod-1', 'pod-2']);
    expect(out.at(-1)!.name).toBe('pod-9999');
  });
});

describe('format', () => {
  it('prints ages like kubectl and durations compactly', () => {
    expect(formatAge(5_000)).toBe('5s');
    expect(formatAge(200_000)).toBe('3m20s');
    expect(formatAge(45 * 60_000)).toBe('45m');
    expect(formatAge(5 * 3600_000 + 600_000)).toBe('5h10m');
    expect(formatAge(30 * 3600_000)).toBe('30h');
    expect(formatAge(3 * 86400_000)).toBe('3d');
    expect(formatAge(800 * 86400_000)).toBe('2y');
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
  });
});

describe('platform profile', () => {
  const json = JSON.stringify({
    name: 'pipe',
    core: { name: 'core', server: 'https://Core.example.com/' },
    runtimes: [
      { name: 'rt-tokyo', server: 'https://rt1.example.com:6443', region: 'tokyo' },
      { name: 'rt-osaka', contexts: ['osaka-admin'], region: 'osaka' },
    ],
    dex: { issuer: 'https://dex.example.com', clientId: 'pipe-desktop' },
    namespaces: ['team-a', 'team-b'],
  });

  it('parses and places contexts by server URL or listed names', () => {
    const { profile } = parsePlatformProfile(json);
    expect(profile?.namespaces).toEqual(['team-a', 'team-b']);
    expect(placeCluster(profile, { context: 'x', cluster: 'c', server: 'https://core.example.com:443' })).toEqual({ group: 'core', profileName: 'core' });
    expect(placeCluster(profile, { context: 'x', cluster: 'c', server: 'https://rt1.example.com:6443/' })).toMatchObject({ group: 'runtime', region: 'tokyo' });
    expect(placeCluster(profile, { context: 'osaka-admin', cluster: 'c', server: 'https://elsewhere' })).toMatchObject({ group: 'runtime', region: 'osaka' });
    expect(placeCluster(profile, { context: 'kind', cluster: 'kind', server: 'https://127.0.0.1:1' })).toEqual({ group: 'other' });
    expect(placeCluster(undefined, { context: 'kind', cluster: 'kind', server: 'x' })).toEqual({ group: 'other' });
  });

  it('accepts other spellings and reports invalid profiles', () => {
    const alt = parsePlatformProfile(JSON.stringify({ clusters: [{ role: 'core', name: 'c', server: 'https://c' }, { role: 'runtime', name: 'r', region: 'x' }], dex: { issuerUrl: 'i', clientID: 'id' }, namespaces: [{ name: 'n' }] }));
    expect(alt.profile).toMatchObject({ core: { name: 'c' }, runtimes: [{ name: 'r' }], dex: { issuer: 'i', clientId: 'id' }, namespaces: ['n'] });
    expect(parsePlatformProfile('{').error).toMatch(/not valid JSON/);
    expect(parsePlatformProfile('{"runtimes": []}').error).toMatch(/core/);
    expect(normalizeServer('HTTPS://[::1]:6443/')).toBe('https://[::1]:6443');
    expect(normalizeServer('http://h')).toBe('http://h:80');
  });
});
