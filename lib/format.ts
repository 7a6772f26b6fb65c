// Labels and formats shared by server pages and client components.

const productLabels: Record<string, string> = {
  JIRA: 'Jira',
  CONFLUENCE: 'Confluence',
  JIRA_SERVICE_MANAGEMENT: 'Jira Service Management',
  COMPASS: 'Compass',
};

export function productLabel(product: string): string {
  return productLabels[product] ?? product;
}

export function environmentLabel(environment: string): string {
  return environment.charAt(0) + environment.slice(1).toLowerCase();
}

const utcDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const utcDateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** "24 Nov 2026" for an ISO instant, as a UTC calendar date. */
export function formatUtcDate(iso: string): string {
  return utcDate.format(new Date(iso));
}

/** "24 Nov 2026, 13:05 UTC". */
export function formatUtcDateTime(iso: string): string {
  return `${utcDateTime.format(new Date(iso))} UTC`;
}
