'use client';

import Button from '@atlaskit/button/new';
import { useEffect, useState } from 'react';
import { LogPreviewTable } from '@/components/log-preview-table';
import { callApi } from '@/components/lib/call-api';
import type { GrantScope, GrantScopePreview } from '@/lib/validations/grant-scope';

const n = (value: number) => value.toLocaleString('en');

/** "showing 1,204 of 5,310 lines of the last 24 hours; 4,106 hidden by level" */
export function previewSummary(preview: Pick<GrantScopePreview, 'total' | 'shown' | 'hidden'>): string {
  const hidden = (
    [
      ['level', preview.hidden.level],
      ['module', preview.hidden.module],
      ['function', preview.hidden.function],
      ['date', preview.hidden.since],
    ] as const
  )
    .filter(([, count]) => count > 0)
    .map(([by, count]) => `${n(count)} hidden by ${by}`);
  return `Showing ${n(preview.shown)} of ${n(preview.total)} lines of the last 24 hours${hidden.length ? `; ${hidden.join(', ')}` : ''}.`;
}

/**
 * "Preview what the vendor will see": the vendor's view of the site's last
 * lines under the scope being chosen, read by the server as the vendor's
 * reads would be. It follows the scope (read again a moment after each
 * change); while the scope in the form is invalid it shows nothing.
 */
export function GrantScopePreviewPanel(props: { installationId: string; scope: GrantScope | null; isValid: boolean }) {
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<GrantScopePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify(props.scope);

  useEffect(() => {
    if (!open || !props.isValid) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      callApi<GrantScopePreview>(`/api/v1/installations/${props.installationId}/log-access/preview`, { method: 'POST', body: { scope: JSON.parse(key) as unknown }, signal: controller.signal })
        .then((answer) => {
          setPreview(answer);
          setError(null);
        })
        .catch((e: unknown) => {
          if (!controller.signal.aborted) setError(e instanceof Error ? e.message : 'The preview could not be read.');
        })
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [open, key, props.installationId, props.isValid]);

  if (!open) {
    return (
      <div className="scope-preview">
        <Button onClick={() => setOpen(true)} testId="preview-vendor-view">
          Preview what the vendor will see
        </Button>
      </div>
    );
  }
  const current = preview && JSON.stringify(preview.scope) === key;
  return (
    <section className="scope-preview" aria-label="What the vendor will see" aria-busy={loading || !current} data-testid="scope-preview">
      <h3>What the vendor will see</h3>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : !props.isValid ? (
        <p className="field-note">Fix the scope above to see the preview.</p>
      ) : !preview ? (
        <p className="field-note">Reading the latest lines…</p>
      ) : (
        <>
          <p className={current ? 'scope-preview-summary' : 'scope-preview-summary is-stale'} data-testid="scope-preview-summary" aria-live="polite">
            {previewSummary(preview)}
          </p>
          {preview.lines.length ? (
            <div className="scope-preview-lines">
              <LogPreviewTable lines={preview.lines} oneTabStop />
            </div>
          ) : (
            <p className="field-note">The vendor would see no line of the last 24 hours.</p>
          )}
        </>
      )}
    </section>
  );
}
