'use client';

import Button from '@atlaskit/button/new';
import { useFlags } from '@atlaskit/flag';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '@/components/lib/call-api';

type Props = {
  organizationId: string;
  organizationName: string;
  shareLogsByDefault: boolean;
  technicalContactEmail: string | null;
  canEdit: boolean;
};

export function OrganizationSettingsForm(props: Props) {
  const router = useRouter();
  const { showFlag } = useFlags();
  const [shareByDefault, setShareByDefault] = useState(props.shareLogsByDefault);
  const [contact, setContact] = useState(props.technicalContactEmail ?? '');
  const [saving, setSaving] = useState(false);

  async function save() {
    setSaving(true);
    try {
      await callApi(`/api/v1/organizations/${props.organizationId}`, {
        method: 'PATCH',
        body: { shareLogsByDefault: shareByDefault, technicalContactEmail: contact.trim() || null },
      });
      showFlag({ appearance: 'success', title: 'Settings saved', isAutoDismiss: true, testId: 'settings-flag' });
      router.refresh();
    } catch (error) {
      showFlag({ appearance: 'error', title: 'Settings were not saved', description: error instanceof Error ? error.message : '', isAutoDismiss: true });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      className="settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="setting">
        <Toggle
          id="share-by-default"
          isChecked={shareByDefault}
          isDisabled={!props.canEdit}
          onChange={() => setShareByDefault((v) => !v)}
          testId="share-by-default"
        />
        <label htmlFor="share-by-default">
          <strong>Share logs with vendors of newly installed paid apps by default</strong>
          <span className="field-note">
            When a paid app is installed on any site of {props.organizationName}, its vendor gets log access right away, as if an
            admin had enabled it. The audit log records that the policy granted it. Apps installed before are not changed.
          </span>
        </label>
      </div>
      <div className="setting-field">
        <label htmlFor="technical-contact">
          <strong>Technical contact e-mail</strong>
        </label>
        <Textfield
          id="technical-contact"
          type="email"
          value={contact}
          isDisabled={!props.canEdit}
          onChange={(event) => setContact(event.currentTarget.value)}
          placeholder="it-ops@example.com"
          testId="technical-contact"
        />
        <span className="field-note">Vendors of paid apps see this address as the person to ask about log access. Leave empty to show none.</span>
      </div>
      {props.canEdit ? (
        <Button type="submit" appearance="primary" isLoading={saving} testId="save-settings">
          Save
        </Button>
      ) : (
        <p className="muted">Only organization admins can change these settings.</p>
      )}
    </form>
  );
}
