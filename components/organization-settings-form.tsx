'use client';

import Button from '@atlaskit/button/new';
import { useFlags } from '@atlaskit/flag';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { formOfScope, GrantScopeFields, scopeOfForm, type ScopeForm } from '@/components/grant-scope-fields';
import { currentTimeZone } from '@/lib/time/local-days';
import type { GrantScope } from '@/lib/validations/grant-scope';
import { callApi } from '@/components/lib/call-api';
import { REASON_CODES, type ReasonCode } from '@/lib/validations/access-requests';

type Option<V extends string = string> = { label: string; value: V };

export type SharingPolicyProps = {
  neverShareVendorIds: string[];
  maxGrantDays: number | null;
  autoApproveVendorIds: string[];
  autoApproveReasonCodes: ReasonCode[];
  /** The scope of every new grant unless an admin chooses another; null: the full grant. */
  defaultGrantScope: GrantScope | null;
};

type Props = {
  organizationId: string;
  organizationName: string;
  shareLogsByDefault: boolean;
  technicalContactEmail: string | null;
  policy: SharingPolicyProps;
  vendors: { id: string; name: string }[];
  canEdit: boolean;
};

const CODE_OPTIONS: Option<ReasonCode>[] = Object.entries(REASON_CODES).map(([value, label]) => ({ value: value as ReasonCode, label }));

export function OrganizationSettingsForm(props: Props) {
  const router = useRouter();
  const { showFlag } = useFlags();
  const [shareByDefault, setShareByDefault] = useState(props.shareLogsByDefault);
  const [contact, setContact] = useState(props.technicalContactEmail ?? '');
  const vendorOptions: Option[] = props.vendors.map((v) => ({ value: v.id, label: v.name }));
  const vendorsOf = (ids: string[]) => vendorOptions.filter((o) => ids.includes(o.value));
  const [neverShare, setNeverShare] = useState(vendorsOf(props.policy.neverShareVendorIds));
  const [maxDays, setMaxDays] = useState(props.policy.maxGrantDays?.toString() ?? '');
  const [autoVendors, setAutoVendors] = useState(vendorsOf(props.policy.autoApproveVendorIds));
  const [autoCodes, setAutoCodes] = useState(CODE_OPTIONS.filter((o) => props.policy.autoApproveReasonCodes.includes(o.value)));
  const [saving, setSaving] = useState(false);
  const timeZone = useMemo(() => currentTimeZone(), []);
  const [scopeForm, setScopeForm] = useState<ScopeForm>(() => formOfScope(props.policy.defaultGrantScope, timeZone));
  const defaultScope = scopeOfForm(scopeForm, timeZone);

  async function save() {
    if (defaultScope.error) return;
    setSaving(true);
    try {
      await callApi(`/api/v1/organizations/${props.organizationId}`, {
        method: 'PATCH',
        body: {
          shareLogsByDefault: shareByDefault,
          technicalContactEmail: contact.trim() || null,
          neverShareVendorIds: neverShare.map((o) => o.value),
          maxGrantDays: maxDays.trim() ? Number(maxDays) : null,
          autoApproveVendorIds: autoVendors.map((o) => o.value),
          autoApproveReasonCodes: autoCodes.map((o) => o.value),
          defaultGrantScope: defaultScope.scope,
        },
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
      data-organization-id={props.organizationId}
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
        <label htmlFor="never-share">
          <strong>Never share logs with</strong>
        </label>
        <Select<Option, true>
          inputId="never-share"
          isMulti
          options={vendorOptions}
          value={neverShare}
          onChange={(v) => setNeverShare([...v])}
          isDisabled={!props.canEdit}
          placeholder="No vendor"
          testId="never-share"
        />
        <span className="field-note">These vendors get no log access on any site of {props.organizationName}, and cannot ask for it.</span>
      </div>
      <div className="setting-field">
        <label htmlFor="max-grant-days">
          <strong>Longest log access, in days</strong>
        </label>
        <Textfield
          id="max-grant-days"
          type="number"
          min={1}
          max={365}
          value={maxDays}
          isDisabled={!props.canEdit}
          onChange={(event) => setMaxDays(event.currentTarget.value)}
          placeholder="No limit"
          testId="max-grant-days"
        />
        <span className="field-note">With a limit, every grant needs an end date at most this many days ahead (1-365). Leave empty for no limit.</span>
      </div>
      <div className="setting-field">
        <label htmlFor="auto-approve-vendors">
          <strong>Approve access requests automatically from</strong>
        </label>
        <Select<Option, true>
          inputId="auto-approve-vendors"
          isMulti
          options={vendorOptions}
          value={autoVendors}
          onChange={(v) => setAutoVendors([...v])}
          isDisabled={!props.canEdit}
          placeholder="No vendor"
          testId="auto-approve-vendors"
        />
        <label htmlFor="auto-approve-reasons" className="sub-label">
          when the kind of reason is
        </label>
        <Select<Option<ReasonCode>, true>
          inputId="auto-approve-reasons"
          isMulti
          options={CODE_OPTIONS}
          value={autoCodes}
          onChange={(v) => setAutoCodes([...v])}
          isDisabled={!props.canEdit}
          placeholder="No kind of reason"
          testId="auto-approve-reasons"
        />
        <span className="field-note">
          Such a request is approved at once (within the longest log access), recorded as approved by the policy; no admin is asked.
        </span>
      </div>
      <div className="setting-field" data-testid="default-scope">
        <strong>Default scope of new grants</strong>
        <GrantScopeFields id="default-scope" value={scopeForm} onChange={setScopeForm} error={defaultScope.error} isDisabled={!props.canEdit} />
        <span className="field-note">
          Every new grant (an admin enabling or approving, a request approved by the policy, sharing by default at install) starts
          with this scope; an admin enabling or approving can change it for that grant.
        </span>
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
