// Sandbox figures for `npm run bench`: warm start to all-ready and RSS of the whole stack.
import { startSandbox } from './sandbox.js';

/** Starts the sandbox (binaries already built), measures, stops; returns figures (ms, MiB). */
export async function benchSandbox(): Promise<Record<string, number>> {
  const t0 = Date.now();
  const sb = await startSandbox();
  try {
    const readyMs = Date.now() - t0;
    // Let the apiservers finish post-start hooks and caches before reading memory.
    await new Promise((r) => setTimeout(r, 3000));
    const rss = sb.rssBytes();
    return {
      sandbox_start_to_ready_ms: readyMs,
      sandbox_rss_total_mib: Math.round(rss / 1024 / 1024),
      sandbox_processes: sb.pids.length,
    };
  } finally {
    await sb.stop();
  }
}
