'use client';

import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { useMemo, useRef, useState } from 'react';
import { formOfScope, GrantScopeFields, scopeOfForm, type ScopeForm } from '@/components/grant-scope-fields';
import { GrantScopePreviewPanel } from '@/components/grant-scope-preview';
import type { GrantScope } from '@/lib/validations/grant-scope';
import { dayToIso, ModalFrame, ShareUntilField, TextField } from '@/components/access-request-fields';
import { formatUtcDateTime } from '@/lib/format';
import { currentTimeZone, localToday } from '@/lib/time/local-days';
import { RequestReason } from '@/components/request-reason';
import { declineNoteSchema, NOTE_MAX, type ReasonCode } from '@/lib/validations/access-requests';

// The admin's side: approving (with an end date, the requested one unless
// changed) or declining (with a note for the vendor) an access request.

export type DecisionTarget = {
  installationId: string;
  vendorName: string;
  appName: string;
  siteUrl: string;
  requestedBy: string | null;
  reason: string;
  reasonCode: ReasonCode;
  ticketReference: string | null;
  requestedExpiresAt: string | null;
  /** An extension request: the end of the grant it extends, when it was asked. */
  extendsGrantEndsAt: string | null;
};

type ApproveProps = {
  request: DecisionTarget | null;
  /** The organization's default scope, which the form starts from (null: the full grant). */
  defaultScope: GrantScope | null;
  busy: boolean;
  onCancel: () => void;
  /** expiresAt: undefined keeps the requested end date; null shares without one. scope: null for the full grant. */
  onApprove: (expiresAt: string | null | undefined, scope: GrantScope | null) => void;
};

export function ApproveAccessRequestModal(props: ApproveProps) {
  return (
    <ModalFrame isOpen={props.request !== null}>
      {() => <ApproveDialog {...props} request={props.request!} />}
    </ModalFrame>
  );
}

/** The local calendar day whose end is the instant (the reverse of endOfLocalDay). */
function dayEndingAt(iso: string | null): string {
  return iso ? localToday(currentTimeZone(), new Date(new Date(iso).getTime() - 1)) : '';
}

function ApproveDialog(props: Omit<ApproveProps, 'request'> & { request: DecisionTarget }) {
  const { request } = props;
  const [requestedDay] = useState(() => dayEndingAt(request.requestedExpiresAt));
  const [until, setUntil] = useState(requestedDay);
  const timeZone = useMemo(() => currentTimeZone(), []);
  const [scopeForm, setScopeForm] = useState<ScopeForm>(() => formOfScope(props.defaultScope, timeZone));
  const { scope, error } = scopeOfForm(scopeForm, timeZone);
  return (
    <Modal onClose={props.onCancel} width="large" testId="approve-access-request-modal">
      <ModalHeader hasCloseButton>
        <ModalTitle>{request.extendsGrantEndsAt ? `Give ${request.vendorName} more time?` : `Approve access for ${request.vendorName}?`}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        {request.extendsGrantEndsAt && (
          <p data-testid="approve-extension-note">
            This moves the end of the grant that now ends {formatUtcDateTime(request.extendsGrantEndsAt)} to the date below; it stays the same grant.
          </p>
        )}
        <p>
          {request.vendorName} will be able to view the logs that {request.appName} writes on {request.siteUrl} in their developer
          console until you disable access or the end date passes. Logs can contain personal data of your users; every read is
          recorded in your audit log.
        </p>
        <RequestSummary request={request} />
        <ShareUntilField id="approve-until" value={until} onChange={setUntil} emptyNote="Leave empty to share until you disable it." />
        <GrantScopeFields id="approve-scope" value={scopeForm} onChange={setScopeForm} error={error} />
        <GrantScopePreviewPanel installationId={request.installationId} scope={scope} isValid={!error} />
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button
          appearance="primary"
          isLoading={props.busy}
          isDisabled={Boolean(error)}
          onClick={() => props.onApprove(until === requestedDay ? undefined : dayToIso(until), scope)}
          testId="confirm-approve"
        >
          Approve
        </Button>
      </ModalFooter>
    </Modal>
  );
}

type DeclineProps = { request: DecisionTarget | null; busy: boolean; onCancel: () => void; onDecline: (note: string) => void };

export function DeclineAccessRequestModal(props: DeclineProps) {
  return (
    <ModalFrame isOpen={props.request !== null}>
      {() => <DeclineDialog {...props} request={props.request!} />}
    </ModalFrame>
  );
}

function DeclineDialog(props: Omit<DeclineProps, 'request'> & { request: DecisionTarget }) {
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);

  function submit() {
    setTried(true);
    const parsed = declineNoteSchema.safeParse(note);
    if (parsed.success) props.onDecline(parsed.data);
  }

  return (
    <Modal onClose={props.onCancel} width="medium" testId="decline-access-request-modal" autoFocus={noteRef}>
      <ModalHeader hasCloseButton>
        <ModalTitle appearance="warning">Decline the request of {props.request.vendorName}?</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <RequestSummary request={props.request} />
        <TextField
          id="decline-note"
          label="Why you decline"
          value={note}
          onChange={setNote}
          schema={declineNoteSchema}
          max={NOTE_MAX}
          showError={tried}
          hint={`${props.request.vendorName} reads this note in their developer console.`}
          textAreaRef={noteRef}
        />
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button appearance="warning" isLoading={props.busy} onClick={submit} testId="confirm-decline">
          Decline
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function RequestSummary(props: { request: DecisionTarget }) {
  const { request } = props;
  return (
    <dl className="request-summary">
      <dt>Asked by</dt>
      <dd>{request.requestedBy ?? request.vendorName}</dd>
      <dt>App</dt>
      <dd>{request.appName}</dd>
      <dt>Reason</dt>
      <dd>
        <RequestReason request={request} />
      </dd>
      {request.extendsGrantEndsAt && (
        <>
          <dt>Extends</dt>
          <dd>The grant ending {formatUtcDateTime(request.extendsGrantEndsAt)}</dd>
        </>
      )}
      <dt>Asked until</dt>
      <dd>{request.requestedExpiresAt ? formatUtcDateTime(request.requestedExpiresAt) : 'No end date'}</dd>
    </dl>
  );
}
