import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { s3ClientConfig } from './archive-store';

const base = {
  PIPE_EVENTS_WEBHOOK_SECRET: 'a-long-secret',
  PIPE_EVENTS_GITHUB_TOKEN: 'ghp_x',
  PIPE_EVENTS_CORE_KUBECONFIG: '/k',
  PIPE_EVENTS_IDENTITY: 'replica-1',
};

describe('archive config', () => {
  it('is off without a bucket', () => {
    expect(loadConfig(base, undefined).archive).toBeUndefined();
  });

  it('reads the bucket and settings from the environment, keys from *_FILE Secret mounts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'archive-config-'));
    writeFileSync(join(dir, 'key'), 'AKIDEXAMPLE\n');
    writeFileSync(join(dir, 'secret'), 's3-secret-value\n');
    const c = loadConfig(
      {
        ...base,
        PIPE_EVENTS_ARCHIVE_BUCKET: 'pipe-logs',
        PIPE_EVENTS_ARCHIVE_PREFIX: 'prod/',
        PIPE_EVENTS_ARCHIVE_ENDPOINT: 'http://127.0.0.1:9000',
        PIPE_EVENTS_ARCHIVE_ACCESS_KEY_ID_FILE: join(dir, 'key'),
        PIPE_EVENTS_ARCHIVE_SECRET_ACCESS_KEY_FILE: join(dir, 'secret'),
        PIPE_EVENTS_ARCHIVE_RETENTION_DAYS: '30',
      },
      undefined,
    );
    expect(c.archive).toEqual({
      bucket: 'pipe-logs',
      prefix: 'prod/',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 's3-secret-value',
      retentionDays: 30,
      concurrency: 2,
      maxLagSeconds: 600,
      maxBackoffSeconds: 300,
    });
    expect(s3ClientConfig(c.archive!)).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIDEXAMPLE' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
  });

  it('refuses half a key pair and a bad endpoint', () => {
    expect(() => loadConfig({ ...base, PIPE_EVENTS_ARCHIVE_BUCKET: 'b', PIPE_EVENTS_ARCHIVE_ACCESS_KEY_ID: 'k' }, undefined)).toThrow(
      /archive: give both accessKeyId and secretAccessKey/,
    );
    expect(() => loadConfig({ ...base, PIPE_EVENTS_ARCHIVE_BUCKET: 'b', PIPE_EVENTS_ARCHIVE_ENDPOINT: 'not a url' }, undefined)).toThrow(
      /archive\.endpoint/,
    );
  });
});
