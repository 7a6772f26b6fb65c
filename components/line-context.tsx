'use client';

import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import SectionMessage from '@atlaskit/section-message';
import { useEffect, useRef, useState } from 'react';
import { LineFacts } from '@/components/line-facts';
import type { ListLine } from '@/components/line-list';
import { LineRows } from '@/components/line-rows';
import { callApi } from '@/components/lib/call-api';
import { lineContextUrl, linePermalinkPath } from '@/components/lib/line-links';

/** GET .../logs/lines/{lineRef}/context (lib/console/read-line-context.ts). */
export type LineContextJson = { anchor: string; lines: ListLine[]; moreBefore: boolean; moreAfter: boolean };

/** Lines each "Show earlier" or "Show later" adds. */
const STEP = 25;

type Direction = 'earlier' | 'later';
/** Each direction loads on its own, so "Show later" works while earlier lines are still coming. */
type State = { context: LineContextJson | null; loadingFirst: boolean; extending: Record<Direction, boolean>; error: string | null };

const NOT_EXTENDING: Record<Direction, boolean> = { earlier: false, later: false };

/**
 * One line among the lines just before and after it in its installation,
 * oldest first, the line itself marked; earlier and later lines are added
 * STEP at a time, each asked of the API from the first or last line shown.
 */
export function LineContextView(props: { appId: string; lineRef: string; initial?: LineContextJson; showAnchorDetails?: boolean }) {
  const { appId, lineRef } = props;
  const [state, setState] = useState<State>({ context: props.initial ?? null, loadingFirst: !props.initial, extending: NOT_EXTENDING, error: null });
  const anchorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (props.initial) return;
    let cancelled = false;
    callApi<LineContextJson>(lineContextUrl(appId, lineRef, STEP, STEP)).then(
      (context) => !cancelled && setState({ context, loadingFirst: false, extending: NOT_EXTENDING, error: null }),
      (e: unknown) => !cancelled && setState({ context: null, loadingFirst: false, extending: NOT_EXTENDING, error: e instanceof Error ? e.message : 'Could not load the surrounding lines.' }),
    );
    return () => {
      cancelled = true;
    };
  }, [appId, lineRef, props.initial]);

  const shown = state.context !== null;
  useEffect(() => {
    if (shown) anchorRef.current?.scrollIntoView({ block: 'center' });
  }, [shown]);

  async function extend(direction: Direction) {
    const context = state.context;
    if (!context || state.extending[direction]) return;
    const edge = direction === 'earlier' ? context.lines[0]! : context.lines[context.lines.length - 1]!;
    setState((s) => ({ ...s, extending: { ...s.extending, [direction]: true }, error: null }));
    try {
      const more = await callApi<LineContextJson>(lineContextUrl(appId, edge.ref, direction === 'earlier' ? STEP : 0, direction === 'later' ? STEP : 0));
      setState((s) => {
        if (!s.context) return s;
        const next =
          direction === 'earlier'
            ? { ...s.context, lines: [...more.lines.slice(0, -1), ...s.context.lines], moreBefore: more.moreBefore }
            : { ...s.context, lines: [...s.context.lines, ...more.lines.slice(1)], moreAfter: more.moreAfter };
        return { ...s, context: next, extending: { ...s.extending, [direction]: false } };
      });
    } catch (e) {
      setState((s) => ({ ...s, extending: { ...s.extending, [direction]: false }, error: e instanceof Error ? e.message : 'Could not load more lines.' }));
    }
  }

  const { context } = state;
  const anchor = context?.lines.find((l) => l.ref === context.anchor);
  return (
    <div className="line-context" data-testid="line-context">
      {state.loadingFirst && <p className="muted">Loading the surrounding lines…</p>}
      {state.error && (
        <SectionMessage appearance="error" testId="line-context-error">
          <p>{state.error}</p>
        </SectionMessage>
      )}
      {context && anchor && (
        <>
          <p className="line-context-head muted" data-testid="line-context-summary">
            {context.lines.length.toLocaleString('en')} lines of {anchor.site} ({anchor.environment}) around {anchor.timestamp}, oldest first.
          </p>
          {props.showAnchorDetails && (
            <div className="line-details log-details line-context-anchor-details" data-testid="anchor-details">
              <LineFacts line={anchor} />
            </div>
          )}
          {context.moreBefore ? (
            <Button spacing="compact" onClick={() => void extend('earlier')} isLoading={state.extending.earlier} testId="context-earlier">
              Show {STEP} earlier
            </Button>
          ) : (
            <p className="muted">No earlier lines within retention.</p>
          )}
          <LineRows lines={context.lines} label="Surrounding lines" anchor={context.anchor} anchorRef={anchorRef} testIdPrefix="context" />
          {context.moreAfter ? (
            <Button spacing="compact" onClick={() => void extend('later')} isLoading={state.extending.later} testId="context-later">
              Show {STEP} later
            </Button>
          ) : (
            <p className="muted">No later lines yet.</p>
          )}
        </>
      )}
    </div>
  );
}

/** LineContextView over the viewer, with a way to the line's own page. */
export function LineContextModal(props: { appId: string; lineRef: string; onClose: () => void }) {
  return (
    <ModalTransition>
      <Modal onClose={props.onClose} width="x-large" testId="line-context-modal">
        <ModalHeader hasCloseButton>
          <ModalTitle>Surrounding lines</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <LineContextView appId={props.appId} lineRef={props.lineRef} />
        </ModalBody>
        <ModalFooter>
          <a href={linePermalinkPath(props.appId, props.lineRef)}>Open as a page</a>
          <Button appearance="primary" onClick={props.onClose}>
            Close
          </Button>
        </ModalFooter>
      </Modal>
    </ModalTransition>
  );
}
