import { defineConfig } from '@playwright/test';

// Run through `npm test`, which starts the built portal on a fresh database
// with the demo data and sets E2E_BASE_URL (and CHROMIUM_PATH when a system
// Chromium is used).
const executablePath = process.env.CHROMIUM_PATH || undefined;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // A whole flow (two sign-ins, several pages) takes about 15 s alone and went
  // past 30 s on a busy 2-core machine; each step keeps expect's 10 s bound.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: executablePath
        ? ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
        : [],
    },
  },
});
