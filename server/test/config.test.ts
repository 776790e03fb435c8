// The configuration reads an injected env, validates every variable and fails fast naming each bad one.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { REPO_ROOT } from '../src/paths';

describe('server configuration', () => {
  it('runs on port 8345, bound to 127.0.0.1, with an embedded database under .data/ by default', () => {
    expect(loadConfig({})).toEqual({
      port: 8345,
      host: '127.0.0.1',
      database: { kind: 'embedded', dataDir: `${REPO_ROOT}/.data/postgres`, port: 8346 },
      engine: { kind: 'embedded', controlledClock: false },
      logLevel: 'info',
      auth: {
        sessionTtlMinutes: 480,
        sessionIdleMinutes: 30,
        maxFailedLogins: 5,
        lockMinutes: 15,
        loginRate: { max: 20, windowSeconds: 60 },
        passwordPolicy: 'asvs',
        passwordMaxAgeDays: 90,
        demoAccountsAllowed: true,
        secureCookie: false,
      },
      demoData: true,
      validateResponses: true,
      reveals: { perHour: 30, perDay: 100, burstCount: 10, burstMinutes: 5, beyondTasksPerHour: 10 },
    });
  });

  it('reads the reveal limits (REVEAL_RATE_*, REVEAL_BURST_*), refusing a limit of 0', () => {
    expect(loadConfig({ REVEAL_RATE_PER_HOUR: '5', REVEAL_BURST_COUNT: '3', REVEAL_BURST_MINUTES: '2' }).reveals).toMatchObject({ perHour: 5, burstCount: 3, burstMinutes: 2 });
    expect(() => loadConfig({ REVEAL_RATE_PER_DAY: '0' })).toThrow(/REVEAL_RATE_PER_DAY="0": must be a whole number from 1/);
  });

  it('uses DATABASE_URL when given, and then loads no demo accounts unless asked', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db.internal:5432/hotline', PORT: '9000', HOST: '0.0.0.0', LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '30' });
    expect(config).toMatchObject({ port: 9000, host: '0.0.0.0', database: { kind: 'external', url: 'postgres://u:p@db.internal:5432/hotline' }, demoData: false });
    expect(config.auth).toMatchObject({ maxFailedLogins: 3, lockMinutes: 30 });
    expect(loadConfig({ DATABASE_URL: 'postgresql://h/db', DEMO_DATA: 'yes' }).demoData).toBe(true);
  });

  it('marks cookies Secure (and sends HSTS) unless the server listens on loopback only; COOKIE_SECURE decides when set', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(loadConfig({ HOST: host }).auth.secureCookie, host).toBe(false);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'hotline.example.gov.cn']) expect(loadConfig({ HOST: host }).auth.secureCookie, host).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', COOKIE_SECURE: 'false' }).auth.secureCookie).toBe(false);
    expect(loadConfig({ HOST: '127.0.0.1', COOKIE_SECURE: 'true' }).auth.secureCookie).toBe(true);
  });

  it('ends an idle session after SESSION_IDLE_MINUTES (30 by default), within the absolute SESSION_TTL_MINUTES', () => {
    expect(loadConfig({ SESSION_IDLE_MINUTES: '15', SESSION_TTL_MINUTES: '240' }).auth).toMatchObject({ sessionIdleMinutes: 15, sessionTtlMinutes: 240 });
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES="0": must be a whole number from 1/);
  });

  it('lets the demo accounts sign in only outside production on a loopback address, unless ALLOW_DEMO_ACCOUNTS says otherwise', () => {
    const allowed = (env: Record<string, string>) => loadConfig(env).auth.demoAccountsAllowed;
    expect(allowed({ HOST: '::1' })).toBe(true);
    expect(allowed({ HOST: 'localhost', NODE_ENV: 'development' })).toBe(true);
    expect(allowed({ HOST: '0.0.0.0' })).toBe(false);
    expect(allowed({ HOST: '10.1.2.3' })).toBe(false);
    expect(allowed({ NODE_ENV: 'production' })).toBe(false);
    expect(allowed({ HOST: '0.0.0.0', NODE_ENV: 'production', ALLOW_DEMO_ACCOUNTS: 'true' })).toBe(true);
    expect(allowed({ ALLOW_DEMO_ACCOUNTS: 'false' })).toBe(false);
  });

  it('trusts X-Forwarded-For only from the proxies TRUST_PROXY names (hops or addresses), never from anyone', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY="true": must be the number of proxies in front/);
  });

  it('takes the password policy and the sign-in rate from the environment', () => {
    expect(loadConfig({ PASSWORD_POLICY: 'dengbao', PASSWORD_MAX_AGE_DAYS: '30', LOGIN_RATE_MAX: '5', LOGIN_RATE_WINDOW_SECONDS: '600' }).auth).toMatchObject({
      passwordPolicy: 'dengbao',
      passwordMaxAgeDays: 30,
      loginRate: { max: 5, windowSeconds: 600 },
    });
    expect(() => loadConfig({ PASSWORD_POLICY: 'strong' })).toThrow('PASSWORD_POLICY="strong": must be one of asvs, dengbao');
  });

  it('runs on Zeebe when ZEEBE_ADDRESS is set, else on the embedded engine', () => {
    expect(loadConfig({ ZEEBE_ADDRESS: '127.0.0.1:26500', ZEEBE_CLOCK_URL: 'http://127.0.0.1:9600/actuator/clock' }).engine).toEqual({
      kind: 'zeebe',
      address: '127.0.0.1:26500',
      workerName: 'hotline-server',
      clockUrl: 'http://127.0.0.1:9600/actuator/clock',
      jobStreaming: true,
      fuseRuleChains: true,
    });
    // the operator's switches reach the adapter: the poll alone, a job per rule step
    expect(loadConfig({ ZEEBE_ADDRESS: '127.0.0.1:26500', ZEEBE_JOB_STREAMING: 'false', ZEEBE_FUSE_RULE_CHAINS: 'false' }).engine).toMatchObject({ jobStreaming: false, fuseRuleChains: false });
    expect(loadConfig({ ENGINE_CLOCK_CONTROLLED: 'true' }).engine).toEqual({ kind: 'embedded', controlledClock: true });
    expect(() => loadConfig({ ZEEBE_ADDRESS: 'zeebe', ZEEBE_CLOCK_URL: 'ftp://x' })).toThrow(
      /ZEEBE_ADDRESS="zeebe": must be host:port[^]*ZEEBE_CLOCK_URL="ftp:\/\/x": must be an http\(s\) URL/,
    );
  });

  it('sends SMS reminders through the gateway SMS_GATEWAY_URL with SMS_GATEWAY_KEY, none without it', () => {
    expect(loadConfig({}).sms).toBeUndefined();
    expect(loadConfig({ SMS_GATEWAY_URL: 'http://127.0.0.1:9000/send', SMS_GATEWAY_KEY: 'k' }).sms).toEqual({ url: 'http://127.0.0.1:9000/send', key: 'k', idempotent: true });
    expect(loadConfig({ SMS_GATEWAY_URL: 'http://127.0.0.1:9000/send', SMS_GATEWAY_KEY: 'k', SMS_GATEWAY_IDEMPOTENT: 'false' }).sms?.idempotent).toBe(false);
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'http://127.0.0.1:9000/send' })).toThrow(/SMS_GATEWAY_KEY: is required with SMS_GATEWAY_URL/);
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'gateway', SMS_GATEWAY_KEY: 'k' })).toThrow(/SMS_GATEWAY_URL="gateway": must be an http\(s\) URL/);
  });

  it('refuses bad values, naming every variable at once', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', DEMO_DATA: 'maybe' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('no error');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems).toEqual([
      'PORT="eighty": must be a whole number from 1 to 65535',
      'DATABASE_URL="mysql://x": must start with postgres:// or postgresql://',
      'LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace, silent',
      'DEMO_DATA="maybe": must be true or false',
    ]);
    expect(error.message).toContain('the server configuration is invalid');
  });
});
