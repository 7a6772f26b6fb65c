// Stand-in for the 'server-only' package in Vitest, which runs outside Next.
export {};
