'use client';

import Select from '@atlaskit/select';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { AUDIT_ACTIONS, auditActionLabel } from '@/lib/audit/describe-audit-event';

type Option = { label: string; value: string };

/** App and action filters for the audit log; they live in the URL so a view can be shared. */
export function AuditLogFilters(props: { apps: { id: string; name: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();

  function set(key: 'app' | 'action', value: string | undefined) {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    router.push(next.size ? `${pathname}?${next}` : pathname);
  }

  const appOptions: Option[] = [{ label: 'All apps', value: '' }, ...props.apps.map((a) => ({ label: a.name, value: a.id }))];
  const actionOptions: Option[] = [{ label: 'All actions', value: '' }, ...AUDIT_ACTIONS.map((a) => ({ label: auditActionLabel(a), value: a }))];
  const selected = (options: Option[], key: string) => options.find((o) => o.value === (params.get(key) ?? '')) ?? options[0];

  return (
    <div className="filter-bar">
      <div style={{ width: 240 }}>
        <Select<Option>
          inputId="audit-filter-app"
          aria-label="Filter by app"
          options={appOptions}
          value={selected(appOptions, 'app')}
          onChange={(o) => set('app', o?.value || undefined)}
          testId="audit-filter-app"
        />
      </div>
      <div style={{ width: 260 }}>
        <Select<Option>
          inputId="audit-filter-action"
          aria-label="Filter by action"
          options={actionOptions}
          value={selected(actionOptions, 'action')}
          onChange={(o) => set('action', o?.value || undefined)}
          testId="audit-filter-action"
        />
      </div>
    </div>
  );
}
