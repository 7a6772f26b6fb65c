import { AttributesView } from '@/components/attributes-view';
import type { LogLineJson } from '@/lib/logs/log-line-json';

export type FactsLine = LogLineJson & { site?: string; environment?: string; product?: string };

/** A line's details: its IDs, where it ran, and its attributes. */
export function LineFacts(props: { line: FactsLine; site?: string; environment?: string }) {
  const { line } = props;
  return (
    <>
      <dl>
        <dt>Invocation ID</dt>
        <dd>{line.invocationId ?? '—'}</dd>
        <dt>Trace ID</dt>
        <dd>{line.traceId ?? '—'}</dd>
        <dt>Module</dt>
        <dd>{line.module ?? '—'}</dd>
        <dt>Function</dt>
        <dd>{line.function ?? '—'}</dd>
        <dt>App version</dt>
        <dd>{line.appVersion ?? '—'}</dd>
        <dt>Site</dt>
        <dd>{line.site ?? props.site ?? '—'}</dd>
        <dt>Environment</dt>
        <dd>{(line.environment ?? props.environment ?? '—').toLowerCase()}</dd>
        {line.product && (
          <>
            <dt>Product</dt>
            <dd>{line.product.toLowerCase()}</dd>
          </>
        )}
      </dl>
      {line.attributes !== null && line.attributes !== undefined && <AttributesView value={line.attributes} />}
    </>
  );
}
