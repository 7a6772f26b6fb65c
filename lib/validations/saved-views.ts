import { z } from 'zod';
import { RANGE_PRESETS, type RangePreset } from '@/components/lib/viewer-query';
import { parseSearchQuery, SearchQueryError, MAX_ATTRIBUTE_PATH } from '@/lib/search/parse-query';
import { isCalendarDay } from '@/lib/time/local-days';
import { LOG_LEVELS } from '@/lib/validations/logs';
import { isoInstantSchema } from '@/lib/validations/time';
import { text } from '@/lib/validations/text';

// A saved view of the developer console's log viewer: what the page URL
// holds (query, range, filters, columns, tab) as named, bounded fields, so
// the server stores and serves nothing the viewer could not open. The
// browser checks a view with the same schema before sending it.

export const SAVED_VIEW_BOUNDS = {
  name: 80,
  /** Views one app may hold, shared by all the vendor's members. */
  perApp: 100,
  query: 500,
  /** Entries of the site and version lists, as the logs API takes them. */
  listEntries: 50,
  listEntry: 200,
  columns: 20,
  column: 200,
  invocationId: 200,
} as const;

export const VIEW_TABS = ['lines', 'patterns'] as const;
export type ViewTab = (typeof VIEW_TABS)[number];

const RANGE_NAMES = Object.keys(RANGE_PRESETS) as [RangePreset, ...RangePreset[]];

export const savedViewNameSchema = text()
  .trim()
  .min(1, 'Give the view a name')
  .max(SAVED_VIEW_BOUNDS.name, `A view's name has at most ${SAVED_VIEW_BOUNDS.name} characters`);

const calendarDay = z.string().refine(isCalendarDay, 'must be a calendar day, YYYY-MM-DD');

/** "Last 24 hours" stays relative (it ends whenever the view is opened); days and instants are fixed. */
export const savedViewRangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('relative'), last: z.enum(RANGE_NAMES, { error: `last must be one of ${RANGE_NAMES.join(', ')}` }) }),
  z
    .strictObject({ kind: z.literal('days'), firstDay: calendarDay, lastDay: calendarDay })
    .refine((r) => r.firstDay <= r.lastDay, { message: 'lastDay must not be before firstDay', path: ['lastDay'] }),
  z
    .strictObject({ kind: z.literal('absolute'), from: isoInstantSchema, to: isoInstantSchema })
    .refine((r) => r.from < r.to, { message: 'to must be after from', path: ['to'] }),
]);

/** A column of the line list: an attribute path as the search language writes it (attr.user.id). */
export const viewColumnSchema = text()
  .max(SAVED_VIEW_BOUNDS.column, `a column has at most ${SAVED_VIEW_BOUNDS.column} characters`)
  .regex(new RegExp(`^attr(\\.[^.\\s:"()]+){1,${MAX_ATTRIBUTE_PATH}}$`), `a column is an attribute path of 1-${MAX_ATTRIBUTE_PATH} keys, as in attr.statusCode`);

const listEntry = text().trim().min(1).max(SAVED_VIEW_BOUNDS.listEntry);
const distinct = <T>(values: T[]) => new Set(values).size === values.length;

/** The search language's own check, so a saved query always runs. */
const searchText = text()
  .max(SAVED_VIEW_BOUNDS.query, `q has at most ${SAVED_VIEW_BOUNDS.query} characters`)
  .superRefine((value, ctx) => {
    try {
      parseSearchQuery(value);
    } catch (error) {
      if (!(error instanceof SearchQueryError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  });

export const savedViewStateSchema = z.strictObject({
  q: searchText.optional(),
  range: savedViewRangeSchema,
  sites: z.array(listEntry).max(SAVED_VIEW_BOUNDS.listEntries).default([]),
  environment: z.enum(['production', 'staging', 'development'], { error: 'environment must be production, staging or development' }).optional(),
  levels: z.array(z.enum(LOG_LEVELS, { error: `levels must be among ${LOG_LEVELS.join(', ')}` })).refine(distinct, 'levels repeat').default([]),
  versions: z.array(listEntry).max(SAVED_VIEW_BOUNDS.listEntries).default([]),
  invocationId: text().trim().min(1).max(SAVED_VIEW_BOUNDS.invocationId).optional(),
  columns: z
    .array(viewColumnSchema)
    .max(SAVED_VIEW_BOUNDS.columns, `at most ${SAVED_VIEW_BOUNDS.columns} columns`)
    .refine(distinct, 'columns repeat')
    .default([]),
  tab: z.enum(VIEW_TABS, { error: 'tab must be lines or patterns' }).default('lines'),
});

/** POST /api/v1/apps/{appId}/saved-views */
export const createSavedViewSchema = z.strictObject({ name: savedViewNameSchema, view: savedViewStateSchema });

/** PATCH /api/v1/apps/{appId}/saved-views/{id}: a new name. */
export const renameSavedViewSchema = z.strictObject({ name: savedViewNameSchema });

/** What the browser sends (instants as ISO-8601 text). */
export type SavedViewStateInput = z.input<typeof savedViewStateSchema>;
export type SavedViewState = z.output<typeof savedViewStateSchema>;
