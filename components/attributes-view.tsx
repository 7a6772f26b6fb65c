'use client';

import Button from '@atlaskit/button/new';
import { useState } from 'react';

// A line's attributes as a small collapsible JSON tree with a copy button.
// Objects and arrays open and close; the first two levels start open. What
// the server serves as text (attributes nested too deep to serialize) is
// shown as that text.

const OPEN_LEVELS = 2;

export function AttributesView(props: { value: unknown }) {
  const [copied, setCopied] = useState(false);
  const text = typeof props.value === 'string' ? props.value : JSON.stringify(props.value, null, 2);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2_000);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div className="attributes-view" data-testid="attributes-view">
      <div className="attributes-head">
        <span className="attributes-title">Attributes</span>
        <Button spacing="compact" appearance="subtle" onClick={() => void copy()} testId="copy-attributes">
          {copied ? 'Copied' : 'Copy JSON'}
        </Button>
      </div>
      {typeof props.value === 'string' ? <pre className="json-text">{props.value}</pre> : <JsonNode value={props.value} depth={0} />}
    </div>
  );
}

function JsonNode(props: { name?: string; value: unknown; depth: number }) {
  const { value, depth } = props;
  const [open, setOpen] = useState(depth < OPEN_LEVELS);
  const label = props.name === undefined ? null : <span className="json-key">{JSON.stringify(props.name)}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-row">
        {label}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const [start, end] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div className="json-row">
        {label}
        {start + end}
      </div>
    );
  }
  return (
    <div className="json-row">
      <button type="button" className="json-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {label}
        {open ? start : `${start} ${entries.length} ${Array.isArray(value) ? 'item' : 'key'}${entries.length === 1 ? '' : 's'} ${end}`}
      </button>
      {open && (
        <>
          <div className="json-children">
            {entries.map(([key, child]) => (
              <JsonNode key={key} name={Array.isArray(value) ? undefined : key} value={child} depth={depth + 1} />
            ))}
          </div>
          {end}
        </>
      )}
    </div>
  );
}
