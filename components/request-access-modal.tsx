'use client';

import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useRef, useState } from 'react';
import { dayToIso, ModalFrame, ShareUntilField, TextField } from '@/components/access-request-fields';
import { formatUtcDateTime } from '@/lib/format';
import { addDays, currentTimeZone, localToday } from '@/lib/time/local-days';
import { REASON_CODES, REASON_MAX, reasonSchema, TICKET_MAX, type ReasonCode } from '@/lib/validations/access-requests';

type CodeOption = { label: string; value: ReasonCode };
const CODE_OPTIONS: CodeOption[] = Object.entries(REASON_CODES).map(([value, label]) => ({ value: value as ReasonCode, label }));

// The vendor's side: asking a site for its app's logs, or for more time on
// the grant it shares them under (`extending`: then the new end date is
// required and later than the current one). The dialog mounts fresh each
// time it opens, so nothing typed last time lingers.

type RequestProps = {
  isOpen: boolean;
  busy: boolean;
  appName: string;
  siteUrl: string;
  /** Asking for more time: the grant and its current end. */
  extending?: { grantId: string; endsAt: string } | null;
  onCancel: () => void;
  /** expiresAt: the first instant after the chosen local day, ISO-8601 UTC; null for no end. */
  onRequest: (input: { reason: string; reasonCode: ReasonCode; ticketReference: string | null; expiresAt: string | null; extendsGrantId?: string }) => void;
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
  const [code, setCode] = useState<CodeOption | null>(null);
  const [ticket, setTicket] = useState('');
  const [until, setUntil] = useState('');
  const [tried, setTried] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const needsTicket = code?.value === 'customer_reported';
  const ticketError = needsTicket && !ticket.trim() ? "Name the customer's ticket, so the admins can match your request to it." : null;

  const { extending } = props;
  const untilError = extending && !until ? 'Choose the new end date.' : null;

  function submit() {
    setTried(true);
    const parsed = reasonSchema.safeParse(reason);
    if (!parsed.success || !code || ticketError || untilError) return;
    const input = { reason: parsed.data, reasonCode: code.value, ticketReference: ticket.trim() || null, expiresAt: dayToIso(until) };
    props.onRequest(extending ? { ...input, extendsGrantId: extending.grantId } : input);
  }

  return (
    <Modal onClose={props.onCancel} width="medium" testId="request-access-modal" autoFocus={reasonRef}>
      <ModalHeader hasCloseButton>
        <ModalTitle>{extending ? `Ask for more time with ${props.appName}'s logs` : `Request access to ${props.appName}'s logs`}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        {extending ? (
          <p>
            <strong>{props.siteUrl}</strong> shares these logs with you until <strong>{formatUtcDateTime(extending.endsAt)}</strong>. Its
            admins get your request in their Admin Hub and by e-mail; access ends as planned unless one of them approves.
          </p>
        ) : (
          <p>
            The admins of <strong>{props.siteUrl}</strong> get your request in their Admin Hub and by e-mail. Nothing is shared until
            one of them approves; you will see their answer here.
          </p>
        )}
        <div className="form-field">
          <label htmlFor="access-reason-code">Kind of reason</label>
          <Select<CodeOption>
            inputId="access-reason-code"
            options={CODE_OPTIONS}
            value={code}
            onChange={(o) => setCode(o)}
            placeholder="Choose one"
            isInvalid={tried && !code}
            testId="access-reason-code"
          />
          {tried && !code && <div className="field-note field-error">Choose the kind of reason.</div>}
        </div>
        {needsTicket && (
          <div className="form-field">
            <label htmlFor="access-ticket">Customer&apos;s ticket</label>
            <Textfield
              id="access-ticket"
              value={ticket}
              onChange={(e) => setTicket(e.currentTarget.value)}
              maxLength={TICKET_MAX}
              isInvalid={tried && Boolean(ticketError)}
              placeholder="e.g. SUP-4821"
              testId="access-ticket"
            />
            <div className={tried && ticketError ? 'field-note field-error' : 'field-note'}>{tried && ticketError ? ticketError : 'The reference the customer gave you.'}</div>
          </div>
        )}
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
        {extending ? (
          <>
            <ShareUntilField
              id="request-until"
              value={until}
              onChange={setUntil}
              emptyNote="Choose the day access should now end."
              firstDay={addDays(localToday(currentTimeZone(), new Date(new Date(extending.endsAt).getTime() - 1)), 1)}
              required
            />
            {tried && untilError && <div className="field-note field-error">{untilError}</div>}
          </>
        ) : (
          <ShareUntilField id="request-until" value={until} onChange={setUntil} emptyNote="Leave empty to ask for access without an end date." />
        )}
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button appearance="primary" isLoading={props.busy} onClick={submit} testId="confirm-request-access">
          {extending ? 'Ask for more time' : 'Request access'}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
