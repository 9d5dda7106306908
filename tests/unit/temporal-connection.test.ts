import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/common/config';
import { temporalConnectionSettings } from '@/common/temporal-connection';

const dir = mkdtempSync(path.join(tmpdir(), 'temporal-connection-'));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
const CERT = file('client.pem', '-----BEGIN CERTIFICATE-----\ncert\n-----END CERTIFICATE-----\n');
const KEY = file('client.key', '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n');
const CA = file('ca.pem', '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');
const bytes = (text: string) => Buffer.from(text);
// No HOME in these envs, so no developer's ~/.config/temporalio/temporal.toml leaks into a test.

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    temporalConnectionSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('Temporal connection settings', () => {
  it('dials the local dev server in plain text when nothing is set', () => {
    expect(temporalConnectionSettings({})).toEqual({ namespace: 'default', connection: { address: 'localhost:7233' } });
  });

  it('turns TLS on for a server name alone, for the web app and the worker alike', () => {
    const env = { TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_TLS_SERVER_NAME: 'temporal.example.com' };
    expect(temporalConnectionSettings(env).connection).toEqual({
      address: 'temporal.internal:7233',
      tls: { serverNameOverride: 'temporal.example.com' },
    });
    // Both processes take their options from the parsed config, which holds these same settings.
    expect(parseConfig(env).temporalConnection).toEqual(temporalConnectionSettings(env).connection);
  });

  it('sends an API key over TLS, unless TEMPORAL_TLS=false says otherwise', () => {
    const cloud = { TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct', TEMPORAL_API_KEY: 'k-123' };
    expect(temporalConnectionSettings(cloud)).toEqual({
      namespace: 'ns.acct',
      connection: { address: 'ns.acct.tmprl.cloud:7233', tls: {}, apiKey: 'k-123' },
    });
    expect(temporalConnectionSettings({ ...cloud, TEMPORAL_TLS: 'false' }).connection.tls).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(temporalConnectionSettings({ TEMPORAL_API_KEY: '', TEMPORAL_TLS_SERVER_NAME: '', TEMPORAL_ADDRESS: '' })).toEqual({
      namespace: 'default',
      connection: { address: 'localhost:7233' },
    });
  });

  it('reads the mTLS pair and the CA from their files', () => {
    const { connection } = temporalConnectionSettings({
      TEMPORAL_TLS_CLIENT_CERT_PATH: CERT,
      TEMPORAL_TLS_CLIENT_KEY_PATH: KEY,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: CA,
    });
    expect(connection.tls).toEqual({
      clientCertPair: { crt: bytes('-----BEGIN CERTIFICATE-----\ncert\n-----END CERTIFICATE-----\n'), key: bytes('-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n') },
      serverRootCACertificate: bytes('-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n'),
    });
  });

  it('sends each TEMPORAL_GRPC_META_ variable as a gRPC header', () => {
    expect(temporalConnectionSettings({ TEMPORAL_GRPC_META_X_TENANT: 'acme' }).connection.metadata).toEqual({ 'x-tenant': 'acme' });
  });

  it('refuses a certificate without its key, and a key without its certificate, naming the variable', () => {
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: CERT })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS_CLIENT_CERT_PATH: set without TEMPORAL_TLS_CLIENT_KEY_PATH/),
    ]);
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_KEY_PATH: KEY })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS_CLIENT_KEY_PATH: set without TEMPORAL_TLS_CLIENT_CERT_PATH/),
    ]);
  });

  it('refuses a file it cannot read, naming the variable and the path', () => {
    const missing = path.join(dir, 'missing-ca.pem');
    expect(problemsOf({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: missing })).toEqual([
      `TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read ${missing} (ENOENT)`,
    ]);
    if (process.getuid?.() !== 0) {
      // Root reads any file, so this half only proves something for an ordinary user.
      const locked = file('locked.key', 'secret');
      chmodSync(locked, 0o000);
      expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: CERT, TEMPORAL_TLS_CLIENT_KEY_PATH: locked })).toEqual([
        `TEMPORAL_TLS_CLIENT_KEY_PATH: cannot read ${locked} (EACCES)`,
      ]);
    }
  });

  it('refuses an address that is not host:port', () => {
    expect(problemsOf({ TEMPORAL_ADDRESS: 'http://temporal:7233' })).toEqual(['TEMPORAL_ADDRESS: must be host:port, like localhost:7233']);
  });

  describe('with a Temporal config file', () => {
    const config = file(
      'temporal.toml',
      [
        '[profile.default]',
        'address = "localhost:7299"',
        '[profile.staging]',
        'address = "staging.internal:7233"',
        'namespace = "onboarding-staging"',
        'api_key = "from-file"',
        '[profile.staging.grpc_meta]',
        'x-team = "hr"',
        '[profile.halfpair.tls]',
        `client_cert_path = "${CERT}"`,
      ].join('\n'),
    );

    it('uses the default profile, then TEMPORAL_PROFILE, with variables winning over the file', () => {
      expect(temporalConnectionSettings({ TEMPORAL_CONFIG_FILE: config }).connection).toEqual({ address: 'localhost:7299' });
      expect(temporalConnectionSettings({ TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'staging' })).toEqual({
        namespace: 'onboarding-staging',
        connection: { address: 'staging.internal:7233', tls: {}, apiKey: 'from-file', metadata: { 'x-team': 'hr' } },
      });
      const overridden = temporalConnectionSettings({
        TEMPORAL_CONFIG_FILE: config,
        TEMPORAL_PROFILE: 'staging',
        TEMPORAL_ADDRESS: 'other.internal:7233',
      });
      expect(overridden.connection.address).toBe('other.internal:7233');
      // The web app and worker read their namespace and address from the profile too.
      const app = parseConfig({ TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'staging' });
      expect([app.TEMPORAL_ADDRESS, app.TEMPORAL_NAMESPACE, app.temporalIsLocal]).toEqual(['staging.internal:7233', 'onboarding-staging', false]);
    });

    it('names a profile that is not there, and a half pair inside a profile', () => {
      expect(problemsOf({ TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'prod' })).toEqual([
        `TEMPORAL_PROFILE: no profile "prod" in ${config}`,
      ]);
      expect(problemsOf({ TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'halfpair' })).toEqual([
        expect.stringMatching(/^client_cert_path of profile "halfpair" in .*temporal\.toml: set without TEMPORAL_TLS_CLIENT_KEY_PATH/),
      ]);
    });

    it('names a file that is not TOML without quoting it', () => {
      const broken = file('broken.toml', '[profile.default]\napi_key = "secret-key\n');
      const [problem] = problemsOf({ TEMPORAL_CONFIG_FILE: broken });
      expect(problem).toMatch(/^TEMPORAL_CONFIG_FILE: .*broken\.toml could not be read/);
      expect(problem).not.toContain('secret-key');
    });
  });

  it('lists connection problems with the other configuration problems', () => {
    expect(() => parseConfig({ PORT: 'x', TEMPORAL_TLS_CLIENT_KEY_PATH: KEY })).toThrow(
      expect.objectContaining({
        problems: [expect.stringMatching(/^PORT: /), expect.stringMatching(/^TEMPORAL_TLS_CLIENT_KEY_PATH: /)],
      }),
    );
  });
});
