import { REASON_CODES, type ReasonCode } from '@/lib/validations/access-requests';

/** Why a vendor asked for a site's logs: the kind of reason and, for a customer-reported problem, the ticket. */
export type Justification = { code: ReasonCode; ticket: string | null };

/** Why a vendor asked, as the pages, e-mails and audit log say it: "Customer-reported problem (ticket SUP-4821)". */
export function describeJustification(code: ReasonCode, ticket: string | null): string {
  return ticket ? `${REASON_CODES[code]} (ticket ${ticket})` : REASON_CODES[code];
}
