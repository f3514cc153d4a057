import { describe, expect, it } from 'vitest';
import { cspProblems, judgeSmoke, type SmokeObservation } from './smoke-report';
import { contentSecurityPolicy } from '../transports/content-security-policy';

const good: SmokeObservation = {
  rendererLoaded: true,
  roundTrip: { ok: true },
  csp: contentSecurityPolicy(['ws://127.0.0.1:1']),
  inlineScriptBlocked: true,
  nodeInRenderer: false,
  webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false },
};

describe('smoke verdict', () => {
  it('passes the CSP the app ships', () => {
    expect(cspProblems(good.csp)).toEqual([]);
    expect(judgeSmoke('electron', good)).toEqual({ ok: true, mode: 'electron', failures: [] });
  });

  it('fails a loose or missing CSP', () => {
    expect(cspProblems(undefined)).toHaveLength(1);
    expect(cspProblems("default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'; frame-ancestors 'none'")).toEqual([
      "script-src allows more than our own files: 'self' 'unsafe-eval'",
    ]);
  });

  it('names each broken check', () => {
    const r = judgeSmoke('electron', {
      ...good,
      roundTrip: { ok: false, detail: 'timeout' },
      inlineScriptBlocked: false,
      nodeInRenderer: true,
      webPreferences: { contextIsolation: false, sandbox: false, nodeIntegration: true },
    });
    expect(r.ok).toBe(false);
    expect(r.failures).toEqual([
      'contract round trip failed: timeout',
      'an inline script ran in the renderer: the CSP is not enforced',
      'the renderer can reach Node',
      'contextIsolation is off',
      'the renderer is not sandboxed',
      'nodeIntegration is on',
    ]);
  });

  it('does not ask browser mode for Electron web preferences', () => {
    const { webPreferences: _omit, ...browser } = good;
    expect(judgeSmoke('browser', browser).ok).toBe(true);
    expect(judgeSmoke('electron', browser).failures).toEqual(['web preferences not observed']);
  });
});
