// Host names as settings, the CLI and the fleet accept them; display targets.
import { describe, expect, it } from 'vitest';
import { hostNameProblem, normalizeHosts, qualifiedTarget } from '../../../src/core/hosts/index.js';
import { apiMethods } from '../../../src/shared/api.js';
import { applySettingsPatch, DEFAULT_SETTINGS } from '../../../src/shared/settings.js';

describe('host names', () => {
  it('accepts ssh destinations and Host aliases', () => {
    for (const h of ['box', 'me@box', 'build-01.example.com', 'me@10.0.0.7', 'alias_from_ssh_config']) expect(hostNameProblem(h)).toBeNull();
  });

  it('refuses what ssh would misread or ids could not carry, with one clear line', () => {
    expect(hostNameProblem('-oProxyCommand=sh')).toMatch(/starts with "-"/);
    expect(hostNameProblem('me@box -p 22')).toMatch(/spaces/);
    expect(hostNameProblem('ssh://me@box:2222')).toMatch(/holds "\/".*~\/\.ssh\/config/);
    expect(hostNameProblem('')).toMatch(/empty/);
  });

  it('normalises a list: trimmed, first of duplicates kept, local allowed, remote server refs kept', () => {
    expect(normalizeHosts(['local', ' box ', 'box', { host: 'b2', socketName: 'x' }])).toEqual([
      { host: 'local' },
      { host: 'box' },
      { host: 'b2', socketName: 'x' },
    ]);
    expect(() => normalizeHosts(Array.from({ length: 70 }, (_, i) => `h${i}`))).toThrow(/too many hosts/);
  });

  it('settings refuse a bad host and keep the old list; spawn and deployTeam take a host', () => {
    const ok = applySettingsPatch(DEFAULT_SETTINGS, { hosts: ['me@box', 'alias'] });
    expect(ok.hosts).toEqual(['me@box', 'alias']);
    for (const bad of ['-oProxyCommand=x', 'a b', 'ssh://box/x', 'local']) {
      expect(() => applySettingsPatch(ok, { hosts: [bad] })).toThrow(/ssh destination/);
    }
    expect(apiMethods.spawnAgent.input.parse({ name: 'a', type: 'claude', host: ' me@box ' })).toMatchObject({ host: 'me@box' });
    expect(apiMethods.deployTeam.input.parse({ template: 't', host: 'box' })).toMatchObject({ host: 'box' });
  });

  it('qualifies remote targets for display, leaves local ones bare', () => {
    expect(qualifiedTarget({ host: 'local', target: 'eng:1.0' })).toBe('eng:1.0');
    expect(qualifiedTarget({ host: 'me@box', target: 'eng:1.0' })).toBe('me@box/eng:1.0');
  });
});
