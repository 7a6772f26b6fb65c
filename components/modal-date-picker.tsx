'use client';

import { DatePicker, type DatePickerProps } from '@atlaskit/datetime-picker';
import type { KeyboardEvent } from 'react';

/**
 * Atlaskit's DatePicker set up for a modal dialog.
 *
 * - The calendar opens on a click, Enter, Space or ArrowDown in the field, or
 *   from its calendar button, never on focus: Tabbing through the dialog opens
 *   nothing (Atlaskit skips the open-on-focus when the calendar button shows).
 * - Escape with the calendar open closes the calendar and nothing else. The
 *   modal closes on an Escape that reaches `window`; the picker handles the key
 *   itself but lets it bubble on, which would close the dialog and lose what
 *   was picked, so it stops here while the calendar is open.
 */
export function ModalDatePicker(props: DatePickerProps) {
  return (
    <div onKeyDown={stopEscapeWhileCalendarOpen}>
      <DatePicker shouldShowCalendarButton {...props} />
    </div>
  );
}

function stopEscapeWhileCalendarOpen(event: KeyboardEvent<HTMLDivElement>) {
  if (event.key !== 'Escape') return;
  // The picker's combobox says whether its calendar is open; React has not re-rendered yet.
  if (event.currentTarget.querySelector('[role="combobox"][aria-expanded="true"]')) event.stopPropagation();
}
