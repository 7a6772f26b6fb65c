import { describe, expect, it } from 'vitest';
import { hasPlainIds } from '@/lib/logs/plain-ids';

describe('plain identifiers', () => {
  it('accepts ids, modules and versions as they usually are', () => {
    expect(hasPlainIds(['b4938273-7bd7-403d-b7b3-b819280fba53', 'dfs.DataNode$PacketResponder', 'getWorklogs', '3.5.0-rc.2', null, undefined])).toBe(true);
  });

  it('refuses anything JSON would have to escape', () => {
    for (const bad of ['say "hi"', 'C:\\path', 'tab\there', 'line\nbreak', '\u0001', '\u007f']) expect(hasPlainIds([bad]), JSON.stringify(bad)).toBe(false);
  });
});
