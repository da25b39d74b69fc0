import { describe, expect, it } from 'vitest';
import { FIELD_SEP, formatOf, ORC_OPTION, splitFields } from '../../../src/core/tmux/vocabulary.js';

describe('tmux vocabulary', () => {
  it('prints fields separated by the unit separator and splits them back, the last absorbing stray separators', () => {
    expect(formatOf(['pane_id', ORC_OPTION.name])).toBe(`#{pane_id}${FIELD_SEP}#{@orc-name}`);
    expect(splitFields(['%1', 'a', `x${FIELD_SEP}y`].join(FIELD_SEP), 3)).toEqual(['%1', 'a', `x${FIELD_SEP}y`]);
  });

  it('pads missing fields with empty strings', () => {
    expect(splitFields('%1', 3)).toEqual(['%1', '', '']);
    expect(splitFields('', 2)).toEqual(['', '']);
  });

  it('names every @orc option once', () => {
    const names = Object.values(ORC_OPTION);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^@orc-[a-zA-Z]+$/);
  });
});
