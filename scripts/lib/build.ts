import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

// Everything that goes into `next build`: a change to any of it makes the build stale.
const SOURCES = ['app', 'components', 'lib', 'public', 'proxy.ts', 'instrumentation.ts', 'instrumentation-client.ts', 'next.config.js', 'scripts/lib/atlaskit-stylesheet.js', 'scripts/lib/empty-module-loader.js', 'package-lock.json', 'tsconfig.json'];

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const children = await readdir(entry);
  const times = await Promise.all(children.map((c) => newestMtime(path.join(entry, c))));
  return Math.max(info.mtimeMs, ...times);
}

/** The build's folder, as next.config.js names it (NEXT_DIST_DIR, else .next). */
export function buildDir(root: string): string {
  return path.join(root, process.env.NEXT_DIST_DIR || '.next');
}

export async function buildIsStale(root: string): Promise<boolean> {
  const built = await stat(path.join(buildDir(root), 'BUILD_ID')).catch(() => null);
  if (!built) return true;
  const times = await Promise.all(SOURCES.map((s) => newestMtime(path.join(root, s))));
  return Math.max(...times) > built.mtimeMs;
}

export function runNextBuild(root: string): Promise<void> {
  const nextBin = createRequire(path.join(root, 'package.json')).resolve('next/dist/bin/next');
  process.stdout.write('Building Logshare (first start, or the sources changed)...\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed with exit code ${code}`))));
  });
}
