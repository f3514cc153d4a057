// Event filter throughput: 100 pipelines × 1,000 events, annotations parsed (patterns compiled) once.
// Run directly: `npx tsx bench/events-bench.ts`; `benchEvents()` returns the figures for bench/run.ts.
import { pathToFileURL } from 'node:url';
import { decidingPattern, isMatch, matchEvent, parseTriggers } from '../src-shared/events/index';
import type {
  ChangedFiles,
  EventRepository,
  MatchContext,
  NormalizedEvent,
  TriggerSpec,
} from '../src-shared/events/index';

const REPO: EventRepository = {
  owner: 'octo',
  name: 'monorepo',
  fullName: 'octo/monorepo',
  cloneUrl: 'https://github.com/octo/monorepo.git',
  htmlUrl: 'https://github.com/octo/monorepo',
  defaultBranch: 'main',
  private: true,
};

// Deterministic pseudo-random numbers so every run measures the same workload.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

const SERVICES = ['api', 'web', 'worker', 'billing', 'auth', 'search', 'mobile', 'infra', 'docs', 'tools'];

/** 100 annotations in the shapes teams write: branch lists, tag globs, ignores, negations, paths, PR types. */
export function benchAnnotations(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 100; i++) {
    const svc = SERVICES[i % SERVICES.length]!;
    switch (i % 10) {
      case 0:
        out.push(
          `push:\n  branches: [main, 'releases/**']\n  paths: ['services/${svc}/**', 'libs/**', '!**/*.md']`,
        );
        break;
      case 1:
        out.push(
          `pull_request:\n  types: [opened, synchronize, reopened, closed]\n  branches: [main, 'release/v[0-9]+.[0-9]+']\n  paths: ['services/${svc}/**']`,
        );
        break;
      case 2:
        out.push("push:\n  tags: ['v[0-9]+.[0-9]+.[0-9]+', '!v*-rc*']");
        break;
      case 3:
        out.push(
          "push:\n  branches-ignore: ['dependabot/**', 'renovate/**', 'wip/*']\n  paths-ignore: ['docs/**', '**.md']",
        );
        break;
      case 4:
        out.push(`[push, pull_request]`);
        break;
      case 5:
        out.push(
          `push:\n  branches: ['feature/${svc}-*', 'hotfix/**', '!hotfix/**-draft']\npull_request:\n  branches-ignore: ['gh-pages']`,
        );
        break;
      case 6:
        out.push("release:\n  types: [published]\npush:\n  tags: ['${svc}/v*']".replace('${svc}', svc));
        break;
      case 7:
        out.push(`pull_request:\n  paths: ['**/${svc}/**/*.ts', '**/${svc}/**/*.tsx?']`);
        break;
      case 8:
        out.push("push:\n  branches: ['**']\n  tags: ['**']\n  paths: ['**/Dockerfile', 'deploy/**']");
        break;
      default:
        out.push("schedule:\n  - cron: '0 3 * * 1-5'\nworkflow_dispatch:\npush:\n  branches: [main]");
    }
  }
  return out;
}

/** 1,000 events: branch and tag pushes and pull requests with realistic names and changed files. */
export function benchEvents1000(): { event: NormalizedEvent; ctx: MatchContext }[] {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const branches = [
    'main',
    'develop',
    'releases/2.3',
    'release/v1.12',
    'hotfix/login-crash',
    'dependabot/npm_and_yarn/lodash-4.17.21',
    'wip/spike',
  ];
  const out: { event: NormalizedEvent; ctx: MatchContext }[] = [];
  for (let i = 0; i < 1000; i++) {
    const svc = pick(SERVICES);
    const branch = rand() < 0.4 ? pick(branches) : `feature/${svc}-${Math.floor(rand() * 1000)}`;
    const fileCount = 1 + Math.floor(rand() * 6);
    const files: string[] = [];
    for (let f = 0; f < fileCount; f++) {
      files.push(
        pick([
          `services/${svc}/src/handler${f}.ts`,
          `libs/common/util${f}.ts`,
          `docs/${svc}.md`,
          `services/${svc}/Dockerfile`,
          'README.md',
          `deploy/${svc}/values.yaml`,
        ]),
      );
    }
    const changedFiles: ChangedFiles = { files, complete: true };
    const kind = rand();
    let event: NormalizedEvent;
    if (kind < 0.5) {
      event = {
        name: 'push',
        ref: `refs/heads/${branch}`,
        refType: 'branch',
        refName: branch,
        sha: 'a'.repeat(40),
        deleted: false,
        created: false,
        sender: 'mona',
        repository: REPO,
        changedFiles: { kind: 'compare', base: 'b'.repeat(40), head: 'a'.repeat(40) },
      };
    } else if (kind < 0.65) {
      const tag = pick(['v1.2.3', 'v2.0.0-rc1', `${svc}/v3.1`, 'nightly-2024-05-01', 'v10.20.30']);
      event = {
        name: 'push',
        ref: `refs/tags/${tag}`,
        refType: 'tag',
        refName: tag,
        sha: 'a'.repeat(40),
        deleted: false,
        created: true,
        sender: 'mona',
        repository: REPO,
        changedFiles: { kind: 'none' },
      };
    } else {
      event = {
        name: 'pull_request',
        action: pick(['opened', 'synchronize', 'synchronize', 'labeled', 'closed']),
        ref: `refs/pull/${i}/merge`,
        refName: `${i}/merge`,
        sha: 'c'.repeat(40),
        deleted: false,
        created: false,
        baseRef: pick(['main', 'main', 'release/v1.12', 'gh-pages']),
        headRef: branch,
        prNumber: i,
        sender: 'mona',
        repository: REPO,
        changedFiles: { kind: 'pull_request', number: i },
      };
    }
    out.push({ event, ctx: { changedFiles } });
  }
  return out;
}

function compileAll(texts: readonly string[]): TriggerSpec[] {
  return texts.map((t) => {
    const { spec, diagnostics } = parseTriggers(t);
    if (!spec)
      throw new Error(`bench annotation invalid: ${diagnostics.map((d) => d.message).join('; ')}\n${t}`);
    return spec;
  });
}

// Runs `round` until at least `minMs` elapsed; returns operations per second.
function measure(opsPerRound: number, minMs: number, round: () => void): number {
  round(); // warm-up: JIT and lazily built DFA states
  let rounds = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    round();
    rounds++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return Math.round((opsPerRound * rounds) / (elapsed / 1000));
}

/** Filter evaluations per second (pipeline × event matches, patterns compiled once), plus related figures. */
export async function benchEvents(minMs = 1500): Promise<Record<string, number>> {
  const texts = benchAnnotations();
  const t0 = performance.now();
  const specs = compileAll(texts);
  const compileMs = performance.now() - t0;
  const events = benchEvents1000();
  const pairs = specs.length * events.length;

  let sink = 0;
  const matchesPerSec = measure(pairs, minMs, () => {
    for (const { event, ctx } of events) for (const s of specs) if (isMatch(s, event, ctx)) sink++;
  });
  const explainedPerSec = measure(pairs, minMs, () => {
    for (const { event, ctx } of events) for (const s of specs) if (matchEvent(s, event, ctx).matched) sink++;
  });
  // Single pattern-list decisions over every branch filter × every event ref name.
  const filters = specs.flatMap((s) => s.triggers.flatMap((t) => (t.branches ? [t.branches] : [])));
  const names = events.map((e) => e.event.refName ?? '');
  const patternListPerSec = measure(filters.length * names.length, minMs, () => {
    for (const n of names) for (const f of filters) sink += decidingPattern(f, n);
  });
  let matched = 0;
  for (const { event, ctx } of events) for (const s of specs) if (isMatch(s, event, ctx)) matched++;
  await Promise.resolve();
  if (sink === 42) console.log('');
  return {
    pipelines: specs.length,
    events: events.length,
    matchedPairs: matched,
    compileMs: Math.round(compileMs * 10) / 10,
    filterEvaluationsPerSec: matchesPerSec,
    explainedEvaluationsPerSec: explainedPerSec,
    patternListDecisionsPerSec: patternListPerSec,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchEvents();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(28)} ${v.toLocaleString('en-US')}`);
  console.log(
    `target ≥ 1,000,000 filter evaluations/s: ${figures['filterEvaluationsPerSec']! >= 1_000_000 ? 'met' : 'NOT met'}`,
  );
}
