// Types for the credential helper, which the desktop app runs in-process (src-main/electron/main.ts).

/** Prints one ExecCredential for the helper's arguments; throws with a message on failure. */
export function runCredentialHelper(argv: readonly string[]): Promise<void>;

/** Runs the helper and resolves with the exit code (errors reported on stderr). */
export function runCredentialHelperCli(argv: readonly string[]): Promise<number>;
