// Test fixture: the real browser-mode host (`serve()`, the same entry as `npm run serve`) in a process of its own,
// for the fuzz test. Run as `node --expose-gc --import tsx <this file>`; over the IPC channel it answers 'memory'
// with process.memoryUsage() taken after full collections, and 'stop' by stopping the host.
import { serve } from '../../serve';

const stop = await serve(process.env);

process.on('message', (message) => {
  if (message === 'memory') {
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let i = 0; i < 3; i++) gc?.();
    process.send?.({ ...process.memoryUsage(), gcForced: typeof gc === 'function' });
  } else if (message === 'stop') {
    void stop().finally(() => process.exit(0));
  }
});
process.on('disconnect', () => void stop().finally(() => process.exit(0)));
