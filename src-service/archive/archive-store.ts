// The archive's object storage: S3-compatible (AWS SDK v3); uploads are streamed in multipart parts, never whole in memory.
import type { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ArchiveConfig } from '../config/config-schema';

/** Part size of multipart uploads (S3's minimum): at most one part is buffered per upload. */
export const PART_BYTES = 5 * 1024 * 1024;

/** What the archiver and the read path need from object storage. */
export interface ArchiveStore {
  /** Key prefix every key starts with ('' or ending in '/'). */
  readonly prefix: string;
  /** Streams a body into one object; resolves when the object exists. */
  upload(key: string, body: Readable, contentType: string, signal?: AbortSignal): Promise<void>;
  /** Writes a small object (the index). */
  put(key: string, text: string, contentType: string, signal?: AbortSignal): Promise<void>;
  /** Opens an object for reading, or undefined when it does not exist. */
  open(key: string, signal?: AbortSignal): Promise<{ body: Readable; bytes?: number } | undefined>;
  /** Deletes objects under `prefix` last modified before `before`; resolves with how many went. */
  deleteOlderThan(before: Date, signal?: AbortSignal): Promise<number>;
  dispose(): void;
}

/** Normalizes a configured prefix: '' or ending with one '/'. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** S3 client options from config (path-style and checksums only when the server asks: S3-compatible servers vary). */
export function s3ClientConfig(config: ArchiveConfig): S3ClientConfig {
  return {
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.accessKeyId && config.secretAccessKey
      ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
      : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Our own backoff (log-archiver) decides when to try again; the SDK retries a request twice more at most.
    maxAttempts: 3,
  };
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** ArchiveStore over one S3 bucket. */
export class S3ArchiveStore implements ArchiveStore {
  readonly prefix: string;
  private readonly client: S3Client;

  constructor(
    private readonly config: ArchiveConfig,
    client?: S3Client,
  ) {
    this.prefix = normalizePrefix(config.prefix);
    this.client = client ?? new S3Client(s3ClientConfig(config));
  }

  async upload(key: string, body: Readable, contentType: string, signal?: AbortSignal): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: key, Body: body, ContentType: contentType },
      queueSize: 1,
      partSize: PART_BYTES,
      leavePartsOnError: false,
    });
    const abort = (): void => void upload.abort().catch(() => undefined);
    signal?.addEventListener('abort', abort, { once: true });
    try {
      await upload.done();
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  async put(key: string, text: string, contentType: string, signal?: AbortSignal): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: text, ContentType: contentType }),
      signal ? { abortSignal: signal } : {},
    );
  }

  async open(key: string, signal?: AbortSignal): Promise<{ body: Readable; bytes?: number } | undefined> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: key }),
        signal ? { abortSignal: signal } : {},
      );
      return { body: out.Body as Readable, ...(out.ContentLength !== undefined ? { bytes: out.ContentLength } : {}) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async deleteOlderThan(before: Date, signal?: AbortSignal): Promise<number> {
    let deleted = 0;
    let token: string | undefined;
    const opts = signal ? { abortSignal: signal } : {};
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: this.prefix, ContinuationToken: token }),
        opts,
      );
      const old = (page.Contents ?? []).filter((o) => o.Key && o.LastModified && o.LastModified < before);
      if (old.length > 0) {
        await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.config.bucket,
            Delete: { Objects: old.map((o) => ({ Key: o.Key! })), Quiet: true },
          }),
          opts,
        );
        deleted += old.length;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }

  dispose(): void {
    this.client.destroy();
  }
}
