'use client';

import SectionMessage from '@atlaskit/section-message';
import { formatUtcDateTime } from '@/lib/format';
import { LogHistogram } from '@/components/log-histogram';
import type { LogSummary } from '@/lib/logs/summarize-logs';
import { PII_KINDS, PII_LABELS } from '@/lib/pii/detect-pii';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** What the file will hold: lines, size, levels, a histogram, and the personal data found. */
export function DownloadSummary(props: { summary: LogSummary }) {
  const { summary } = props;
  const found = PII_KINDS.filter((kind) => summary.personalData[kind] > 0);
  return (
    <div className="download-summary" data-testid="download-summary">
      <p>
        <strong data-testid="download-line-count">{summary.totalLines.toLocaleString('en')}</strong> lines, about{' '}
        <strong>{formatBytes(summary.estimatedBytes)}</strong> as NDJSON, from{' '}
        <time dateTime={summary.from} data-testid="download-range-from">
          {formatUtcDateTime(summary.from).replace(/ UTC$/, '')}
        </time>{' '}
        to{' '}
        <time dateTime={summary.to} data-testid="download-range-to">
          {formatUtcDateTime(summary.to)}
        </time>
        .
      </p>
      <p className="level-counts">
        {Object.entries(summary.levels).map(([level, count]) => (
          <span key={level}>
            {level}: {count.toLocaleString('en')}
          </span>
        ))}
      </p>
      <LogHistogram buckets={summary.histogram} />
      {found.length > 0 ? (
        <SectionMessage appearance="warning" title="These logs look like they hold personal data" testId="pii-summary">
          <ul>
            {found.map((kind) => (
              <li key={kind}>
                {PII_LABELS[kind]}: {summary.personalData[kind].toLocaleString('en')} lines
              </li>
            ))}
          </ul>
          <p>Marked in the preview below. Keep &quot;Mask personal data in the download&quot; on to replace them with placeholders such as [email].</p>
        </SectionMessage>
      ) : (
        <p className="muted">No personal data of the kinds we look for (e-mail, IP addresses, tokens, card and phone numbers) was found.</p>
      )}
    </div>
  );
}
