'use client';

import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { useRef, useState } from 'react';
import { dayToIso, ModalFrame, ShareUntilField, TextField } from '@/components/access-request-fields';
import { REASON_MAX, reasonSchema } from '@/lib/validations/access-requests';

// The vendor's side: asking a site for its app's logs. The dialog mounts
// fresh each time it opens, so nothing typed last time lingers.

type RequestProps = {
  isOpen: boolean;
  busy: boolean;
  appName: string;
  siteUrl: string;
  onCancel: () => void;
  /** expiresAt: the first instant after the chosen local day, ISO-8601 UTC; null for no end. */
  onRequest: (input: { reason: string; expiresAt: string | null }) => void;
};

export function RequestAccessModal(props: RequestProps) {
  return (
    <ModalFrame isOpen={props.isOpen}>
      {() => <RequestAccessDialog {...props} />}
    </ModalFrame>
  );
}

function RequestAccessDialog(props: RequestProps) {
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [tried, setTried] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  function submit() {
    setTried(true);
    const parsed = reasonSchema.safeParse(reason);
    if (parsed.success) props.onRequest({ reason: parsed.data, expiresAt: dayToIso(until) });
  }

  return (
    <Modal onClose={props.onCancel} width="medium" testId="request-access-modal" autoFocus={reasonRef}>
      <ModalHeader hasCloseButton>
        <ModalTitle>Request access to {props.appName}&apos;s logs</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <p>
          The admins of <strong>{props.siteUrl}</strong> get your request in their Admin Hub and by e-mail. Nothing is shared until
          one of them approves; you will see their answer here.
        </p>
        <TextField
          id="access-reason"
          label="Reason"
          value={reason}
          onChange={setReason}
          schema={reasonSchema}
          max={REASON_MAX}
          showError={tried}
          hint="Say what you are investigating and why you need this site's logs: at least 10 characters."
          textAreaRef={reasonRef}
        />
        <ShareUntilField id="request-until" value={until} onChange={setUntil} emptyNote="Leave empty to ask for access without an end date." />
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button appearance="primary" isLoading={props.busy} onClick={submit} testId="confirm-request-access">
          Request access
        </Button>
      </ModalFooter>
    </Modal>
  );
}
