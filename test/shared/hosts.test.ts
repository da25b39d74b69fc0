import { describe, expect, it } from 'vitest';
import { hostNameProblem, isLocalHost, LOCAL_HOST, qualifiedTarget } from '../../src/shared/hosts.js';
import { SettingsPatchSchema } from '../../src/shared/settings.js';
import { assertSshHost } from '../../src/core/tmux/once.js';

describe('host names (one rule for settings, the fleet and ssh)', () => {
  const bad = ['', '-oProxyCommand=x', 'a b', 'box/1', 'x\u0007', 'h'.repeat(256), LOCAL_HOST];
  const good = ['box', 'user@box', 'alias.example', '[::1]'];

  it('refuses the same names everywhere', () => {
    for (const h of bad) {
      expect(hostNameProblem(h), h).not.toBeNull();
      expect(SettingsPatchSchema.safeParse({ hosts: [h] }).success, h).toBe(false);
      expect(() => assertSshHost(h), h).toThrow(/not an ssh destination/);
    }
    for (const h of good) {
      expect(hostNameProblem(h)).toBeNull();
      expect(SettingsPatchSchema.safeParse({ hosts: [h] }).success).toBe(true);
      expect(() => assertSshHost(h)).not.toThrow();
    }
  });

  it('qualifies remote targets and leaves local ones bare', () => {
    expect(isLocalHost(undefined)).toBe(true);
    expect(isLocalHost('box')).toBe(false);
    expect(qualifiedTarget({ host: LOCAL_HOST, target: 'w:1.0' })).toBe('w:1.0');
    expect(qualifiedTarget({ host: 'box', target: 'w:1.0' })).toBe('box/w:1.0');
  });
});
