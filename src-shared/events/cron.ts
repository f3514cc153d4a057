// 5-field POSIX cron validation as GitHub's `schedule` accepts it.

/** Returns an error message for an invalid cron expression, or undefined when valid. */
export function validateCron(_expr: string): string | undefined {
  throw new Error('not implemented');
}
