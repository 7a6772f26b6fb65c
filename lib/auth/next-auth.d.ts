import 'next-auth';

declare module 'next-auth' {
  // Module augmentation needs an interface: the session carries the user's id only.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Session {
    userId?: string;
    /** The database could not be asked whether the session is still live (an outage): neither signed in nor out. */
    isUnchecked?: boolean;
  }
}
