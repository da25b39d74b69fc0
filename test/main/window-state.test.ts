import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  fitWindowState,
  loadWindowState,
  MIN_SIZE,
  parseWindowState,
  saveWindowState,
} from '../../src/main/window-state.js';

const primary = { x: 0, y: 0, width: 1920, height: 1080 };
const right = { x: 1920, y: 0, width: 2560, height: 1440 };
const dir = mkdtempSync(join(tmpdir(), 'orc-winstate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('opens a first window at the default size, centred on the primary display', () => {
    expect(fitWindowState(null, [primary, right])).toEqual({
      bounds: { x: (1920 - DEFAULT_SIZE.width) / 2, y: (1080 - DEFAULT_SIZE.height) / 2, ...DEFAULT_SIZE },
      maximized: false,
    });
  });

  it('puts a saved window back where it was, on whichever display held it', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1000, height: 700 }, maximized: true };
    expect(fitWindowState(saved, [primary, right])).toEqual(saved);
  });

  it('brings a window from an unplugged monitor back to the primary display', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1000, height: 700 }, maximized: false };
    expect(fitWindowState(saved, [primary])).toEqual({ bounds: { x: 460, y: 190, width: 1000, height: 700 }, maximized: false });
  });

  it('pulls a half-off window fully onto its display and shrinks one larger than it', () => {
    expect(fitWindowState({ bounds: { x: 1500, y: -50, width: 800, height: 600 }, maximized: false }, [primary]).bounds).toEqual({
      x: 1120,
      y: 0,
      width: 800,
      height: 600,
    });
    expect(fitWindowState({ bounds: { x: 0, y: 0, width: 5000, height: 3000 }, maximized: false }, [primary]).bounds).toEqual(primary);
  });

  it('never restores a window smaller than the minimum', () => {
    const b = fitWindowState({ bounds: { x: 10, y: 10, width: 50, height: 20 }, maximized: false }, [primary]).bounds;
    expect(b).toEqual({ x: 10, y: 10, ...MIN_SIZE });
  });

  it('treats a missing, corrupt or absurd file as nothing saved', () => {
    expect(loadWindowState(join(dir, 'absent.json'))).toBeNull();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"bounds": {"x": 1');
    expect(loadWindowState(bad)).toBeNull();
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: '800', height: 600 } })).toBeNull();
    expect(parseWindowState({ bounds: { x: 1e9, y: 0, width: 800, height: 600 } })).toBeNull();
    expect(parseWindowState({ bounds: { x: 0.5, y: 0, width: 800, height: 600 } })).toBeNull();
    expect(parseWindowState([])).toBeNull();
  });

  it('round-trips through the file, leaving no temp file behind', () => {
    const file = join(dir, 'nested', 'window-state.json');
    const state = { bounds: { x: -1200, y: 40, width: 1100, height: 760 }, maximized: true };
    saveWindowState(file, state);
    expect(loadWindowState(file)).toEqual(state);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });
});
