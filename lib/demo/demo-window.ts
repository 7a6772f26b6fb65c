// The demo's time frame, shared by the catalog and the log generator.

export const DAY = 86_400_000;

/** Days of log lines the demo holds, ending now. */
export const WINDOW_DAYS = 30;
