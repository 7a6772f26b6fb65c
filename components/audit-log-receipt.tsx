'use client';

import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { useState } from 'react';
import { formatUtcDateTime } from '@/lib/format';

/** What a download's audit row keeps: enough to prove later which bytes left, and whether personal data was masked. */
export function hasReceipt(details: Record<string, unknown>): boolean {
  return typeof details.sha256 === 'string';
}

/** A download's receipt: the SHA-256 of the bytes sent (with a copy button), the range, the format, and masking said in words. */
export function AuditReceipt(props: { details: Record<string, unknown> }) {
  const { details } = props;
  const [copied, setCopied] = useState(false);
  const sha256 = String(details.sha256);
  const range = typeof details.from === 'string' && typeof details.to === 'string' ? `${formatUtcDateTime(details.from)} to ${formatUtcDateTime(details.to)}` : null;
  const masked = details.masked === true ? 'masked' : details.masked === false ? 'not masked' : null;

  async function copy() {
    await navigator.clipboard.writeText(sha256);
    setCopied(true);
    setTimeout(() => setCopied(false), 2_000);
  }

  return (
    <dl className="audit-receipt" data-testid="audit-receipt">
      <dt>SHA-256</dt>
      <dd className="audit-receipt-hash">
        <code data-testid="audit-receipt-sha256">{sha256}</code>
        <Button appearance="subtle" spacing="compact" onClick={copy} testId="audit-receipt-copy" aria-label={`Copy the SHA-256 ${sha256}`}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </dd>
      {range && (
        <>
          <dt>Range</dt>
          <dd>{range}</dd>
        </>
      )}
      <dt>Format</dt>
      <dd>{String(details.format ?? 'ndjson').toUpperCase()}</dd>
      {masked && (
        <>
          <dt>Personal data</dt>
          <dd data-testid="audit-receipt-masked">
            <Lozenge appearance={masked === 'masked' ? 'success' : 'moved'}>{masked}</Lozenge>
          </dd>
        </>
      )}
      {typeof details.bytes === 'number' && (
        <>
          <dt>Size</dt>
          <dd>
            {details.bytes.toLocaleString('en')} bytes{details.completed === false ? ' (interrupted: the hash covers what was sent)' : ''}
          </dd>
        </>
      )}
    </dl>
  );
}
