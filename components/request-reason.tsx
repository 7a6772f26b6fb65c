import { describeJustification } from '@/lib/access-requests/justification';
import type { ReasonCode } from '@/lib/validations/access-requests';

/** An access request's reason as the admins read it: its kind (and ticket), then the vendor's words. */
export function RequestReason(props: { request: { reason: string; reasonCode: ReasonCode; ticketReference: string | null } }) {
  const { request } = props;
  return (
    <div className="request-reason">
      <strong data-testid="request-justification">{describeJustification(request.reasonCode, request.ticketReference)}</strong>
      <div>{request.reason}</div>
    </div>
  );
}
