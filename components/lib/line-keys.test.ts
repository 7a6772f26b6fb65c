import { describe, expect, it } from 'vitest';
import { lineKeyAction } from '@/components/lib/line-keys';

describe('line list keyboard', () => {
  it('moves the selection with j/k and the arrows, within the list', () => {
    expect(lineKeyAction({ key: 'j' }, null, 5)).toEqual({ kind: 'select', index: 0 });
    expect(lineKeyAction({ key: 'j' }, 1, 5)).toEqual({ kind: 'select', index: 2 });
    expect(lineKeyAction({ key: 'ArrowDown' }, 4, 5)).toEqual({ kind: 'select', index: 4 });
    expect(lineKeyAction({ key: 'k' }, 3, 5)).toEqual({ kind: 'select', index: 2 });
    expect(lineKeyAction({ key: 'ArrowUp' }, 0, 5)).toEqual({ kind: 'select', index: 0 });
    expect(lineKeyAction({ key: 'End' }, 0, 5)).toEqual({ kind: 'select', index: 4 });
    expect(lineKeyAction({ key: 'Home' }, 3, 5)).toEqual({ kind: 'select', index: 0 });
  });

  it('keeps a selection past the end (the list shrank) inside it', () => {
    expect(lineKeyAction({ key: 'j' }, 9, 5)).toEqual({ kind: 'select', index: 4 });
    expect(lineKeyAction({ key: 'Enter' }, 9, 5)).toEqual({ kind: 'toggle', index: 4 });
  });

  it('opens the selected line with Enter, closes with Escape, and leaves other keys and modifiers alone', () => {
    expect(lineKeyAction({ key: 'Enter' }, 2, 5)).toEqual({ kind: 'toggle', index: 2 });
    expect(lineKeyAction({ key: 'Enter' }, null, 5)).toBeNull();
    expect(lineKeyAction({ key: 'Escape' }, 2, 5)).toEqual({ kind: 'close' });
    expect(lineKeyAction({ key: 'x' }, 2, 5)).toBeNull();
    expect(lineKeyAction({ key: 'j', ctrlKey: true }, 2, 5)).toBeNull();
    expect(lineKeyAction({ key: 'k', metaKey: true }, 2, 5)).toBeNull();
    expect(lineKeyAction({ key: 'j' }, null, 0)).toBeNull();
  });
});
