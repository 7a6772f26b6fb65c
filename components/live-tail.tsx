'use client';

import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { useEffect, useRef, useState } from 'react';
import { LogPreviewTable, type TableLine } from '@/components/log-preview-table';
import { filtersToParams, type ViewerFilters } from '@/components/lib/viewer-query';

const KEEP = 200;

/** New lines as they arrive (Server-Sent Events), newest on top, with pause and resume. */
export function LiveTail(props: { appId: string; filters: ViewerFilters }) {
  const [lines, setLines] = useState<TableLine[]>([]);
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState<TableLine[]>([]);
  const [ended, setEnded] = useState<string | null>(null);
  // The server's `ready`: from then on, every new line comes (a line written before it may not).
  const [following, setFollowing] = useState(false);
  // Lines the server skipped because this page could not take them as fast as they came.
  const [skipped, setSkipped] = useState(0);
  // Read by the event handler, which must not restart the stream when pausing.
  const pausedRef = useRef(false);

  useEffect(() => {
    const query = filtersToParams({ ...props.filters, range: '24h', columns: [] });
    const source = new EventSource(`/api/v1/apps/${props.appId}/logs/tail?${query}`);
    source.addEventListener('ready', () => setFollowing(true));
    source.addEventListener('lines', (event) => {
      const incoming = (JSON.parse((event as MessageEvent<string>).data) as TableLine[]).reverse();
      if (pausedRef.current) setHeld((h) => [...incoming, ...h].slice(0, KEEP));
      else setLines((l) => [...incoming, ...l].slice(0, KEEP));
    });
    source.addEventListener('gap', (event) => {
      const gap = JSON.parse((event as MessageEvent<string>).data) as { skipped: number };
      setSkipped((n) => n + gap.skipped);
    });
    source.addEventListener('end', (event) => {
      setEnded((JSON.parse((event as MessageEvent<string>).data) as { message: string }).message);
      source.close();
    });
    source.onerror = () => {
      // The server refused or went away: say so instead of reconnecting for ever.
      if (source.readyState !== EventSource.OPEN) {
        setEnded((e) => e ?? 'The live tail stopped: the logs are no longer available to you, or the connection was lost.');
        source.close();
      }
    };
    return () => {
      source.close();
      setFollowing(false);
    };
  }, [props.appId, props.filters]);

  function pause() {
    pausedRef.current = true;
    setPaused(true);
  }

  function resume() {
    pausedRef.current = false;
    setLines((l) => [...held, ...l].slice(0, KEEP));
    setHeld([]);
    setPaused(false);
  }

  return (
    <div className="tail-box" data-testid="live-tail">
      {ended ? (
        <SectionMessage appearance="warning" title="Live tail ended" testId="live-tail-ended">
          <p>{ended}</p>
        </SectionMessage>
      ) : (
        <div className="viewer-actions">
          <span className="muted" data-testid="live-tail-status">
            {paused
              ? `Paused; ${held.length} new line${held.length === 1 ? '' : 's'} waiting`
              : following
                ? 'Following new lines as they arrive…'
                : 'Connecting to the live tail…'}
          </span>
          <Button spacing="compact" onClick={paused ? resume : pause} testId="live-tail-pause">
            {paused ? 'Resume' : 'Pause'}
          </Button>
        </div>
      )}
      {skipped > 0 && (
        <SectionMessage appearance="information" title="Sampling" testId="live-tail-sampling">
          <p>
            Lines came faster than this page could show them, so the live tail skipped {skipped.toLocaleString('en')} line{skipped === 1 ? '' : 's'} to keep
            up. Every line is in the log viewer.
          </p>
        </SectionMessage>
      )}
      {lines.length > 0 && <LogPreviewTable lines={lines} />}
    </div>
  );
}
