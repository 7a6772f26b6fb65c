'use client';

import Button from '@atlaskit/button/new';
import { useFlags } from '@atlaskit/flag';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Select from '@atlaskit/select';
import SectionMessage from '@atlaskit/section-message';
import Toggle from '@atlaskit/toggle';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { DownloadSummary } from '@/components/download-summary';
import { LogPreviewTable } from '@/components/log-preview-table';
import { ModalDatePicker } from '@/components/modal-date-picker';
import { callApi } from '@/components/lib/call-api';
import type { LogSummary } from '@/lib/logs/summarize-logs';
import type { LogSlice } from '@/lib/logs/find-log-slice';
import { saveDownload } from '@/components/lib/save-download';
import { maskPiiKeepingHits } from '@/lib/pii/detect-pii';
import { addDays, currentTimeZone, localDaysToUtcRange, localToday } from '@/lib/time/local-days';

type Props = {
  installation: { id: string; appName: string; environment: string };
  siteUrl: string;
  retentionDays: number;
  onClose: () => void;
};

type Preview = { summary: LogSummary; slice: LogSlice; from: Date; to: Date; firstDay: string; lastDay: string };
type FormatOption = { label: string; value: 'ndjson' | 'csv' };
const FORMATS: FormatOption[] = [
  { label: 'NDJSON (one JSON object per line)', value: 'ndjson' },
  { label: 'CSV (spreadsheets)', value: 'csv' },
];
const PREVIEW_LINES = 20;

async function loadPreview(installationId: string, range: { from: Date; to: Date; firstDay: string; lastDay: string }): Promise<Preview> {
  const query = `from=${range.from.toISOString()}&to=${range.to.toISOString()}`;
  const base = `/api/v1/installations/${installationId}/logs`;
  const [summary, slice] = await Promise.all([
    callApi<LogSummary>(`${base}/summary?${query}`),
    callApi<LogSlice>(`${base}?${query}&limit=${PREVIEW_LINES}`),
  ]);
  return { summary, slice, ...range };
}

/** Connected apps → ••• → Download logs: pick local days, preview, download. */
export function DownloadLogsModal(props: Props) {
  const { showFlag } = useFlags();
  const timeZone = useMemo(() => currentTimeZone(), []);
  const today = localToday(timeZone);
  const [firstDay, setFirstDay] = useState(addDays(today, -6));
  const [lastDay, setLastDay] = useState(today);
  const [preview, setPreview] = useState<Preview | null>(null);
  // A failed load; a range that cannot be asked for is rangeProblem, checked as the days change.
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [format, setFormat] = useState<FormatOption>(FORMATS[0]!);
  const [mask, setMask] = useState(true);
  const [progress, setProgress] = useState<number | null>(null);
  const oldestDay = addDays(today, -(props.retentionDays - 1));
  const rangeProblem = checkRange(firstDay, lastDay, oldestDay, props.retentionDays);
  const applied = preview !== null && preview.firstDay === firstDay && preview.lastDay === lastDay;
  // Download sends exactly what the preview shows: never under a range error or before Apply.
  const blockedReason = rangeProblem
    ? 'Fix the range above to download.'
    : !applied && !loading
      ? 'Press Apply to preview the days you picked, then download them.'
      : null;
  const shownLines = useMemo(
    () =>
      (preview?.slice.lines ?? []).map((line) => {
        if (!mask) return line;
        const masked = maskPiiKeepingHits(line.message, line.personalData);
        return { ...line, message: masked.text, personalData: masked.hits };
      }),
    [preview, mask],
  );

  const show = useCallback((loading: Promise<Preview>) => {
    loading.then(
      (next) => {
        setPreview(next);
        setError(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : 'The preview could not be loaded.'),
    ).finally(() => setLoading(false));
  }, []);

  // The default range (the last 7 days) loads when the modal opens; later changes wait for Apply.
  const [initialRange] = useState(() => ({ ...localDaysToUtcRange(firstDay, lastDay, timeZone), firstDay, lastDay }));
  useEffect(() => show(loadPreview(props.installation.id, initialRange)), [show, props.installation.id, initialRange]);

  function apply() {
    if (rangeProblem) return;
    setError(null);
    setLoading(true);
    show(loadPreview(props.installation.id, { ...localDaysToUtcRange(firstDay, lastDay, timeZone), firstDay, lastDay }));
  }

  async function download() {
    if (!preview || blockedReason) return;
    const query = `from=${preview.from.toISOString()}&to=${preview.to.toISOString()}&format=${format.value}&mask=${mask}`;
    setProgress(0);
    try {
      const { fileName } = await saveDownload(`/api/v1/installations/${props.installation.id}/logs/export?${query}`, setProgress);
      showFlag({ appearance: 'success', title: 'Logs downloaded', description: `${fileName} is in your downloads. Send it to the vendor.`, isAutoDismiss: true, testId: 'download-flag' });
    } catch (e) {
      showFlag({ appearance: 'error', title: 'The download failed', description: e instanceof Error ? e.message : '', isAutoDismiss: true });
    } finally {
      setProgress(null);
    }
  }

  return (
    <Modal onClose={props.onClose} width="x-large" testId="download-logs-modal" label={`Download logs of ${props.installation.appName}`}>
      <ModalHeader hasCloseButton>
        <ModalTitle>Download logs: {props.installation.appName}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <p>
          Check the preview for personal or confidential data and user-generated content before you send the file to the vendor.
          The dates you pick are in your local time (<strong data-testid="local-time-zone">{timeZone}</strong>); every time in the
          logs is in Coordinated Universal Time (UTC).
        </p>
        <div className="range-bar">
          <div>
            <label htmlFor="download-first-day">First day</label>
            <ModalDatePicker id="download-first-day" name="download-first-day" value={firstDay} onChange={setFirstDay} minDate={oldestDay} maxDate={today} inputLabel="First day" testId="download-first-day" />
          </div>
          <div>
            <label htmlFor="download-last-day">Last day</label>
            <ModalDatePicker id="download-last-day" name="download-last-day" value={lastDay} onChange={setLastDay} minDate={oldestDay} maxDate={today} inputLabel="Last day" testId="download-last-day" />
          </div>
          <Button onClick={apply} isLoading={loading} testId="download-apply">
            Apply
          </Button>
        </div>
        {(rangeProblem ?? error) && (
          <SectionMessage appearance="error" testId="download-range-error">
            <p>{rangeProblem ?? error}</p>
          </SectionMessage>
        )}
        {preview && !rangeProblem && (
          <div className={applied ? undefined : 'stale-preview'} data-testid="download-preview">
            {!applied && <p className="field-note">This preview is of the days applied before: press Apply to see the days you picked.</p>}
            <DownloadSummary summary={preview.summary} />
            <h3 className="preview-heading">
              Newest {Math.min(PREVIEW_LINES, preview.slice.lines.length)} lines{mask ? ', as the masked download will hold them' : ''}
            </h3>
            {shownLines.length > 0 ? (
              <LogPreviewTable lines={shownLines} site={props.siteUrl} environment={props.installation.environment} oneTabStop />
            ) : (
              <p>No log lines in this range.</p>
            )}
          </div>
        )}
      </ModalBody>
      <ModalFooter>
        <div className="download-options">
          <div style={{ width: 280 }}>
            <Select<FormatOption> inputId="download-format" aria-label="File format" options={FORMATS} value={format} onChange={(o) => o && setFormat(o)} testId="download-format" />
          </div>
          <span className="toggle-label">
            <Toggle id="download-mask" isChecked={mask} onChange={() => setMask((m) => !m)} testId="download-mask" />
            <label htmlFor="download-mask">Mask personal data in the download</label>
          </span>
        </div>
        {progress !== null && preview && (
          <progress
            className="download-progress"
            max={Math.max(preview.summary.estimatedBytes, progress)}
            value={progress}
            aria-label="Download progress"
            data-testid="download-progress"
          />
        )}
        {blockedReason && (
          <span className="field-note" id="download-blocked-reason" data-testid="download-blocked-reason">
            {blockedReason}
          </span>
        )}
        <Button appearance="subtle" onClick={props.onClose}>
          Cancel
        </Button>
        <Button
          appearance="primary"
          onClick={() => void download()}
          isDisabled={!preview || loading || blockedReason !== null}
          isLoading={progress !== null}
          aria-describedby={blockedReason ? 'download-blocked-reason' : undefined}
          testId="download-submit"
        >
          Download
        </Button>
      </ModalFooter>
    </Modal>
  );
}

/** Why the picked days cannot be previewed or downloaded, or null. Days are YYYY-MM-DD, so they compare as text. */
function checkRange(firstDay: string, lastDay: string, oldestDay: string, retentionDays: number): string | null {
  if (!firstDay || !lastDay) return 'Choose the first and the last day.';
  if (lastDay < firstDay) return 'The last day is before the first day.';
  if (firstDay < oldestDay) return `Logs are kept for ${retentionDays} days: the first day can be ${oldestDay} at the earliest.`;
  return null;
}
