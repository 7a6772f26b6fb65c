import { useEffect, useRef, useState } from 'react';
import { callApi } from '@/components/lib/call-api';

// While the viewer is open, a site may stop sharing (its admin disables
// access, or the grant's end date passes). The page asks the app's light
// log-sources endpoint (no lines, no audit row) every few seconds and when
// the tab comes back into view, and names the installations that shared when
// the page opened and share no more, so their lines go at once.

export type SharingSource = { installationId: string; site: string; environment: string };
type Sources = { shared: SharingSource[] };

export const SHARING_POLL_MS = 5_000;

export function useSharingWatch(appId: string, sharedAtOpen: SharingSource[]): SharingSource[] {
  const [stopped, setStopped] = useState<SharingSource[]>([]);
  // Every installation seen sharing since the page opened: a later render of the page no longer lists a revoked one.
  const known = useRef(new Map<string, SharingSource>());
  useEffect(() => {
    for (const source of sharedAtOpen) known.current.set(source.installationId, source);
    let cancelled = false;
    async function check() {
      if (document.visibilityState === 'hidden') return;
      try {
        const { shared } = await callApi<Sources>(`/api/v1/apps/${appId}/log-sources`);
        if (cancelled) return;
        for (const source of shared) known.current.set(source.installationId, source);
        const now = new Set(shared.map((s) => s.installationId));
        // A site that shares again drops out of the list; its lines return with the next read.
        setStopped((before) => sameIds(before, [...known.current.values()].filter((s) => !now.has(s.installationId))));
      } catch {
        // A failed look changes nothing: the next one tries again, and reads of lines are checked by the server anyway.
      }
    }
    const timer = setInterval(() => void check(), SHARING_POLL_MS);
    const onVisible = () => void check();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      cancelled = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [appId, sharedAtOpen]);
  return stopped;
}

/** Keeps the previous array when nothing changed, so the page does not render again for nothing. */
function sameIds(before: SharingSource[], after: SharingSource[]): SharingSource[] {
  return before.length === after.length && before.every((s, i) => s.installationId === after[i]?.installationId) ? before : after;
}
