/**
 * How the web app, the worker and the scripts reach Temporal: one set of rules for all three.
 *
 * Sources, later ones winning (read by @temporalio/envconfig, the same way Temporal's CLI reads them):
 * 1. a profile of a Temporal config file (TOML): the file is TEMPORAL_CONFIG_FILE, else
 *    ~/.config/temporalio/temporal.toml (skipped when absent); the profile is TEMPORAL_PROFILE, else "default";
 * 2. the variables TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS,
 *    TEMPORAL_TLS_CLIENT_CERT_PATH|_DATA, TEMPORAL_TLS_CLIENT_KEY_PATH|_DATA,
 *    TEMPORAL_TLS_SERVER_CA_CERT_PATH|_DATA, TEMPORAL_TLS_SERVER_NAME, and TEMPORAL_GRPC_META_<HEADER>
 *    (one gRPC header each: TEMPORAL_GRPC_META_X_TENANT=acme sends `x-tenant: acme`).
 *
 * TLS is on when any TLS setting is given (TEMPORAL_TLS=true, a certificate, key, CA or server name) or an
 * API key is; TEMPORAL_TLS=false turns it off. A client certificate needs its key and the other way round,
 * and every file is read here, so a missing or unreadable one stops the process at start with its name.
 */
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import {
  loadClientConfigProfile,
  toClientOptions,
  type ClientConfigProfile,
  type ClientConfigTLS,
  type ConfigDataSource,
} from '@temporalio/envconfig';
import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';

/** What both `Connection` (web, scripts) and `NativeConnection` (worker) accept. */
export interface TemporalConnectionOptions {
  address: string;
  /** Undefined: a plain connection. */
  tls?: TLSConfig;
  apiKey?: string;
  metadata?: Record<string, string>;
}

interface TemporalConnectionSettings {
  namespace: string;
  connection: TemporalConnectionOptions;
}

type Env = Record<string, string | undefined>;

const DEFAULTS = { address: 'localhost:7233', namespace: 'default' };
const ADDRESS = /^[^\s:/]+:\d{1,5}$/;
const GRPC_META_PREFIX = 'TEMPORAL_GRPC_META_';

/** The TLS files, each with its variable and its key in a config file's `[profile.<name>.tls]` table. */
const TLS_FILES = [
  { field: 'clientCert', variable: 'TEMPORAL_TLS_CLIENT_CERT', tomlKey: 'client_cert' },
  { field: 'clientKey', variable: 'TEMPORAL_TLS_CLIENT_KEY', tomlKey: 'client_key' },
  { field: 'serverCACert', variable: 'TEMPORAL_TLS_SERVER_CA_CERT', tomlKey: 'server_ca_cert' },
] as const;

/**
 * The connection settings for `env` (the process's environment by default). `defaults` apply when
 * neither a variable nor the profile sets the address or namespace. Throws a ConfigError naming each bad setting.
 */
export function temporalConnectionSettings(
  env: Env = process.env,
  defaults: { address?: string; namespace?: string } = {},
): TemporalConnectionSettings {
  // Empty variables count as unset (as in common/config.ts), except a gRPC header's, which removes it.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && (entry[1] !== '' || entry[0].startsWith(GRPC_META_PREFIX)),
    ),
  );
  const profileName = cleaned.TEMPORAL_PROFILE ?? 'default';
  const fileLabel = cleaned.TEMPORAL_CONFIG_FILE ?? 'the Temporal config file';

  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars: cleaned });
  } catch (error) {
    // First line only: a TOML parse error goes on to quote the file, which may hold an API key.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    if (cleaned.TEMPORAL_PROFILE && /not found/i.test(message)) {
      throw new ConfigError([`TEMPORAL_PROFILE: no profile "${profileName}" in ${fileLabel}`]);
    }
    throw new ConfigError([`${cleaned.TEMPORAL_CONFIG_FILE ? 'TEMPORAL_CONFIG_FILE' : 'Temporal config file'}: ${fileLabel} could not be read (${message})`]);
  }

  const problems: string[] = [];
  const nameOf = (file: (typeof TLS_FILES)[number]): string => {
    if (cleaned[`${file.variable}_PATH`] !== undefined) return `${file.variable}_PATH`;
    if (cleaned[`${file.variable}_DATA`] !== undefined) return `${file.variable}_DATA`;
    return `${file.tomlKey}_path of profile "${profileName}" in ${fileLabel}`;
  };

  let tls: ClientConfigTLS | undefined = profile.tls;
  if (tls && !tls.disabled) {
    const [cert, key] = TLS_FILES;
    if (Boolean(tls.clientCert) !== Boolean(tls.clientKey)) {
      const [present, missing] = tls.clientCert ? [cert, key] : [key, cert];
      problems.push(`${nameOf(present)}: set without ${missing.variable}_PATH (a client certificate and its key go together)`);
    }
    // Read every file now; the loader would otherwise drop a lone certificate or key without a word.
    tls = { ...tls };
    for (const file of TLS_FILES) {
      const source: ConfigDataSource | undefined = tls[file.field];
      if (!source || !('path' in source)) continue;
      try {
        tls[file.field] = { data: readFileSync(source.path) };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        problems.push(`${nameOf(file)}: cannot read ${source.path} (${code})`);
      }
    }
  }

  const address = profile.address ?? defaults.address ?? DEFAULTS.address;
  if (!ADDRESS.test(address)) {
    const name = cleaned.TEMPORAL_ADDRESS !== undefined ? 'TEMPORAL_ADDRESS' : `address of profile "${profileName}" in ${fileLabel}`;
    problems.push(`${name}: must be host:port, like localhost:7233`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const { connectionOptions, namespace } = toClientOptions({ ...profile, tls });
  const options: TemporalConnectionOptions = { address };
  const tlsOption = connectionOptions.tls;
  if (tlsOption) options.tls = tlsOption === true ? {} : tlsOption;
  if (typeof connectionOptions.apiKey === 'string') options.apiKey = connectionOptions.apiKey;
  if (connectionOptions.metadata && Object.keys(connectionOptions.metadata).length > 0) {
    options.metadata = connectionOptions.metadata as Record<string, string>;
  }
  return { namespace: namespace ?? defaults.namespace ?? DEFAULTS.namespace, connection: options };
}
