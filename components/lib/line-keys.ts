// The line list's keyboard: j/k and the arrow keys move the selection,
// Home/End jump, Enter opens or closes the selected line's details, Escape
// closes them. Keys with a modifier are the browser's.

export type LineKeyAction = { kind: 'select'; index: number } | { kind: 'toggle'; index: number } | { kind: 'close' } | null;

export function lineKeyAction(event: { key: string; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean }, selected: number | null, count: number): LineKeyAction {
  if (count === 0 || event.altKey || event.ctrlKey || event.metaKey) return null;
  const last = count - 1;
  const at = selected === null ? null : Math.min(Math.max(selected, 0), last);
  switch (event.key) {
    case 'j':
    case 'ArrowDown':
      return { kind: 'select', index: at === null ? 0 : Math.min(at + 1, last) };
    case 'k':
    case 'ArrowUp':
      return { kind: 'select', index: at === null ? 0 : Math.max(at - 1, 0) };
    case 'Home':
      return { kind: 'select', index: 0 };
    case 'End':
      return { kind: 'select', index: last };
    case 'Enter':
      return at === null ? null : { kind: 'toggle', index: at };
    case 'Escape':
      return { kind: 'close' };
    default:
      return null;
  }
}
