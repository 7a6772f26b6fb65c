'use client';

import Button from '@atlaskit/button/new';
import Popup from '@atlaskit/popup';
import dynamic from 'next/dynamic';
import { usePathname } from 'next/navigation';
import { useCallback, useState } from 'react';
import { callApi } from '@/components/lib/call-api';
import { describeView, paramsOfView } from '@/components/lib/saved-view-params';
import { formatUtcDateTime } from '@/lib/format';
import type { SavedViewJson } from '@/lib/saved-views/saved-views';

const SavedViewDialogs = dynamic(() => import('@/components/saved-view-dialogs').then((m) => m.SavedViewDialogs), { ssr: false });

// "Save view" and "Views" in the log viewer: the vendor's shared, named
// views of the page URL. Only owners and developers see the viewer, so only
// they see these.

type Listing = { views: SavedViewJson[]; limit: number };

export function SavedViewsMenu(props: { appId: string }) {
  const base = `/api/v1/apps/${props.appId}/saved-views`;
  const [listing, setListing] = useState<Listing | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<SavedViewJson | null>(null);
  // The dialogs' code loads when one is first asked for, and stays mounted after so that they animate out.
  const [dialogsLoaded, setDialogsLoaded] = useState(false);
  if ((saving || deleting) && !dialogsLoaded) setDialogsLoaded(true);
  const closeDialogs = () => {
    setSaving(false);
    setDeleting(null);
  };
  const pathname = usePathname();

  const load = useCallback(async () => {
    try {
      setListing(await callApi<Listing>(base));
      setListError(null);
    } catch (e) {
      setListError(e instanceof Error ? e.message : 'Could not load the saved views.');
    }
  }, [base]);

  function openView(view: SavedViewJson) {
    setOpen(false);
    const params = paramsOfView(view.view).toString();
    // The browser's own history (which Next.js follows): the viewer reads the new view itself, without a server render.
    window.history.pushState(null, '', params ? `${pathname}?${params}` : pathname);
  }

  return (
    <>
      <Popup
        isOpen={open}
        onClose={() => setOpen(false)}
        placement="bottom-end"
        shouldRenderToParent
        content={() => (
          <div className="saved-views-list" data-testid="saved-views-list">
            {listError && <p className="saved-views-note">{listError}</p>}
            {!listing && !listError && <p className="saved-views-note">Loading…</p>}
            {listing && listing.views.length === 0 && <p className="saved-views-note">No saved views yet. Set the filters, then Save view.</p>}
            {listing && listing.views.length > 0 && (
              <ul>
                {listing.views.map((view) => (
                  <li key={view.id} data-testid="saved-view">
                    <button type="button" className="saved-view-open" onClick={() => openView(view)} data-testid={`open-view-${view.name}`}>
                      <span className="saved-view-name">{view.name}</span>
                      <span className="muted" title={describeView(view.view)}>
                        {describeView(view.view)}
                      </span>
                      <span className="muted">
                        {view.createdBy ?? 'A former member'}, {formatUtcDateTime(view.createdAt)}
                      </span>
                    </button>
                    <Button appearance="subtle" spacing="compact" onClick={() => setDeleting(view)} testId={`delete-view-${view.name}`}>
                      Delete
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        trigger={(triggerProps) => (
          <Button
            {...triggerProps}
            isSelected={open}
            onClick={() => {
              if (!open) void load();
              setOpen(!open);
            }}
            testId="saved-views"
          >
            Views
          </Button>
        )}
      />
      <Button onClick={() => setSaving(true)} testId="save-view">
        Save view
      </Button>
      {dialogsLoaded && (
        <SavedViewDialogs
          url={base}
          saving={saving}
          atLimit={listing !== null && listing.views.length >= listing.limit}
          deleting={deleting}
          onClose={closeDialogs}
          onChanged={() => {
            closeDialogs();
            void load();
          }}
        />
      )}
    </>
  );
}

