'use client';

import Button from '@atlaskit/button/new';
import { Fragment, useState, type KeyboardEvent } from 'react';
import { LevelLozenge } from '@/components/level-lozenge';
import { HighlightedMessage } from '@/components/highlighted-message';
import { LineFacts, type FactsLine } from '@/components/line-facts';

export type TableLine = FactsLine;

type Props = {
  lines: TableLine[];
  /** Shown in the details of lines that do not carry their own. */
  site?: string;
  environment?: string;
  onShowInvocation?: (invocationId: string) => void;
  /**
   * The Details buttons make one Tab stop, moved between with ArrowUp and
   * ArrowDown (a roving tabindex): inside a dialog, twenty buttons would put
   * twenty Tabs between the range and the dialog's own buttons.
   */
  oneTabStop?: boolean;
};

/** Log lines with Level, Date/Time (UTC) and Details that open below a line. */
export function LogPreviewTable(props: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  function moveBetweenDetails(event: KeyboardEvent<HTMLElement>, index: number) {
    if (!props.oneTabStop || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    event.preventDefault();
    const next = Math.min(props.lines.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)));
    setActive(next);
    const table = event.currentTarget.closest('table');
    table?.querySelectorAll<HTMLElement>('tr[data-testid="log-line"] button')[next]?.focus();
  }
  return (
    <table className="log-table" data-testid="log-preview">
      <thead>
        <tr>
          <th scope="col">Level</th>
          <th scope="col">Date/Time (UTC)</th>
          <th scope="col">Message</th>
          <th scope="col">
            <span className="visually-hidden">Details</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.lines.map((line, index) => (
          <Fragment key={line.id}>
            <tr data-testid="log-line">
              <td>
                <LevelLozenge level={line.level} />
              </td>
              <td className="log-time">
                <time dateTime={line.timestamp}>{line.timestamp}</time>
              </td>
              <td>
                <HighlightedMessage message={line.message} hits={line.personalData} />
              </td>
              <td>
                <Button
                  appearance="subtle"
                  spacing="compact"
                  aria-expanded={open === line.id}
                  onClick={() => setOpen(open === line.id ? null : line.id)}
                  tabIndex={props.oneTabStop && index !== Math.min(active, props.lines.length - 1) ? -1 : undefined}
                  onKeyDown={(event) => moveBetweenDetails(event, index)}
                  onFocus={() => props.oneTabStop && setActive(index)}
                >
                  Details
                </Button>
              </td>
            </tr>
            {open === line.id && (
              <tr className="log-details">
                <td colSpan={4}>
                  <LineFacts line={line} site={props.site} environment={props.environment} />
                  {props.onShowInvocation && line.invocationId && (
                    <Button spacing="compact" onClick={() => props.onShowInvocation?.(line.invocationId!)} testId="show-invocation">
                      Show this invocation
                    </Button>
                  )}
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
