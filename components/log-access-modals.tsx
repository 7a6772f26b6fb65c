'use client';

import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { useMemo, useState } from 'react';
import { ModalDatePicker } from '@/components/modal-date-picker';
import { formOfScope, GrantScopeFields, scopeOfForm, type ScopeForm } from '@/components/grant-scope-fields';
import { GrantScopePreviewPanel } from '@/components/grant-scope-preview';
import { addDays, currentTimeZone, endOfLocalDay, localToday } from '@/lib/time/local-days';
import type { GrantScope } from '@/lib/validations/grant-scope';

type EnableProps = {
  isOpen: boolean;
  installationId: string;
  /** The organization's default scope, which the form starts from (null: the full grant). */
  defaultScope: GrantScope | null;
  busy: boolean;
  appName: string;
  vendorName: string;
  siteUrl: string;
  onCancel: () => void;
  /** expiresAt: the first instant after the chosen local day, as ISO-8601 UTC; null for no end. scope: null for the full grant. */
  onEnable: (expiresAt: string | null, scope: GrantScope | null) => void;
};

export function EnableLogAccessModal(props: EnableProps) {
  const [until, setUntil] = useState('');
  const timeZone = useMemo(() => currentTimeZone(), []);
  const [scopeForm, setScopeForm] = useState<ScopeForm>(() => formOfScope(props.defaultScope, timeZone));
  const today = localToday(timeZone);
  const expiresAt = until ? endOfLocalDay(until, timeZone) : null;
  const { scope, error } = scopeOfForm(scopeForm, timeZone);

  return (
    <ModalTransition>
      {props.isOpen && (
        <Modal onClose={props.onCancel} width="large" testId="enable-log-access-modal">
          <ModalHeader hasCloseButton>
            <ModalTitle>Enable log access for {props.vendorName}?</ModalTitle>
          </ModalHeader>
          <ModalBody>
            <p>
              {props.vendorName} will be able to view the logs that {props.appName} writes on {props.siteUrl} in their developer
              console, as they are written, until you disable access or the end date below passes.
            </p>
            <ul>
              <li>They can search and filter the logs and download what they see.</li>
              <li>Logs can contain personal or confidential data that the app recorded. Share only if your agreements with the vendor allow it.</li>
              <li>Each time they read the logs, it is recorded in your audit log.</li>
            </ul>
            <label htmlFor="share-until" style={{ fontWeight: 600, display: 'block', marginTop: 16 }}>
              Share until (optional)
            </label>
            <ModalDatePicker
              id="share-until"
              value={until}
              onChange={setUntil}
              minDate={addDays(today, 1)}
              placeholder="No end date"
              clearControlLabel="Clear end date"
              inputLabel="Share until"
              testId="share-until"
            />
            <div className="field-note" data-testid="share-until-note">
              {expiresAt
                ? `Access ends at the end of ${until} in your time zone (${timeZone}), ${expiresAt.toISOString().replace('.000Z', 'Z')} UTC.`
                : `Leave empty to share until you disable it. Dates are in your time zone (${timeZone}).`}
            </div>
            <GrantScopeFields id="enable-scope" value={scopeForm} onChange={setScopeForm} error={error} />
            <GrantScopePreviewPanel installationId={props.installationId} scope={scope} isValid={!error} />
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button
              appearance="primary"
              isLoading={props.busy}
              isDisabled={Boolean(error)}
              onClick={() => props.onEnable(expiresAt?.toISOString() ?? null, scope)}
              testId="confirm-enable"
            >
              Enable
            </Button>
          </ModalFooter>
        </Modal>
      )}
    </ModalTransition>
  );
}

type DisableProps = { isOpen: boolean; busy: boolean; appName: string; vendorName: string; onCancel: () => void; onDisable: () => void };

export function DisableLogAccessModal(props: DisableProps) {
  return (
    <ModalTransition>
      {props.isOpen && (
        <Modal onClose={props.onCancel} width="small" testId="disable-log-access-modal">
          <ModalHeader hasCloseButton>
            <ModalTitle appearance="warning">Disable log access?</ModalTitle>
          </ModalHeader>
          <ModalBody>
            <p>
              {props.vendorName} loses access to {props.appName}&apos;s logs at once, including any view they have open. You can
              enable it again later.
            </p>
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button appearance="warning" isLoading={props.busy} onClick={props.onDisable} testId="confirm-disable">
              Disable
            </Button>
          </ModalFooter>
        </Modal>
      )}
    </ModalTransition>
  );
}
