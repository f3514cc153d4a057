import { describe, expect, it } from 'vitest';
import { CHANNEL, decodeFrame, encodeCloseStdin, encodeFrame, encodeResize, execOutcome } from './exec-protocol';

describe('exec protocol', () => {
  it('frames carry their channel in the first byte', () => {
    const f = encodeFrame(CHANNEL.stdin, new TextEncoder().encode('ls\r'));
    expect([...f]).toEqual([0, 108, 115, 13]);
    expect(decodeFrame(f)).toEqual({ channel: 0, payload: new TextEncoder().encode('ls\r') });
    expect(decodeFrame(new Uint8Array())).toBeUndefined();
  });

  it('resize is JSON with Width and Height on channel 4; v5 closes stdin with [255, 0]', () => {
    const r = encodeResize(120, 40);
    expect(r[0]).toBe(4);
    expect(JSON.parse(new TextDecoder().decode(r.subarray(1)))).toEqual({ Width: 120, Height: 40 });
    expect([...encodeCloseStdin()]).toEqual([255, 0]);
  });

  it('reads exit codes and failures from the Status on the error channel', () => {
    expect(execOutcome('{"metadata":{},"status":"Success"}')).toEqual({ code: 0 });
    expect(
      execOutcome(
        '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: exit status 7","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"7"}]}}',
      ),
    ).toEqual({ code: 7 });
    expect(execOutcome('{"status":"Failure","message":"exec: \\"bash\\": executable file not found in $PATH"}').message).toMatch(/no shell/);
    expect(execOutcome('{"status":"Failure","message":"boom"}')).toEqual({ code: null, message: 'boom' });
    expect(
      execOutcome('{"status":"Failure","reason":"InternalError","message":"Internal error occurred: error executing command in container: cmd wait: /bin/sh -c x: exit status 5"}'),
    ).toEqual({ code: 5 });
    expect(execOutcome('not json')).toEqual({ code: null, message: 'not json' });
    expect(execOutcome('{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[]}}').code).toBeNull();
  });
});
