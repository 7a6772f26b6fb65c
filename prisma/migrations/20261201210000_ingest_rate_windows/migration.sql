-- CreateTable
CREATE TABLE "ingest_rate_windows" (
    "token_id" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "requests" INTEGER NOT NULL,

    CONSTRAINT "ingest_rate_windows_pkey" PRIMARY KEY ("token_id","window_start")
);

-- CreateIndex
CREATE INDEX "ingest_rate_windows_window_start_idx" ON "ingest_rate_windows"("window_start");

-- AddForeignKey
ALTER TABLE "ingest_rate_windows" ADD CONSTRAINT "ingest_rate_windows_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "ingest_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;
