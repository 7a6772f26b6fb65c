import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.next-*/**', 'lib/generated/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
    },
  },
  // The build's own CommonJS files (next.config.js and what it loads): require is their import.
  {
    files: ['next.config.js', 'scripts/lib/*.js', 'lib/api/every-response-headers.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // HTTP stays at the edge: domain code throws AppError (lib/errors.ts) and never sees a Request or a NextResponse.
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/api/**', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@/lib/api/route', message: 'lib/ is below the HTTP edge: take plain values, not a request.' },
            { name: '@/lib/api/errors', message: 'Throw AppError from @/lib/errors; only route handlers map errors to responses.' },
          ],
        },
      ],
    },
  },
  // The browser's code imports no server module; types and shared pure modules (validations, formats, labels) are fine.
  {
    files: ['components/**/*.ts', 'components/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['server-only', 'next/server', 'pg', '@/lib/db/prisma', '@/lib/generated/prisma/client'].map((name) => ({
            name,
            message: 'A server module: components run in the browser.',
            allowTypeImports: true,
          })),
          patterns: [
            {
              group: ['@/lib/db/*', '@/lib/api/*', '@/lib/auth/*', '!@/lib/auth/callback-url'],
              message: 'A server module: components run in the browser (their own helpers live in components/lib/).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
];

export default config;
