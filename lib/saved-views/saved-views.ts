import 'server-only';
import { AppError } from '@/lib/errors';
import { requireSavedViewUser } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';
import { Prisma } from '@/lib/generated/prisma/client';
import type { RangePreset } from '@/components/lib/viewer-query';
import { SAVED_VIEW_BOUNDS, type SavedViewState, type SavedViewStateInput } from '@/lib/validations/saved-views';

// Saved views of an app's log viewer, shared by the vendor's members who read
// its logs (requireSavedViewUser). A view holds no lines: opening one runs
// the logs API as usual, with its sharing checks and audit rows.

type SavedViewRow = Prisma.SavedViewGetPayload<{ include: { createdBy: { select: { name: true } } } }>;
const withCreator = { createdBy: { select: { name: true } } } as const;

/** The app, if the viewer may use its saved views (404 for other vendors, 403 for viewers). */
async function appFor(viewer: Viewer, appId: string) {
  const app = await db().app.findUnique({ where: { id: appId }, select: { id: true, vendorId: true } });
  if (!app) throw new AppError('not_found', 'No such app.');
  requireSavedViewUser(viewer, app);
  return app;
}

export async function listSavedViews(options: { viewer: Viewer; appId: string }) {
  const app = await appFor(options.viewer, options.appId);
  const rows = await db().savedView.findMany({ where: { appId: app.id }, include: withCreator, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  return { views: rows.map(savedViewJson), limit: SAVED_VIEW_BOUNDS.perApp };
}

/** Stores a view under a name unique within the app; at most SAVED_VIEW_BOUNDS.perApp per app, counted under a lock on the app. */
export async function createSavedView(options: { viewer: Viewer; appId: string; name: string; view: SavedViewState }) {
  const app = await appFor(options.viewer, options.appId);
  return uniqueName(options.name, () =>
    db().$transaction(async (tx) => {
      // Two members saving at once must not both pass the count.
      await tx.$queryRaw`SELECT 1 FROM apps WHERE id = ${app.id} FOR UPDATE`;
      const count = await tx.savedView.count({ where: { appId: app.id } });
      if (count >= SAVED_VIEW_BOUNDS.perApp) {
        throw new AppError('conflict', `An app keeps at most ${SAVED_VIEW_BOUNDS.perApp} saved views; delete one first.`);
      }
      const row = await tx.savedView.create({
        data: { appId: app.id, name: options.name, createdById: options.viewer.id, ...columnsOf(options.view) },
        include: withCreator,
      });
      return savedViewJson(row);
    }),
  );
}

export async function renameSavedView(options: { viewer: Viewer; appId: string; viewId: string; name: string }) {
  const app = await appFor(options.viewer, options.appId);
  return uniqueName(options.name, async () => {
    const { count } = await db().savedView.updateMany({ where: { id: options.viewId, appId: app.id }, data: { name: options.name } });
    if (count === 0) throw new AppError('not_found', 'No such saved view.');
    return savedViewJson(await db().savedView.findUniqueOrThrow({ where: { id: options.viewId }, include: withCreator }));
  });
}

/** Any owner or developer may delete any view of the app: they are the team's, not the creator's. */
export async function deleteSavedView(options: { viewer: Viewer; appId: string; viewId: string }): Promise<void> {
  const app = await appFor(options.viewer, options.appId);
  const { count } = await db().savedView.deleteMany({ where: { id: options.viewId, appId: app.id } });
  if (count === 0) throw new AppError('not_found', 'No such saved view.');
}

async function uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('conflict', `A saved view named "${name}" already exists for this app.`);
    }
    throw error;
  }
}

function columnsOf(view: SavedViewState) {
  const { range } = view;
  return {
    query: view.q ?? null,
    rangeLast: range.kind === 'relative' ? range.last : null,
    firstDay: range.kind === 'days' ? range.firstDay : null,
    lastDay: range.kind === 'days' ? range.lastDay : null,
    rangeFrom: range.kind === 'absolute' ? range.from : null,
    rangeTo: range.kind === 'absolute' ? range.to : null,
    sites: view.sites,
    environment: view.environment ?? null,
    levels: view.levels,
    versions: view.versions,
    invocationId: view.invocationId ?? null,
    columns: view.columns,
    tab: view.tab,
  };
}

function rangeOf(row: SavedViewRow): SavedViewStateInput['range'] {
  if (row.rangeFrom && row.rangeTo) return { kind: 'absolute' as const, from: row.rangeFrom.toISOString(), to: row.rangeTo.toISOString() };
  if (row.firstDay && row.lastDay) return { kind: 'days' as const, firstDay: row.firstDay, lastDay: row.lastDay };
  return { kind: 'relative', last: (row.rangeLast ?? '24h') as RangePreset };
}

export function savedViewJson(row: SavedViewRow) {
  // The columns were written from a checked view (columnsOf), so they read back as one.
  const view: SavedViewStateInput = {
    ...(row.query !== null ? { q: row.query } : {}),
    range: rangeOf(row),
    sites: row.sites,
    ...(row.environment !== null ? { environment: row.environment as SavedViewState['environment'] } : {}),
    levels: row.levels as SavedViewState['levels'],
    versions: row.versions,
    ...(row.invocationId !== null ? { invocationId: row.invocationId } : {}),
    columns: row.columns,
    tab: row.tab as SavedViewState['tab'],
  };
  return {
    id: row.id,
    name: row.name,
    view,
    createdBy: row.createdBy?.name ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type SavedViewJson = ReturnType<typeof savedViewJson>;
