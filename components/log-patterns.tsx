'use client';

import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import { useEffect, useState } from 'react';
import styles from '@/components/log-patterns.module.css';
import { LevelShareBar, PatternSparkline } from '@/components/pattern-sparkline';
import { callApi } from '@/components/lib/call-api';
import { formatUtcDateTime } from '@/lib/format';
import { templateParts } from '@/lib/patterns/template-regex';
import type { AppPatterns } from '@/lib/console/read-app-patterns';

type Option = { label: string; value: string };
type State = { key: string; answer: AppPatterns | null; error: string | null };

const ANY_VERSION: Option = { label: 'Any version (all patterns)', value: '' };

/**
 * The Patterns tab: the viewer's matching lines grouped by message template,
 * most frequent first. Clicking a template shows its lines (onFilter adds a
 * pattern:"…" term to the query).
 */
export function LogPatterns(props: { appId: string; apiQuery: string; versions: string[]; onFilter: (template: string) => void; canFilter: (template: string) => boolean }) {
  const [newSince, setNewSince] = useState('');
  const [state, setState] = useState<State>({ key: '', answer: null, error: null });
  const key = `${props.apiQuery}&top=50${newSince ? `&newSince=${encodeURIComponent(newSince)}` : ''}`;

  useEffect(() => {
    let cancelled = false;
    callApi<AppPatterns>(`/api/v1/apps/${props.appId}/logs/patterns?${key}`).then(
      (answer) => !cancelled && setState({ key, answer, error: null }),
      (e: unknown) => !cancelled && setState({ key, answer: null, error: e instanceof Error ? e.message : 'Could not load the patterns.' }),
    );
    return () => {
      cancelled = true;
    };
  }, [props.appId, key]);

  const loading = state.key !== key;
  const { answer } = state;
  const versions: Option[] = [ANY_VERSION, ...props.versions.map((v) => ({ label: v, value: v }))];
  return (
    <div data-testid="log-patterns">
      <div className={styles.bar}>
        <span className="muted" data-testid="patterns-summary" aria-live="polite">
          {loading ? 'Loading…' : answer ? describe(answer) : ''}
        </span>
        <span className={styles.since}>
          <label htmlFor="patterns-new-since">New since version</label>
          <span style={{ width: 220 }}>
            <Select<Option>
              inputId="patterns-new-since"
              options={versions}
              value={versions.find((o) => o.value === newSince) ?? ANY_VERSION}
              onChange={(o) => setNewSince(o?.value ?? '')}
              testId="patterns-new-since"
            />
          </span>
        </span>
      </div>
      {state.error && !loading && (
        <SectionMessage appearance="error" testId="patterns-error">
          <p>{state.error}</p>
        </SectionMessage>
      )}
      {answer && answer.patterns.length === 0 && !loading && (
        <p data-testid="patterns-empty">{newSince ? `No pattern is new since version ${newSince} in this range.` : 'No lines match these filters in this time range.'}</p>
      )}
      {answer && answer.patterns.length > 0 && (
        <div className={styles.scroll} style={{ opacity: loading ? 0.5 : 1 }} aria-busy={loading}>
          <table className={styles.table} data-testid="patterns-table">
            <thead>
              <tr>
                <th scope="col">Pattern</th>
                <th scope="col" className={styles.number}>
                  {answer.exact ? 'Lines' : 'About'}
                </th>
                <th scope="col">Levels</th>
                <th scope="col" className={styles.hideNarrow}>
                  First seen (UTC)
                </th>
                <th scope="col" className={styles.hideNarrow}>
                  Last seen (UTC)
                </th>
                <th scope="col" className={styles.hideNarrow}>
                  Over the range
                </th>
              </tr>
            </thead>
            <tbody>
              {answer.patterns.map((p) => {
                const filterable = props.canFilter(p.template);
                return (
                  <tr key={p.template} data-testid="pattern-row">
                    <td>
                      <button
                        type="button"
                        className={styles.template}
                        disabled={!filterable}
                        title={filterable ? 'Show the lines of this pattern' : 'Too long to add to the search'}
                        onClick={() => props.onFilter(p.template)}
                        data-testid="pattern-template"
                      >
                        {templateParts(p.template).map((part, i) =>
                          part.placeholder ? (
                            <span key={i} className={styles.placeholder}>
                              {part.text}
                            </span>
                          ) : (
                            <span key={i}>{part.text}</span>
                          ),
                        )}
                      </button>
                    </td>
                    <td className={styles.number} data-testid="pattern-count">
                      {p.count.toLocaleString('en')}
                    </td>
                    <td>
                      <LevelShareBar levels={p.levels} />
                    </td>
                    <td className={`${styles.time} ${styles.hideNarrow}`}>{formatUtcDateTime(p.firstSeen)}</td>
                    <td className={`${styles.time} ${styles.hideNarrow}`}>{formatUtcDateTime(p.lastSeen)}</td>
                    <td className={styles.hideNarrow}>
                      <PatternSparkline buckets={p.sparkline} bucketMs={answer.bucketMs} from={answer.from} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/**
 * "1,234 lines in 12 patterns · 42 ms"; sampled: "About …, counted from a 12.5% sample …";
 * new since a version: "2 new patterns (15 of 20 lines): not seen from … to version …'s first line at …".
 */
function describe(answer: AppPatterns): string {
  const about = answer.exact ? '' : 'about ';
  const count = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
  const shown = answer.patterns.length < answer.distinctTemplates ? ` (top ${answer.patterns.length} shown)` : '';
  const sample = answer.sample ? `, counted from a ${percent(answer.sample.fraction)} sample (${count(answer.sample.linesRead, 'line')} read)` : '';
  const took = ` · ${answer.tookMs.toLocaleString('en')} ms`;
  const { newSince } = answer;
  if (!newSince) return `${capitalized(`${about}${count(answer.lines, 'line')}`)} in ${count(answer.distinctTemplates, 'pattern')}${shown}${sample}${took}`;
  const baseline = newSince.sample ? ` (a ${percent(newSince.sample.fraction)} sample of it)` : '';
  return (
    `${count(answer.distinctTemplates, 'new pattern')}${shown} (${about}${answer.templateLines.toLocaleString('en')} of ${answer.lines.toLocaleString('en')} lines): ` +
    `not seen from ${formatUtcDateTime(newSince.comparedWith.from)} to version ${newSince.version}'s first line at ${formatUtcDateTime(newSince.firstLineAt)}${baseline}${sample}${took}`
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function percent(fraction: number): string {
  return `${fraction * 100 < 1 ? (fraction * 100).toFixed(2) : (fraction * 100).toFixed(1)}%`;
}
