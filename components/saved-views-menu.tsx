'use client';

import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import Popup from '@atlaskit/popup';
import Textfield from '@atlaskit/textfield';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useRef, useState } from 'react';
import { callApi } from '@/components/lib/call-api';
import { describeView, paramsOfView, viewOfParams } from '@/components/lib/saved-view-params';
import { formatUtcDateTime } from '@/lib/format';
import type { SavedViewJson } from '@/lib/saved-views/saved-views';
import { SAVED_VIEW_BOUNDS, savedViewNameSchema, savedViewStateSchema } from '@/lib/validations/saved-views';

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
      <ModalTransition>
        {saving && (
          <SaveViewDialog
            url={base}
            atLimit={listing !== null && listing.views.length >= listing.limit}
            onClose={() => setSaving(false)}
            onSaved={() => {
              setSaving(false);
              void load();
            }}
          />
        )}
        {deleting && (
          <DeleteViewDialog
            view={deleting}
            url={`${base}/${deleting.id}`}
            onClose={() => setDeleting(null)}
            onDeleted={() => {
              setDeleting(null);
              void load();
            }}
          />
        )}
      </ModalTransition>
    </>
  );
}

function SaveViewDialog(props: { url: string; atLimit: boolean; onClose: () => void; onSaved: () => void }) {
  const searchParams = useSearchParams();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const view = viewOfParams(new URLSearchParams(searchParams.toString()));

  async function save() {
    const parsedName = savedViewNameSchema.safeParse(name);
    const parsedView = savedViewStateSchema.safeParse(view);
    if (!parsedName.success) return setError(parsedName.error.issues[0]?.message ?? 'Check the name.');
    if (!parsedView.success) return setError(`This view cannot be saved: ${parsedView.error.issues[0]?.message ?? 'check the filters'}.`);
    setBusy(true);
    try {
      await callApi(props.url, { method: 'POST', body: { name: parsedName.data, view } });
      props.onSaved();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not save the view.');
      setBusy(false);
    }
  }

  return (
    <Modal onClose={props.onClose} width="small" testId="save-view-modal" autoFocus={nameRef}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <ModalHeader hasCloseButton>
          <ModalTitle>Save this view</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <p data-testid="save-view-summary">{describeView(view)}. Every owner and developer of your vendor sees it under Views.</p>
          <div className="form-field">
            <label htmlFor="saved-view-name">Name</label>
            <Textfield
              id="saved-view-name"
              ref={nameRef}
              value={name}
              maxLength={SAVED_VIEW_BOUNDS.name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setError(null);
              }}
              placeholder="e.g. Payroll errors, last 24 hours"
              testId="saved-view-name"
            />
          </div>
          {error && (
            <p className="field-error" role="alert" data-testid="save-view-error">
              {error}
            </p>
          )}
          {props.atLimit && <p className="muted">This app has as many saved views as it may keep: delete one first.</p>}
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" appearance="primary" isLoading={busy} testId="confirm-save-view">
            Save
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}

function DeleteViewDialog(props: { view: SavedViewJson; url: string; onClose: () => void; onDeleted: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function remove() {
    setBusy(true);
    try {
      await callApi(props.url, { method: 'DELETE' });
      props.onDeleted();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not delete the view.');
      setBusy(false);
    }
  }

  return (
    <Modal onClose={props.onClose} width="small" testId="delete-view-modal">
      <ModalHeader hasCloseButton>
        <ModalTitle appearance="danger">Delete “{props.view.name}”?</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <p>The view goes for every member of your vendor. The logs stay as they are.</p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={props.onClose}>
          Cancel
        </Button>
        <Button appearance="danger" isLoading={busy} onClick={() => void remove()} testId="confirm-delete-view">
          Delete
        </Button>
      </ModalFooter>
    </Modal>
  );
}
