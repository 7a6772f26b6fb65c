'use client';

import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import Textfield from '@atlaskit/textfield';
import { useSearchParams } from 'next/navigation';
import { useRef, useState } from 'react';
import { ConfirmModal } from '@/components/confirm-modal';
import { callApi } from '@/components/lib/call-api';
import { describeView, viewOfParams } from '@/components/lib/saved-view-params';
import type { SavedViewJson } from '@/lib/saved-views/saved-views';
import { SAVED_VIEW_BOUNDS, savedViewNameSchema, savedViewStateSchema } from '@/lib/validations/saved-views';

// The Save view and Delete view dialogs of the saved views menu, in a file of
// their own so that the logs page loads their code (the modal's) on demand.

export function SavedViewDialogs(props: {
  url: string;
  saving: boolean;
  atLimit: boolean;
  deleting: SavedViewJson | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { deleting } = props;
  return (
    <>
      <ModalTransition>
        {props.saving && <SaveViewDialog url={props.url} atLimit={props.atLimit} onClose={props.onClose} onSaved={props.onChanged} />}
      </ModalTransition>
      <ConfirmModal
        isOpen={deleting !== null}
        title={`Delete “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete"
        onCancel={props.onClose}
        onConfirm={async () => {
          if (deleting) await callApi(`${props.url}/${deleting.id}`, { method: 'DELETE' });
          props.onChanged();
        }}
        testId="delete-view-modal"
      >
        <p>The view goes for every member of your vendor. The logs stay as they are.</p>
      </ConfirmModal>
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
