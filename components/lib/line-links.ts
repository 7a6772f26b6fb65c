/** The console page of one line (its permalink): the line among its surrounding lines. */
export function linePermalinkPath(appId: string, lineRef: string): string {
  return `/console/apps/${encodeURIComponent(appId)}/logs/lines/${encodeURIComponent(lineRef)}`;
}

/** The API's lines around a line: `before` lines before it and `after` after it. */
export function lineContextUrl(appId: string, lineRef: string, before: number, after: number): string {
  return `/api/v1/apps/${encodeURIComponent(appId)}/logs/lines/${encodeURIComponent(lineRef)}/context?before=${before}&after=${after}`;
}
