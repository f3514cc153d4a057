// Sandbox figures (warm start to all-ready, RSS of the stack) for `npm run bench`; the measuring lives in sandbox/bench.ts.
export { benchSandbox } from '../sandbox/bench';
