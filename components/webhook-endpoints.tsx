'use client';

import Button, { LinkButton } from '@atlaskit/button/new';
import { useFlags } from '@atlaskit/flag';
import Lozenge from '@atlaskit/lozenge';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmModal } from '@/components/confirm-modal';
import { callApi } from '@/components/lib/call-api';
import { NewTokenSecret } from '@/components/use-token-actions';
import { WebhookEndpointModal, type WebhookEndpointDraft } from '@/components/webhook-endpoint-modal';
import type { WebhookDeliveryJson } from '@/lib/webhooks/list-webhook-deliveries';
import type { WebhookEndpointJson } from '@/lib/webhooks/webhook-endpoints';
import './webhooks.css';

// The organization's endpoints: add (the secret is shown once), edit, enable
// or disable, send a test event, delete after a confirmation. Site admins see
// the list without the buttons that change it.

export function WebhookEndpoints(props: { organizationId: string; endpoints: WebhookEndpointJson[]; canEdit: boolean; logPath: string; selectedId: string | null }) {
  const logHref = (endpointId: string) => (endpointId ? `${props.logPath}?endpoint=${encodeURIComponent(endpointId)}` : props.logPath);
  const router = useRouter();
  const { showFlag } = useFlags();
  const [editing, setEditing] = useState<{ endpoint: WebhookEndpointJson | null } | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpointJson | null>(null);
  const [rotating, setRotating] = useState<WebhookEndpointJson | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const base = `/api/v1/organizations/${props.organizationId}/webhooks`;
  const failed = (title: string, error: unknown) => showFlag({ appearance: 'error', title, description: error instanceof Error ? error.message : '', isAutoDismiss: true });

  async function save(draft: WebhookEndpointDraft): Promise<string | null> {
    try {
      if (editing?.endpoint) {
        await callApi(`${base}/${editing.endpoint.id}`, { method: 'PATCH', body: draft });
        showFlag({ appearance: 'success', title: 'Endpoint saved', isAutoDismiss: true, testId: 'webhook-flag' });
      } else {
        const created = await callApi<{ secret: string }>(base, { method: 'POST', body: draft });
        setSecret(created.secret);
      }
      setEditing(null);
      router.refresh();
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : 'The endpoint was not saved.';
    }
  }

  async function setEnabled(endpoint: WebhookEndpointJson, enabled: boolean) {
    try {
      await callApi(`${base}/${endpoint.id}`, { method: 'PATCH', body: { enabled } });
      router.refresh();
    } catch (error) {
      failed('The endpoint was not changed', error);
    }
  }

  async function sendTest(endpoint: WebhookEndpointJson) {
    setTesting(endpoint.id);
    try {
      const { delivery } = await callApi<{ delivery: WebhookDeliveryJson | null }>(`${base}/${endpoint.id}/test`, { method: 'POST' });
      if (delivery?.state === 'delivered') {
        showFlag({ appearance: 'success', title: 'Test event delivered', description: `The endpoint answered ${delivery.lastStatus}.`, isAutoDismiss: true, testId: 'webhook-test-flag' });
      } else {
        showFlag({ appearance: 'warning', title: 'The test event was not delivered', description: `${delivery?.lastError ?? ''}. It will be retried; see the delivery log.`, isAutoDismiss: true, testId: 'webhook-test-flag' });
      }
      router.push(logHref(endpoint.id));
      router.refresh();
    } catch (error) {
      failed('The test event was not sent', error);
    } finally {
      setTesting(null);
    }
  }

  const rows = props.endpoints.map((endpoint) => (
    <tr key={endpoint.id} data-testid="webhook-row">
      <td data-label="Endpoint" className="webhook-endpoint-url">
        <code>{endpoint.url}</code>
      </td>
      <td data-label="Events">{endpoint.eventTypes.join(', ')}</td>
      <td data-label="State">
        <Lozenge appearance={endpoint.enabled ? 'success' : 'default'}>{endpoint.enabled ? 'Enabled' : 'Disabled'}</Lozenge>
      </td>
      <td>
        <div className="webhook-row-actions">
          <LinkButton appearance="subtle" href={logHref(endpoint.id)} isSelected={props.selectedId === endpoint.id} testId="webhook-log-link">
            Delivery log
          </LinkButton>
          {props.canEdit && (
            <>
              <Button appearance="subtle" isLoading={testing === endpoint.id} onClick={() => void sendTest(endpoint)} testId="webhook-send-test">
                Send test event
              </Button>
              <Button appearance="subtle" onClick={() => setEditing({ endpoint })} testId="webhook-edit">
                Edit
              </Button>
              <Button appearance="subtle" onClick={() => void setEnabled(endpoint, !endpoint.enabled)} testId="webhook-toggle">
                {endpoint.enabled ? 'Disable' : 'Enable'}
              </Button>
              <Button appearance="subtle" onClick={() => setRotating(endpoint)} testId="webhook-rotate">
                New secret
              </Button>
              <Button appearance="subtle" onClick={() => setDeleting(endpoint)} testId="webhook-delete">
                Delete
              </Button>
            </>
          )}
        </div>
      </td>
    </tr>
  ));

  return (
    <section className="webhook-endpoints" aria-label="Endpoints">
      {props.canEdit && (
        <div className="filter-bar">
          <Button appearance="primary" onClick={() => setEditing({ endpoint: null })} testId="webhook-add">
            Add endpoint
          </Button>
        </div>
      )}
      {secret && (
        <NewTokenSecret title="Copy the endpoint’s signing secret now" secret={secret} testId="webhook-secret" />
      )}
      <div className="webhook-table-scroll">
        <table className="webhook-table" data-testid="webhook-endpoints">
          <caption>Endpoints</caption>
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              <th scope="col">Events</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>{rows}</tbody>
        </table>
        {rows.length === 0 && <p className="webhook-empty">No endpoints yet.</p>}
      </div>
      <WebhookEndpointModal
        open={editing ? { initial: editing.endpoint } : null}
        onCancel={() => setEditing(null)}
        onSave={save}
      />
      <ConfirmModal
        isOpen={rotating !== null}
        title="Replace the signing secret?"
        confirmLabel="Replace secret"
        onCancel={() => setRotating(null)}
        onConfirm={async () => {
          try {
            if (rotating) setSecret((await callApi<{ secret: string }>(`${base}/${rotating.id}/rotate-secret`, { method: 'POST' })).secret);
          } catch (error) {
            failed('The secret was not replaced', error);
          }
          setRotating(null);
        }}
        testId="webhook-rotate-dialog"
      >
        <p>
          Events to <code>{rotating?.url}</code> are signed with a new secret from now on, retries included; a receiver that still
          checks the old one refuses them until it has the new one.
        </p>
      </ConfirmModal>
      <ConfirmModal
        isOpen={deleting !== null}
        title="Delete the webhook endpoint?"
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          try {
            if (deleting) await callApi(`${base}/${deleting.id}`, { method: 'DELETE' });
            router.push(logHref(''));
            router.refresh();
          } catch (error) {
            failed('The endpoint was not deleted', error);
          }
          setDeleting(null);
        }}
        testId="webhook-delete-dialog"
      >
        <p>
          Events stop going to <code>{deleting?.url}</code> at once, queued ones are dropped, and its delivery log is deleted. To pause
          it instead, disable it.
        </p>
      </ConfirmModal>
    </section>
  );
}
