import 'next-auth';

declare module 'next-auth' {
  type SessionExtras = { userId?: string };
  // Module augmentation needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Session extends SessionExtras {}
}
