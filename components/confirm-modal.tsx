'use client';

import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { useState, type ReactNode } from 'react';

/**
 * "Are you sure?" before an action that cannot be undone; the button names
 * the action. An onConfirm that throws keeps the dialog open with the
 * error's message in it, to retry or cancel.
 */
export function ConfirmModal(props: {
  isOpen: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  onCancel: () => void;
  testId: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'That did not work; try again.');
    } finally {
      setBusy(false);
    }
  }
  function cancel() {
    setError(null);
    props.onCancel();
  }
  return (
    <ModalTransition>
      {props.isOpen && (
        <Modal onClose={cancel} width="small" testId={props.testId} label={props.title}>
          <ModalHeader hasCloseButton>
            <ModalTitle appearance="danger">{props.title}</ModalTitle>
          </ModalHeader>
          <ModalBody>
            {props.children}
            {error && (
              <p className="field-error" role="alert">
                {error}
              </p>
            )}
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={cancel}>
              Cancel
            </Button>
            <Button appearance="danger" isLoading={busy} onClick={() => void confirm()} testId={`${props.testId}-confirm`}>
              {props.confirmLabel}
            </Button>
          </ModalFooter>
        </Modal>
      )}
    </ModalTransition>
  );
}
