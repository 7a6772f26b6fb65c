import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

// The browser for end-to-end tests, in this order: CHROMIUM_PATH; Debian's
// chromium; Playwright's own browser (installed on demand where the network
// allows). Returns undefined when Playwright's own browser is to be used.
export function findChromium(): { executablePath: string | undefined } {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH points to ${fromEnv}, which does not exist.`);
    return { executablePath: fromEnv };
  }
  if (existsSync('/usr/bin/chromium')) return { executablePath: '/usr/bin/chromium' };
  if (existsSync(chromium.executablePath())) return { executablePath: undefined };

  process.stdout.write('No Chromium found; trying `npx playwright install chromium`...\n');
  const install = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  if (install.status === 0 && existsSync(chromium.executablePath())) return { executablePath: undefined };
  throw new Error(
    'End-to-end tests need Chromium. Either install Debian\'s package (`apt-get install -y chromium`) or set ' +
      'CHROMIUM_PATH to a Chromium binary, or let Playwright download its own (`npx playwright install chromium`, needs network).',
  );
}
