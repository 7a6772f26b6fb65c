import type { AccessReasonCode, AccessRequestStatus } from '@/lib/generated/prisma/enums';
import type { ApiAccessRequestStatus, ReasonCode } from '@/lib/validations/access-requests';

// An access request as the API and the pages serve it. Vendors see the
// decision and its note, not which admin made it (as with grants).

export type AccessRequestJson = {
  id: string;
  installationId: string;
  app: { id: string; name: string };
  vendor: { id: string; name: string };
  site: { id: string; url: string };
  product: string;
  environment: string;
  status: ApiAccessRequestStatus;
  reason: string;
  reasonCode: ReasonCode;
  ticketReference: string | null;
  requestedExpiresAt: string | null;
  requestedBy: string | null;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  /** For an extension request: the grant it extends and that grant's end date when it was asked; null for a request for access. */
  extendsGrant: { id: string | null; endsAt: string | null } | null;
};

export type AccessRequestView = 'admin' | 'vendor';

type Person = { name: string; email: string } | null;

export type AccessRequestRow = {
  id: string;
  installationId: string;
  status: AccessRequestStatus;
  reason: string;
  reasonCode: AccessReasonCode;
  ticketReference: string | null;
  requestedExpiresAt: Date | null;
  createdAt: Date;
  decidedAt: Date | null;
  decisionNote: string | null;
  extendsGrantId: string | null;
  extendsGrantEndsAt: Date | null;
  requestedBy: Person;
  decidedBy: Person;
  installation: {
    product: string;
    environment: string;
    app: { id: string; name: string; vendor: { id: string; name: string } };
    site: { id: string; url: string };
  };
};

/** What to load with an access request to serve it. */
export const accessRequestInclude = {
  requestedBy: true,
  decidedBy: true,
  installation: { include: { app: { include: { vendor: true } }, site: true } },
} as const;

const statusOf: Record<AccessRequestStatus, ApiAccessRequestStatus> = {
  PENDING: 'pending',
  APPROVED: 'approved',
  DECLINED: 'declined',
  WITHDRAWN: 'withdrawn',
};

export function toApiStatus(status: AccessRequestStatus): ApiAccessRequestStatus {
  return statusOf[status];
}

export function toDbStatus(status: ApiAccessRequestStatus): AccessRequestStatus {
  return status.toUpperCase() as AccessRequestStatus;
}

export const toApiReasonCode = (code: AccessReasonCode) => code.toLowerCase() as ReasonCode;
export const toDbReasonCode = (code: ReasonCode) => code.toUpperCase() as AccessReasonCode;

const label = (p: Person) => (p ? `${p.name} (${p.email})` : null);

export function accessRequestJson(row: AccessRequestRow, view: AccessRequestView): AccessRequestJson {
  const { installation } = row;
  return {
    id: row.id,
    installationId: row.installationId,
    app: { id: installation.app.id, name: installation.app.name },
    vendor: { id: installation.app.vendor.id, name: installation.app.vendor.name },
    site: { id: installation.site.id, url: installation.site.url },
    product: installation.product,
    environment: installation.environment,
    status: toApiStatus(row.status),
    reason: row.reason,
    reasonCode: toApiReasonCode(row.reasonCode),
    ticketReference: row.ticketReference,
    requestedExpiresAt: row.requestedExpiresAt?.toISOString() ?? null,
    requestedBy: label(row.requestedBy),
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    // A withdrawal is the vendor's own act; only an admin's name stays hidden from the vendor.
    decidedBy: view === 'admin' || row.status === 'WITHDRAWN' ? label(row.decidedBy) : null,
    decisionNote: row.decisionNote,
    extendsGrant: row.extendsGrantId || row.extendsGrantEndsAt ? { id: row.extendsGrantId, endsAt: row.extendsGrantEndsAt?.toISOString() ?? null } : null,
  };
}
