import { describe, expect, it } from 'vitest';
import { ApiError, API_METHOD_NAMES, dispatch, parseInput, type ApiHandlers } from '../../src/shared/api.js';
import { DEFAULT_SETTINGS, SettingsSchema } from '../../src/shared/settings.js';

describe('contract', () => {
  it('fills defaults and validates inputs', () => {
    expect(parseInput('listNotifications', undefined)).toEqual({ unread: false, open: false, limit: 200 });
    expect(parseInput('sendMessage', { target: 'eng-1', text: 'hi' })).toEqual({ target: 'eng-1', text: 'hi', now: false, anyPane: false, replace: false });
  });

  it('gives one clear line for bad input', () => {
    expect(() => parseInput('sendMessage', { target: 'x', text: '   ' })).toThrow(/sendMessage: text: message is empty/);
    expect(() => parseInput('sendMessage', { target: 'x', text: 'a'.repeat(100 * 1024 + 1) })).toThrow(/larger than 100 KB/);
    expect(() => parseInput('spawnAgent', { name: 'a b', type: 'claude' })).toThrow(/name may hold/);
    expect(() => parseInput('spawnAgent', { name: 'x', type: 'custom' })).toThrow(/custom agent needs a command/);
    expect(() => parseInput('schedule', { target: 'x', text: 'y', at: 5, inMs: 5 })).toThrow(/exactly one/);
    expect(() => parseInput('getAgent', { target: 'x', extra: 1 })).toThrow(ApiError);
  });

  it('dispatches through the table and rejects unknown methods', async () => {
    const calls: unknown[] = [];
    const handlers = Object.fromEntries(
      API_METHOD_NAMES.map((n) => [n, async (i: unknown) => (calls.push([n, i]), n)]),
    ) as unknown as ApiHandlers;
    await expect(dispatch(handlers, 'getAgent', { target: 'a' })).resolves.toBe('getAgent');
    await expect(dispatch(handlers, 'constructor', {})).rejects.toThrow(/unknown method/);
    await expect(dispatch(handlers, 'getAgent', { target: '' })).rejects.toThrow(/target is empty/);
    expect(calls).toEqual([['getAgent', { target: 'a' }]]);
  });

  it('has complete default settings', () => {
    expect(DEFAULT_SETTINGS.retention.notificationsMaxRows).toBe(10_000);
    expect(SettingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('updateSettings input', () => {
  it('accepts nested partial objects and refuses unknown or wrong keys', () => {
    expect(parseInput('updateSettings', { desktopNotify: { idle: false } })).toEqual({ desktopNotify: { idle: false } });
    expect(parseInput('updateSettings', { retention: { notificationsDays: 7 }, quietMs: 500 })).toEqual({
      retention: { notificationsDays: 7 },
      quietMs: 500,
    });
    expect(() => parseInput('updateSettings', { desktopNotify: { nope: true } })).toThrow(/desktopNotify/);
    expect(() => parseInput('updateSettings', { quietMs: -1 })).toThrow(/quietMs/);
    expect(() => parseInput('updateSettings', { bogus: 1 })).toThrow(ApiError);
  });
});

describe('applySettingsPatch', () => {
  it('merges nested objects key by key and validates the result', async () => {
    const { applySettingsPatch } = await import('../../src/shared/settings.js');
    const next = applySettingsPatch(DEFAULT_SETTINGS, { desktopNotify: { idle: false }, hosts: ['me@box'] });
    expect(next.desktopNotify).toEqual({ ...DEFAULT_SETTINGS.desktopNotify, idle: false });
    expect(next.hosts).toEqual(['me@box']);
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { quietMs: -5 })).toThrow();
  });
});
