// Pure SHA-256 (no node:crypto in src-shared), used for deterministic PipelineRun names.

/** SHA-256 of the UTF-8 bytes of a string, as lowercase hex. */
export function sha256Hex(_text: string): string {
  throw new Error('not implemented');
}
