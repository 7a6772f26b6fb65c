-- Who installed an app on a site, for the Admin Hub's "Installed by" column.
-- Unknown (null) for installations recorded before this column existed, and
-- when that person's account is deleted.
ALTER TABLE "installations" ADD COLUMN "installed_by_id" TEXT;

ALTER TABLE "installations"
  ADD CONSTRAINT "installations_installed_by_id_fkey"
  FOREIGN KEY ("installed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
