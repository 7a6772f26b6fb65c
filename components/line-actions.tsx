'use client';

import Button from '@atlaskit/button/new';
import { useState } from 'react';
import type { ListLine } from '@/components/line-list';
import type { ExactField } from '@/components/lib/line-columns';
import { linePermalinkPath } from '@/components/lib/line-links';

/** What a vendor can do from one line: see around it, follow its invocation or trace, link to it. */
export function LineActions(props: {
  appId: string;
  line: ListLine;
  onShowContext: () => void;
  /** Opens every line with the line's invocation or trace ID. */
  onShowGroup: (field: ExactField, value: string) => void;
}) {
  const { line } = props;
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const path = linePermalinkPath(props.appId, line.ref);

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(new URL(path, window.location.origin).toString());
      setCopied('yes');
    } catch {
      // No clipboard (an insecure origin, a refused permission): the link beside the button still works.
      setCopied('failed');
    }
    setTimeout(() => setCopied(null), 2_000);
  }

  return (
    <div className="line-actions">
      <Button spacing="compact" onClick={props.onShowContext} testId="show-context">
        Show surrounding lines
      </Button>
      {line.invocationId && (
        <Button spacing="compact" onClick={() => props.onShowGroup('invocation', line.invocationId!)} testId="show-invocation">
          Show this invocation
        </Button>
      )}
      {line.traceId && (
        <Button spacing="compact" onClick={() => props.onShowGroup('trace', line.traceId!)} testId="show-trace">
          Show this trace
        </Button>
      )}
      <Button spacing="compact" onClick={() => void copyLink()} testId="copy-line-link">
        {copied === 'yes' ? 'Link copied' : copied === 'failed' ? 'Copy failed: use the link' : 'Copy link'}
      </Button>
      <a href={path} data-testid="line-permalink">
        Link to this line
      </a>
    </div>
  );
}
