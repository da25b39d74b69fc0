import { describe, expect, it } from 'vitest';
import { checkTokenShape, newToken, originAllowed, tokensEqual } from '../../src/server/auth.js';

describe('tokens', () => {
  it('are 32 hex characters and differ each time', () => {
    const a = newToken();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newToken()).not.toBe(a);
  });
  it('compare equal only when identical, whatever the lengths', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual('', 'abc')).toBe(false);
    expect(tokensEqual('abcabc', 'abc')).toBe(false);
  });
  it('given by the caller must be long and URL-safe', () => {
    expect(() => checkTokenShape('short')).toThrow(/16 to 256/);
    expect(() => checkTokenShape('a'.repeat(20) + ' ;')).toThrow();
    expect(() => checkTokenShape('a'.repeat(20))).not.toThrow();
  });
});

describe('originAllowed', () => {
  const loop = { host: '127.0.0.1', port: 7420 };
  it('accepts our own origin and its loopback spellings', () => {
    for (const o of ['http://127.0.0.1:7420', 'http://localhost:7420', 'http://[::1]:7420', 'HTTP://LOCALHOST:7420']) {
      expect(originAllowed(o, '127.0.0.1:7420', loop)).toBe(true);
    }
  });
  it('refuses other sites, other ports, and null origins', () => {
    expect(originAllowed('http://evil.example', '127.0.0.1:7420', loop)).toBe(false);
    expect(originAllowed('http://127.0.0.1:7421', '127.0.0.1:7420', loop)).toBe(false);
    expect(originAllowed('null', '127.0.0.1:7420', loop)).toBe(false);
  });
  it('accepts an SSH tunnel on another local port (Origin equals a loopback Host)', () => {
    expect(originAllowed('http://localhost:8080', 'localhost:8080', loop)).toBe(true);
  });
  it('refuses a DNS-rebinding page on a loopback-bound server (Origin equals a foreign Host)', () => {
    expect(originAllowed('http://evil.example:7420', 'evil.example:7420', loop)).toBe(false);
  });
  it('on a deliberately exposed server accepts the Host the browser used', () => {
    const lan = { host: '0.0.0.0', port: 7420 };
    expect(originAllowed('http://devbox:7420', 'devbox:7420', lan)).toBe(true);
    expect(originAllowed('http://evil.example', 'devbox:7420', lan)).toBe(false);
  });
});
