import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

describe('logger', () => {
  it('writes one JSON object per line with child fields and redacts secrets', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l)).child({ deliveryId: 'd-1' });
    log.debug('hidden');
    log.info('hello', {
      token: 'ghs_secret',
      nested: { authorization: 'Bearer x', ok: 1 },
      err: Object.assign(new Error('boom'), { code: 'E1' }),
    });
    expect(lines).toHaveLength(1);
    const rec = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(rec).toMatchObject({
      level: 'info',
      msg: 'hello',
      deliveryId: 'd-1',
      token: '[redacted]',
      nested: { authorization: '[redacted]', ok: 1 },
      err: { name: 'Error', message: 'boom', code: 'E1' },
    });
    expect(lines[0]).not.toContain('ghs_secret');
  });
});
