import Module from 'node:module';

// Modules under lib/ that the bench loads begin with `import 'server-only'`,
// which throws outside Next. Importing this file first resolves it to the
// same empty stub Vitest uses (imports run in order, so a module imported
// after this one sees the hook).

const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = loader._resolveFilename;
loader._resolveFilename = (request, ...rest) => resolve(request === 'server-only' ? '@/scripts/lib/server-only-stub' : request, ...rest);
