// Contract: signing in to PIPE (Dex through the system browser) and the session that follows.
import { z } from 'zod';
import { SIGN_IN_FAILURES } from '../auth/sign-in-failures';
import { call, stream } from './rpc';

export const authUser = z.object({
  username: z.string(),
  email: z.string().optional(),
  groups: z.array(z.string()),
  /** ID token expiry (ms since epoch); renewed before it passes. */
  expiresAt: z.number(),
});

/** The app's own GitHub sign-in (device flow): the code to enter while waiting, the login once done. */
export const githubStatus = z.object({
  state: z.enum(['unavailable', 'signed-out', 'waiting', 'signed-in']),
  login: z.string().optional(),
  userCode: z.string().optional(),
  verificationUri: z.string().optional(),
  expiresAt: z.number().optional(),
  error: z.string().optional(),
});
export type GithubStatus = z.infer<typeof githubStatus>;

/** Everything the UI shows about the PIPE session. */
export const authStatus = z.object({
  state: z.enum(['no-profile', 'signed-out', 'signing-in', 'signed-in', 'expired']),
  profileName: z.string().optional(),
  issuer: z.string().optional(),
  user: authUser.optional(),
  /** Where the refresh token lives; `memory` ends the session when the app quits. */
  storage: z.enum(['os-keychain', 'electron-safe-storage', 'memory', 'unknown']),
  /** While signing in: the URL the browser must open. */
  authUrl: z.string().optional(),
  /** The last sign-in failure. */
  error: z.object({ reason: z.enum(SIGN_IN_FAILURES), message: z.string() }).optional(),
  /** Contexts of the app-managed kubeconfig (one per profile cluster) while signed in. */
  contexts: z.array(z.string()),
  github: githubStatus.optional(),
});
export type AuthStatus = z.infer<typeof authStatus>;

export const authContract = {
  /** The current status, then every change. */
  status: stream(z.object({}).strict(), authStatus),
  /**
   * Starts a sign-in, or returns the one already in flight (`alreadyInFlight`). In the desktop app the host opens the
   * system browser (`opened`); in browser mode the page opens `authUrl` in a new tab.
   */
  signIn: call(
    z
      .object({
        connector: z
          .string()
          .max(100)
          .regex(/^[a-z0-9-]+$/)
          .optional(),
      })
      .strict(),
    z.object({ authUrl: z.string(), alreadyInFlight: z.boolean(), opened: z.boolean() }),
  ),
  cancelSignIn: call(z.object({}).strict(), z.object({ cancelled: z.boolean() })),
  /** Clears the stored session, revokes the refresh token where Dex supports it, removes the app-managed kubeconfig. */
  signOut: call(z.object({}).strict(), z.object({ revoked: z.boolean() })),
  /** Starts GitHub's device flow (or returns the code already shown): enter `userCode` at `verificationUri`. */
  githubSignIn: call(z.object({}).strict(), z.object({ userCode: z.string(), verificationUri: z.string(), expiresAt: z.number() })),
  githubCancel: call(z.object({}).strict(), z.object({})),
  githubSignOut: call(z.object({}).strict(), z.object({})),
} as const;
