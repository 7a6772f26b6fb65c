import { describe, expect, it } from 'vitest';
import { hasUndecodablePath } from '@/scripts/lib/undecodable-path';

describe('hasUndecodablePath', () => {
  it('finds paths that do not percent-decode to UTF-8, and only in the path', () => {
    for (const url of ['/api/v1/apps/%FF/logs', '/admin/%ED%A0%80/apps', '/console/apps/100%', '/x/%E0%A4%A']) expect(hasUndecodablePath(url), url).toBe(true);
    for (const url of ['/', '/admin/acme.atlassian.net/apps', '/api/v1/apps/%25/logs', '/x/%E2%9C%93', '/x?q=%FF', undefined]) expect(hasUndecodablePath(url), String(url)).toBe(false);
  });
});
