import type { ReactNode } from 'react';
import { PII_LABELS, type PiiHit } from '@/lib/pii/detect-pii';

/** A log message with each piece of personal data marked, and named for screen readers. */
export function HighlightedMessage(props: { message: string; hits: PiiHit[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const hit of props.hits) {
    if (hit.start > at) parts.push(props.message.slice(at, hit.start));
    parts.push(
      <mark key={hit.start} className={`pii pii-${hit.kind}`} title={PII_LABELS[hit.kind]} data-pii={hit.kind}>
        {props.message.slice(hit.start, hit.end)}
      </mark>,
    );
    at = hit.end;
  }
  if (at < props.message.length) parts.push(props.message.slice(at));
  return <span className="log-message">{parts}</span>;
}
