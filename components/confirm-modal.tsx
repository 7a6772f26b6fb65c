'use client';

import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { useState, type ReactNode } from 'react';

/** "Are you sure?" before an action that cannot be undone; the button names the action. */
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
  async function confirm() {
    setBusy(true);
    try {
      await props.onConfirm();
    } finally {
      setBusy(false);
    }
  }
  return (
    <ModalTransition>
      {props.isOpen && (
        <Modal onClose={props.onCancel} width="small" testId={props.testId} label={props.title}>
          <ModalHeader hasCloseButton>
            <ModalTitle appearance="danger">{props.title}</ModalTitle>
          </ModalHeader>
          <ModalBody>{props.children}</ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={props.onCancel}>
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
