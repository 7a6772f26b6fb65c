'use client';

import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import SectionMessage from '@atlaskit/section-message';
import { useEffect, useRef, useState } from 'react';
import type { ListLine } from '@/components/line-list';
import { LineRows } from '@/components/line-rows';
import { callApi } from '@/components/lib/call-api';
import { exactTerm, type ExactField } from '@/components/lib/line-columns';
import { oldestKeptInstant } from '@/lib/logs/log-range';
import { MAX_LOG_PAGE } from '@/lib/validations/logs';

/** The line an invocation or trace was opened from, and which of its IDs to follow. */
export type LineGroupOf = { field: ExactField; value: string; anchor: string };

type Page = { lines: ListLine[]; nextCursor: string | null };
type State = { page: Page | null; error: string | null };

/** Lines are stamped at most minutes ahead of the server's clock; an hour leaves room for this browser's clock to differ. */
const AHEAD_MS = 3_600_000;

/**
 * Every line with one invocation or trace ID, over all of the app's sharing
 * sites and the whole retention, oldest first: the logs API's page of the
 * newest lines with that exact ID (the server's largest page), turned round.
 * An ID with more lines than a page says so and offers the viewer, which
 * pages through all of them.
 */
export function LineGroupModal(props: { appId: string; of: LineGroupOf; retentionDays: number; onOpenInViewer: () => void; onClose: () => void }) {
  const { appId, of, retentionDays } = props;
  const [state, setState] = useState<State>({ page: null, error: null });
  const anchorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    // Retention's start as the server will see it even when this browser's clock runs behind (else a 422 just after midnight).
    const ahead = new Date(Date.now() + AHEAD_MS);
    const query = new URLSearchParams({
      q: exactTerm(of.field, of.value),
      from: oldestKeptInstant(retentionDays, ahead).toISOString(),
      to: ahead.toISOString(),
      limit: String(MAX_LOG_PAGE),
    });
    callApi<Page>(`/api/v1/apps/${encodeURIComponent(appId)}/logs?${query}`, { signal: controller.signal }).then(
      (page) => setState({ page: { ...page, lines: [...page.lines].reverse() }, error: null }),
      (e: unknown) => !controller.signal.aborted && setState({ page: null, error: e instanceof Error ? e.message : `Could not load the ${of.field}'s lines.` }),
    );
    return () => controller.abort();
  }, [appId, of, retentionDays]);

  const shown = state.page !== null;
  useEffect(() => {
    if (shown) anchorRef.current?.scrollIntoView({ block: 'center' });
  }, [shown]);

  const { page } = state;
  const name = of.field;
  return (
    <ModalTransition>
      <Modal onClose={props.onClose} width="x-large" testId="line-group-modal">
        <ModalHeader hasCloseButton>
          <ModalTitle>
            This {name}: <code>{of.value}</code>
          </ModalTitle>
        </ModalHeader>
        <ModalBody>
          {!page && !state.error && <p className="muted">Loading the {name}&apos;s lines…</p>}
          {state.error && (
            <SectionMessage appearance="error" testId="line-group-error">
              <p>{state.error}</p>
            </SectionMessage>
          )}
          {page && (
            <>
              <p className="line-context-head muted" data-testid="line-group-summary">
                {describeGroup(page, name)}
              </p>
              <LineRows lines={page.lines} label={`The ${name}'s lines`} anchor={of.anchor} anchorRef={anchorRef} withSite testIdPrefix="group" />
            </>
          )}
        </ModalBody>
        <ModalFooter>
          <Button onClick={props.onOpenInViewer} testId="line-group-in-viewer">
            Show in the viewer
          </Button>
          <Button appearance="primary" onClick={props.onClose}>
            Close
          </Button>
        </ModalFooter>
      </Modal>
    </ModalTransition>
  );
}

/** "5 lines on 2 sites, oldest first.", or, past one page, which of them are shown. */
function describeGroup(page: Page, name: string): string {
  const sites = new Set(page.lines.map((l) => l.site)).size;
  const lines = `${page.lines.length.toLocaleString('en')} line${page.lines.length === 1 ? '' : 's'}`;
  const where = `on ${sites} site${sites === 1 ? '' : 's'}`;
  if (page.nextCursor) return `The latest ${lines} of this ${name} ${where}, oldest first; it has more: show it in the viewer to page through all of them.`;
  return `${lines} ${where}, oldest first, within retention.`;
}
