'use client';

import { ModalTransition } from '@atlaskit/modal-dialog';
import TextArea from '@atlaskit/textarea';
import { useMemo, type ReactNode } from 'react';
import { ModalDatePicker } from '@/components/modal-date-picker';
import type { z } from 'zod';
import { addDays, currentTimeZone, endOfLocalDay, localToday } from '@/lib/time/local-days';

// Pieces shared by the access-request modals (asking in the console,
// deciding in the Admin Hub).

/** A required text, checked with the same zod schema the API uses; the error shows once the person tried to send. */
export function TextField({
  textAreaRef,
  ...props
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  schema: z.ZodType<string>;
  max: number;
  showError: boolean;
  hint: string;
  textAreaRef?: React.Ref<HTMLTextAreaElement>;
}) {
  const result = props.schema.safeParse(props.value);
  const error = props.showError && !result.success ? result.error.issues[0]?.message : null;
  return (
    <div className="form-field">
      <label htmlFor={props.id}>{props.label}</label>
      <TextArea
        id={props.id}
        ref={textAreaRef}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        isInvalid={Boolean(error)}
        isRequired
        minimumRows={4}
        maxHeight="40vh"
        resize="vertical"
        aria-describedby={`${props.id}-note`}
        testId={props.id}
      />
      <div className={error ? 'field-note field-error' : 'field-note'} id={`${props.id}-note`} data-testid={`${props.id}-note`}>
        {error ? `${error[0]!.toUpperCase()}${error.slice(1)}.` : props.hint} ({props.value.trim().length}/{props.max})
      </div>
    </div>
  );
}

/**
 * "Share until" as a local calendar day; the instant is the start of the next
 * day in the person's zone. `firstDay` is the earliest day offered (tomorrow
 * unless given); `required` drops "(optional)" from the label.
 */
export function ShareUntilField(props: { id: string; value: string; onChange: (day: string) => void; emptyNote: string; firstDay?: string; required?: boolean }) {
  const timeZone = useMemo(() => currentTimeZone(), []);
  const expiresAt = props.value ? endOfLocalDay(props.value, timeZone) : null;
  return (
    <div className="form-field">
      <label htmlFor={props.id}>{props.required ? 'Share until' : 'Share until (optional)'}</label>
      <ModalDatePicker
        id={props.id}
        value={props.value}
        onChange={props.onChange}
        minDate={props.firstDay ?? addDays(localToday(timeZone), 1)}
        placeholder="No end date"
        clearControlLabel="Clear end date"
        inputLabel="Share until"
        testId={props.id}
      />
      <div className="field-note" data-testid={`${props.id}-note`}>
        {expiresAt
          ? `Access would end at the end of ${props.value} in your time zone (${timeZone}), ${expiresAt.toISOString().replace('.000Z', 'Z')} UTC.`
          : `${props.emptyNote} Dates are in your time zone (${timeZone}).`}
      </div>
    </div>
  );
}

export function dayToIso(day: string): string | null {
  return day ? endOfLocalDay(day, currentTimeZone()).toISOString() : null;
}

/** Mounts the dialog only while open, inside Atlaskit's enter/exit transition. */
export function ModalFrame(props: { isOpen: boolean; children: () => ReactNode }) {
  return <ModalTransition>{props.isOpen && props.children()}</ModalTransition>;
}
