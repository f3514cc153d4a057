// Registers the shell's own contributions on import, so that main.tsx can import it before ./features
// (ES modules run in import order): a feature registering "terminal" or "logs" then replaces the placeholder.
import { registerCoreContributions } from './core-contributions';

/** Removes the shell's contributions again (page unload). */
export const disposeCoreContributions = registerCoreContributions();
