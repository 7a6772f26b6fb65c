'use client';

import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { useState } from 'react';
import { createWebhookSchema } from '@/lib/validations/webhooks';
import { WEBHOOK_EVENT_KIND_NAMES, WEBHOOK_EVENT_KINDS, type WebhookEventKind } from '@/lib/webhooks/event-kinds';
import './webhooks.css';

// Add or edit an endpoint: URL, event types, enabled. The shared schema checks
// the input before it is sent; the server checks it again (and the address).

export type WebhookEndpointDraft = { url: string; eventTypes: WebhookEventKind[]; enabled: boolean };

const DEFAULT_KINDS: WebhookEventKind[] = WEBHOOK_EVENT_KIND_NAMES.filter((kind) => kind !== 'logs.read');

export function WebhookEndpointModal(props: {
  /** null: closed; `initial` null: a new endpoint. */
  open: { initial: WebhookEndpointDraft | null } | null;
  onCancel: () => void;
  onSave: (draft: WebhookEndpointDraft) => Promise<string | null>;
}) {
  return <ModalTransition>{props.open && <EndpointDialog initial={props.open.initial} onCancel={props.onCancel} onSave={props.onSave} />}</ModalTransition>;
}

function EndpointDialog(props: { initial: WebhookEndpointDraft | null; onCancel: () => void; onSave: (draft: WebhookEndpointDraft) => Promise<string | null> }) {
  const [url, setUrl] = useState(props.initial?.url ?? '');
  const [kinds, setKinds] = useState<WebhookEventKind[]>(props.initial?.eventTypes ?? DEFAULT_KINDS);
  const [enabled, setEnabled] = useState(props.initial?.enabled ?? true);
  const [errors, setErrors] = useState<{ url?: string; eventTypes?: string; server?: string }>({});
  const [busy, setBusy] = useState(false);
  const isNew = props.initial === null;

  async function submit() {
    const parsed = createWebhookSchema.safeParse({ url, eventTypes: kinds, enabled });
    if (!parsed.success) {
      const messageOf = (field: string) => parsed.error.issues.find((issue) => issue.path[0] === field)?.message;
      setErrors({ url: messageOf('url'), eventTypes: messageOf('eventTypes') });
      return;
    }
    setErrors({});
    setBusy(true);
    const failure = await props.onSave(parsed.data);
    setBusy(false);
    if (failure) setErrors({ server: failure });
  }

  const toggleKind = (kind: WebhookEventKind) => {
    setKinds((current) => (current.includes(kind) ? current.filter((k) => k !== kind) : [...current, kind]));
    setErrors((current) => ({ ...current, eventTypes: undefined }));
  };

  return (
    <Modal onClose={props.onCancel} width="medium" testId="webhook-endpoint-modal" label={isNew ? 'Add a webhook endpoint' : 'Edit the webhook endpoint'}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <ModalHeader hasCloseButton>
          <ModalTitle>{isNew ? 'Add a webhook endpoint' : 'Edit the webhook endpoint'}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <div className="setting-field">
            <label htmlFor="webhook-url">
              <strong>Endpoint URL</strong>
            </label>
            <Textfield
              id="webhook-url"
              value={url}
              onChange={(event) => {
                setUrl(event.currentTarget.value);
                setErrors((current) => ({ ...current, url: undefined }));
              }}
              placeholder="https://siem.example.com/logshare"
              isInvalid={Boolean(errors.url)}
              aria-describedby="webhook-url-note"
              testId="webhook-url"
              autoFocus
            />
            {errors.url ? (
              <span className="field-error" id="webhook-url-note" data-testid="webhook-url-error">
                {errors.url}
              </span>
            ) : (
              <span className="field-note" id="webhook-url-note">
                https:// to a public address. Logshare POSTs each event as JSON, signed with the endpoint&apos;s secret.
              </span>
            )}
          </div>
          <fieldset className="webhook-kinds" aria-describedby={errors.eventTypes ? 'webhook-kinds-error' : undefined}>
            <legend>
              <strong>Events to send</strong>
            </legend>
            {WEBHOOK_EVENT_KIND_NAMES.map((kind) => (
              <label key={kind} className="webhook-kind">
                <input type="checkbox" checked={kinds.includes(kind)} onChange={() => toggleKind(kind)} data-testid={`webhook-kind-${kind}`} />
                <span>
                  {WEBHOOK_EVENT_KINDS[kind].label} <code className="muted">{kind}</code>
                </span>
              </label>
            ))}
            {errors.eventTypes && (
              <span className="field-error" id="webhook-kinds-error">
                {errors.eventTypes}
              </span>
            )}
          </fieldset>
          <div className="setting">
            <Toggle id="webhook-enabled" isChecked={enabled} onChange={() => setEnabled((v) => !v)} testId="webhook-enabled" />
            <label htmlFor="webhook-enabled">
              <strong>Enabled</strong>
              <span className="field-note">While disabled, no events are queued for the endpoint and queued ones wait.</span>
            </label>
          </div>
          {errors.server && (
            <p className="field-error" role="alert" data-testid="webhook-save-error">
              {errors.server}
            </p>
          )}
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={props.onCancel}>
            Cancel
          </Button>
          <Button type="submit" appearance="primary" isLoading={busy} testId="webhook-save">
            {isNew ? 'Add endpoint' : 'Save'}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}
