import { Notice } from '@/components/notice';

/** For a vendor member whose role (viewer) sees apps and installations but no log lines. */
export function ViewerRoleNotice() {
  return (
    <Notice appearance="warning" title="Your role cannot read production logs" testId="viewer-role-notice">
      <p>Vendor members with the viewer role see apps and installations, not log lines. Ask an owner of your vendor for the developer role.</p>
    </Notice>
  );
}
