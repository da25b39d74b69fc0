// Every state colour (and the muted text, links and the open-problem count) is readable: at least
// 4.5:1 against every background it is drawn on, in the light and the dark theme, computed from
// the stylesheet itself. The Chromium suite runs axe-core on the rendered views as well; this
// covers the states no view happens to show at that moment.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENT_STATES } from '../../src/shared/vocabulary.js';

const css = readFileSync('src/renderer/src/styles.css', 'utf8');

/** The custom properties of the first block whose selector starts with `selector`. */
function themeVars(selector: string): Map<string, string> {
  const at = css.indexOf(selector);
  const body = css.slice(css.indexOf('{', at) + 1, css.indexOf('}', at));
  return new Map([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

type Rgb = [number, number, number];
const rgb = (hex: string): Rgb => {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
};
const luminance = (c: Rgb) => {
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: Rgb, b: Rgb) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};
const mix = (a: Rgb, b: Rgb, t: number): Rgb => a.map((v, i) => v * t + b[i]! * (1 - t)) as Rgb;
/** rgba(r, g, b, a) over a background. */
const over = (rgba: string, bg: Rgb): Rgb => {
  const [r, g, b, a] = rgba.match(/[\d.]+/g)!.map(Number) as [number, number, number, number];
  return mix([r, g, b], bg, a);
};

const THEMES = { light: themeVars(':root {'), dark: themeVars(":root[data-theme='dark']"), 'dark (system)': themeVars(':root:not([data-theme=') };

describe.each(Object.entries(THEMES))('contrast in the %s theme', (_name, v) => {
  const hex = (name: string) => rgb(v.get(name)!);
  // Where text sits: the page, the sidebar, panels, a selected row; a badge tints its own colour
  // in at 13 % over those.
  const grounds = () => {
    const base = ['--bg', '--bg-side', '--panel', '--panel-2'].map(hex);
    return [...base, over(v.get('--selected')!, hex('--panel')), over(v.get('--hover')!, hex('--panel'))];
  };

  it.each([...AGENT_STATES])('state %s is at least 4.5:1 as text and as a badge', (state) => {
    const c = hex(`--state-${state}`);
    for (const g of grounds()) {
      expect(contrast(c, g)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c, mix(c, g, 0.13))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('muted text, links, danger and ok text are at least 4.5:1; white on the open-problem count too', () => {
    for (const name of ['--fg', '--fg-muted', '--accent', '--danger', '--ok']) {
      for (const g of grounds()) expect(contrast(hex(name), g), name).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast([255, 255, 255], hex('--alert-bg'))).toBeGreaterThanOrEqual(4.5);
  });

  it('the states told apart on charts have distinct colours (waiting vs rate limited, error vs crashed)', () => {
    const distance = (a: string, b: string) => Math.hypot(...rgb(v.get(a)!).map((x, i) => x - rgb(v.get(b)!)[i]!));
    expect(distance('--state-waiting', '--state-rate_limited')).toBeGreaterThan(120);
    expect(distance('--state-error', '--state-crashed')).toBeGreaterThan(60);
  });
});
