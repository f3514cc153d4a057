// Parses a verified body: `application/json`, or `application/x-www-form-urlencoded` with a `payload=` field (GitHub's form option).

/** Why a body could not be parsed; maps to an HTTP status at the edge. */
export type ParseFailure = {
  readonly status: 415 | 400;
  readonly reason: 'content-type' | 'json';
  readonly message: string;
};

/** The media type (lower case, without parameters) of a Content-Type header. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** True for the content types GitHub can send. */
export function isSupportedContentType(contentType: string | undefined): boolean {
  const type = mediaType(contentType);
  return type === 'application/json' || type === 'application/x-www-form-urlencoded';
}

/** Parses the payload object, or says why not. */
export function parseBody(
  contentType: string | undefined,
  body: Buffer,
): { payload: Record<string, unknown> } | ParseFailure {
  const type = mediaType(contentType);
  let text: string;
  if (type === 'application/json') {
    text = body.toString('utf8');
  } else if (type === 'application/x-www-form-urlencoded') {
    const payload = new URLSearchParams(body.toString('utf8')).get('payload');
    if (payload === null)
      return { status: 400, reason: 'json', message: 'form-encoded body has no payload field' };
    text = payload;
  } else {
    return {
      status: 415,
      reason: 'content-type',
      message: `unsupported content type "${type}"; configure the webhook with application/json`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { status: 400, reason: 'json', message: `malformed JSON: ${(err as Error).message}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { status: 400, reason: 'json', message: 'payload must be a JSON object' };
  return { payload: value as Record<string, unknown> };
}
