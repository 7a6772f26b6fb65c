-- Saved views of the developer console's log viewer: shared by the members
-- of the app's vendor, gone with the app. The creator is kept as a link that
-- becomes NULL when the person's account is deleted; the view stays for the
-- others. Exactly one kind of range is set (lib/validations/saved-views.ts).
CREATE TABLE "saved_views" (
    "id" TEXT NOT NULL,
    "app_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT,
    "range_last" TEXT,
    "first_day" TEXT,
    "last_day" TEXT,
    "range_from" TIMESTAMPTZ(3),
    "range_to" TIMESTAMPTZ(3),
    "sites" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "environment" TEXT,
    "levels" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "versions" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "invocation_id" TEXT,
    "columns" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "tab" TEXT NOT NULL DEFAULT 'lines',
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saved_views_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "saved_views_one_range" CHECK (
        num_nonnulls("range_last", "first_day", "range_from") = 1
        AND ("first_day" IS NULL) = ("last_day" IS NULL)
        AND ("range_from" IS NULL) = ("range_to" IS NULL)
    )
);

CREATE UNIQUE INDEX "saved_views_app_id_name_key" ON "saved_views"("app_id", "name");

ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "apps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
