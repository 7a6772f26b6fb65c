import { afterEach, describe, expect, it, vi } from 'vitest';

// TRUSTED_PROXIES is validated at start like every variable: a bad entry fails loudly with its name.

async function freshServerEnv(trustedProxies: string | undefined) {
  vi.stubEnv('DATABASE_URL', 'postgresql://unit.test/none');
  vi.stubEnv('NEXTAUTH_SECRET', 'unit-test-secret-unit-test-secret');
  vi.stubEnv('TRUSTED_PROXIES', trustedProxies);
  vi.resetModules();
  return (await import('@/lib/env')).serverEnv;
}

afterEach(() => vi.unstubAllEnvs());

describe('TRUSTED_PROXIES', () => {
  it('is empty by default: no proxy is trusted', async () => {
    expect((await freshServerEnv(undefined))().TRUSTED_PROXIES).toEqual([]);
  });

  it('takes comma-separated addresses and CIDR ranges', async () => {
    expect((await freshServerEnv(' 10.0.0.0/8, ::1 ,192.0.2.7,'))().TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '::1', '192.0.2.7']);
  });

  it('names the variable and the bad entries', async () => {
    const serverEnv = await freshServerEnv('10.0.0.0/8, proxy.internal, 10.0.0.0/40');
    expect(() => serverEnv()).toThrow(/TRUSTED_PROXIES: not an IP address or CIDR range: proxy\.internal, 10\.0\.0\.0\/40/);
  });
});

describe('OTLP_GRPC_PORT', () => {
  it('is OTLP’s 4317 by default, takes 0 for no listener, and refuses what is not a port with its name', async () => {
    expect((await freshServerEnv(undefined))().OTLP_GRPC_PORT).toBe(4317);
    vi.stubEnv('OTLP_GRPC_PORT', '0');
    expect((await freshServerEnv(undefined))().OTLP_GRPC_PORT).toBe(0);
    for (const bad of ['70000', 'grpc', '-1']) {
      vi.stubEnv('OTLP_GRPC_PORT', bad);
      const serverEnv = await freshServerEnv(undefined);
      expect(() => serverEnv()).toThrow(/OTLP_GRPC_PORT/);
    }
  });
});
