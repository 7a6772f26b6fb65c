'use client';

import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { useMemo } from 'react';
import { ModalDatePicker } from '@/components/modal-date-picker';
import { currentTimeZone, localToday, startOfLocalDay } from '@/lib/time/local-days';
import { grantScopeSchema, grantScopeSentence, normalizeGrantScope, type GrantScope } from '@/lib/validations/grant-scope';

// The scope of a grant as a form: what the vendor may see. The enable and
// approve modals and the organization's default scope use it; the form's
// state becomes a GrantScope checked by the same zod schema as the API's.

type NameMode = 'all' | 'include' | 'exclude';

export type ScopeForm = {
  minLevel: '' | 'error' | 'warn' | 'info' | 'debug';
  modulesMode: NameMode;
  modules: string;
  functionsMode: NameMode;
  functions: string;
  /** A local calendar day (YYYY-MM-DD), or '' for every line. */
  sinceDay: string;
  mask: boolean;
};

export const FULL_SCOPE_FORM: ScopeForm = { minLevel: '', modulesMode: 'all', modules: '', functionsMode: 'all', functions: '', sinceDay: '', mask: false };

const LEVEL_OPTIONS: [ScopeForm['minLevel'], string][] = [
  ['', 'All levels'],
  ['debug', 'Debug and above'],
  ['info', 'Info and above'],
  ['warn', 'Warnings and errors'],
  ['error', 'Errors only'],
];

const names = (text: string) => text.split(',').map((n) => n.trim()).filter(Boolean);

/** The form as a scope (null: the full grant), or the first problem in words. */
export function scopeOfForm(form: ScopeForm, timeZone: string): { scope: GrantScope | null; error: string | null } {
  const nameFilter = (mode: NameMode, text: string) => (mode === 'all' ? undefined : { mode, values: names(text) });
  const parsed = grantScopeSchema.safeParse({
    minLevel: form.minLevel || undefined,
    modules: nameFilter(form.modulesMode, form.modules),
    functions: nameFilter(form.functionsMode, form.functions),
    since: form.sinceDay ? startOfLocalDay(form.sinceDay, timeZone).toISOString() : undefined,
    maskPersonalData: form.mask || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { scope: null, error: `${issue.path[0] === 'functions' ? 'Functions' : issue.path[0] === 'modules' ? 'Modules' : 'Scope'}: ${issue.message}` };
  }
  return { scope: normalizeGrantScope(parsed.data), error: null };
}

/** A scope (the organization's default, say) as the form shows it. */
export function formOfScope(scope: GrantScope | null, timeZone: string): ScopeForm {
  if (!scope) return FULL_SCOPE_FORM;
  return {
    minLevel: scope.minLevel && scope.minLevel !== 'trace' ? scope.minLevel : '',
    modulesMode: scope.modules?.mode ?? 'all',
    modules: scope.modules?.values.join(', ') ?? '',
    functionsMode: scope.functions?.mode ?? 'all',
    functions: scope.functions?.values.join(', ') ?? '',
    sinceDay: scope.since ? localToday(timeZone, new Date(scope.since)) : '',
    mask: scope.maskPersonalData ?? false,
  };
}

export function GrantScopeFields(props: { id: string; value: ScopeForm; onChange: (form: ScopeForm) => void; error: string | null; isDisabled?: boolean }) {
  const { id, value } = props;
  const timeZone = useMemo(() => currentTimeZone(), []);
  const set = (change: Partial<ScopeForm>) => props.onChange({ ...value, ...change });
  const { scope } = scopeOfForm(value, timeZone);
  const nameField = (kind: 'modules' | 'functions', label: string) => {
    const modeKey = kind === 'modules' ? 'modulesMode' : 'functionsMode';
    return (
      <div className="scope-field">
        <label htmlFor={`${id}-${kind}-mode`}>{label}</label>
        <div className="scope-names">
          <select
            id={`${id}-${kind}-mode`}
            className="native-select"
            value={value[modeKey]}
            disabled={props.isDisabled}
            onChange={(e) => set({ [modeKey]: e.target.value as NameMode })}
            data-testid={`${id}-${kind}-mode`}
          >
            <option value="all">All {kind}</option>
            <option value="include">Only these</option>
            <option value="exclude">All but these</option>
          </select>
          {value[modeKey] !== 'all' && (
            <Textfield
              id={`${id}-${kind}`}
              aria-label={`${label}: names, separated by commas`}
              placeholder="billing, auth"
              value={value[kind]}
              isDisabled={props.isDisabled}
              onChange={(e) => set({ [kind]: (e.target as HTMLInputElement).value })}
              testId={`${id}-${kind}`}
            />
          )}
        </div>
      </div>
    );
  };
  return (
    <fieldset className="grant-scope" data-testid={`${id}-fields`}>
      <legend>What the vendor sees</legend>
      <div className="scope-grid">
        <div className="scope-field">
          <label htmlFor={`${id}-level`}>Levels</label>
          <select
            id={`${id}-level`}
            className="native-select"
            value={value.minLevel}
            disabled={props.isDisabled}
            onChange={(e) => set({ minLevel: e.target.value as ScopeForm['minLevel'] })}
            data-testid={`${id}-level`}
          >
            {LEVEL_OPTIONS.map(([level, label]) => (
              <option key={level} value={level}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="scope-field">
          <label htmlFor={`${id}-since`}>Lines from (optional)</label>
          <ModalDatePicker
            id={`${id}-since`}
            value={value.sinceDay}
            onChange={(day) => set({ sinceDay: day })}
            maxDate={localToday(timeZone)}
            placeholder="Every line"
            clearControlLabel="Clear the first day"
            inputLabel="Lines from"
            isDisabled={props.isDisabled}
            testId={`${id}-since`}
          />
        </div>
        {nameField('modules', 'Modules')}
        {nameField('functions', 'Functions')}
      </div>
      <div className="scope-mask">
        <Toggle id={`${id}-mask`} isChecked={value.mask} isDisabled={props.isDisabled} onChange={() => set({ mask: !value.mask })} testId={`${id}-mask`} />
        <label htmlFor={`${id}-mask`}>Mask personal data for the vendor (e-mail and IP addresses, tokens, card and phone numbers)</label>
      </div>
      <div className={props.error ? 'field-note field-error' : 'field-note'} role={props.error ? 'alert' : undefined} data-testid={`${id}-note`}>
        {props.error ??
          [
            value.sinceDay
              ? `Lines from the start of ${value.sinceDay} in your time zone (${timeZone}), ${startOfLocalDay(value.sinceDay, timeZone).toISOString().replace('.000Z', 'Z')} UTC.`
              : null,
            scope ? `${grantScopeSentence(scope)}.` : 'Leave everything as it is to share every line.',
            'Module and function names match exactly.',
          ]
            .filter(Boolean)
            .join(' ')}
      </div>
    </fieldset>
  );
}
