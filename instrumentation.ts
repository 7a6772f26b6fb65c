// Next.js calls register() once when a server process starts.
export async function register() {
  // Not while `next build` collects pages: there is no database then.
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    const { startMaintenance } = await import('@/lib/maintenance');
    startMaintenance();
  }
}
