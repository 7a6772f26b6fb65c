'use client';

import Button from '@atlaskit/button/new';
import { Fragment, useState } from 'react';
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
};

/** Log lines with Level, Date/Time (UTC) and Details that open below a line. */
export function LogPreviewTable(props: Props) {
  const [open, setOpen] = useState<string | null>(null);
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
        {props.lines.map((line) => (
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
                <Button appearance="subtle" spacing="compact" aria-expanded={open === line.id} onClick={() => setOpen(open === line.id ? null : line.id)}>
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
