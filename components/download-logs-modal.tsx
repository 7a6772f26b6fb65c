'use client';

import Button from '@atlaskit/button/new';
import { DatePicker } from '@atlaskit/datetime-picker';
import { useFlags } from '@atlaskit/flag';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Select from '@atlaskit/select';
import SectionMessage from '@atlaskit/section-message';
import Toggle from '@atlaskit/toggle';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { DownloadSummary } from '@/components/download-summary';
import { LogPreviewTable } from '@/components/log-preview-table';
import { callApi } from '@/components/lib/call-api';
import type { LogSummary } from '@/lib/logs/summarize-logs';
import type { LogSlice } from '@/lib/logs/find-log-slice';
import { saveDownload } from '@/components/lib/save-download';
import { addDays, currentTimeZone, localDaysToUtcRange, localToday } from '@/lib/time/local-days';

type Props = {
  installation: { id: string; appName: string; environment: string };
  siteUrl: string;
  retentionDays: number;
  onClose: () => void;
};

type Preview = { summary: LogSummary; slice: LogSlice; from: Date; to: Date };
type FormatOption = { label: string; value: 'ndjson' | 'csv' };
const FORMATS: FormatOption[] = [
  { label: 'NDJSON (one JSON object per line)', value: 'ndjson' },
  { label: 'CSV (spreadsheets)', value: 'csv' },
];
const PREVIEW_LINES = 20;

async function loadPreview(installationId: string, range: { from: Date; to: Date }): Promise<Preview> {
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
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [format, setFormat] = useState<FormatOption>(FORMATS[0]!);
  const [mask, setMask] = useState(true);
  const [progress, setProgress] = useState<number | null>(null);
  const oldestDay = addDays(today, -(props.retentionDays - 1));

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
  const [initialRange] = useState(() => localDaysToUtcRange(firstDay, lastDay, timeZone));
  useEffect(() => show(loadPreview(props.installation.id, initialRange)), [show, props.installation.id, initialRange]);

  function apply() {
    if (!firstDay || !lastDay) return setError('Choose the first and the last day.');
    if (lastDay < firstDay) return setError('The last day is before the first day.');
    if (firstDay < oldestDay) return setError(`Logs are kept for ${props.retentionDays} days: the first day can be ${oldestDay} at the earliest.`);
    setError(null);
    setLoading(true);
    show(loadPreview(props.installation.id, localDaysToUtcRange(firstDay, lastDay, timeZone)));
  }

  async function download() {
    if (!preview) return;
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
            <DatePicker id="download-first-day" value={firstDay} onChange={setFirstDay} minDate={oldestDay} maxDate={today} testId="download-first-day" />
          </div>
          <div>
            <label htmlFor="download-last-day">Last day</label>
            <DatePicker id="download-last-day" value={lastDay} onChange={setLastDay} minDate={oldestDay} maxDate={today} testId="download-last-day" />
          </div>
          <Button onClick={apply} isLoading={loading} testId="download-apply">
            Apply
          </Button>
        </div>
        {error && (
          <SectionMessage appearance="error" testId="download-range-error">
            <p>{error}</p>
          </SectionMessage>
        )}
        {preview && (
          <>
            <DownloadSummary summary={preview.summary} />
            <h3 className="preview-heading">Newest {Math.min(PREVIEW_LINES, preview.slice.lines.length)} lines</h3>
            {preview.slice.lines.length > 0 ? (
              <LogPreviewTable lines={preview.slice.lines} site={props.siteUrl} environment={props.installation.environment} />
            ) : (
              <p>No log lines in this range.</p>
            )}
          </>
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
        <Button appearance="subtle" onClick={props.onClose}>
          Cancel
        </Button>
        <Button appearance="primary" onClick={() => void download()} isDisabled={!preview || loading} isLoading={progress !== null} testId="download-submit">
          Download
        </Button>
      </ModalFooter>
    </Modal>
  );
}
