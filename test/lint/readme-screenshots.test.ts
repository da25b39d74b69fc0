// The README shows the product as it is: every image it links is a real PNG screenshot in the
// repository (made by scripts/readme-screenshots.ts), and the performance review and the
// notifications inbox are among them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const README = readFileSync('README.md', 'utf8');
const images = [...README.matchAll(/!\[([^\]]*)\]\(([^)]+)\)/g)].map((m) => ({ alt: m[1]!, path: m[2]! }));

/** Width and height from a PNG's IHDR chunk (throws when the file is no PNG). */
function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  if (b.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error(`${path} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('README screenshots', () => {
  it('every linked image is a screenshot-sized PNG in the repository', () => {
    expect(images.length).toBeGreaterThanOrEqual(5);
    for (const img of images) {
      expect(img.path, img.alt).toMatch(/^docs\/screenshots\/[a-z0-9-]+\.png$/);
      const { width, height } = pngSize(img.path);
      expect(width, img.path).toBeGreaterThanOrEqual(1000);
      expect(height, img.path).toBeGreaterThanOrEqual(600);
    }
  });

  it('shows the performance review (in both themes) and the notifications inbox', () => {
    const alts = images.map((i) => i.alt);
    expect(alts.filter((a) => /^Performance review/.test(a))).toHaveLength(2);
    expect(alts.some((a) => /light theme/.test(a))).toBe(true);
    expect(alts.some((a) => /^Notifications/.test(a))).toBe(true);
  });
});
