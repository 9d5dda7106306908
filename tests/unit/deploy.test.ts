/**
 * The production topology is described three times (npm run cluster, docker-compose.yml, the server config
 * template) and configured by one list of variables (.env.example). No Docker engine here: these tests parse
 * the files and check they agree, so an edit to one that the others miss fails here rather than in a deploy.
 * The cluster stage of `npm test` runs the config and schema script for real.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { temporalPorts } from '../../scripts/lib/cluster';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../temporal/shared/workflow-contract';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface ComposeService {
  image?: string;
  entrypoint?: string | string[];
  environment?: Record<string, string>;
  volumes?: string[];
}
// merge: Compose reads `<<: *anchor` keys (YAML 1.1 merge keys).
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const serverTemplate = read('deploy/temporal/config/postgres.yaml');

/** Where a container path comes from on this machine, through the service's `./` bind mounts. */
function hostPathOf(service: ComposeService, containerPath: string): string | undefined {
  for (const volume of service.volumes ?? []) {
    const [source = '', target = ''] = volume.split(':');
    if (!source.startsWith('./')) continue;
    if (containerPath === target || containerPath.startsWith(`${target}/`)) {
      return path.join(root, source, containerPath.slice(target.length));
    }
  }
  return undefined;
}

describe('docker-compose.yml', () => {
  const services = compose.services;

  it('mounts only folders and files that exist in the repository', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('./')) expect(existsSync(path.join(root, source)), `${name}: ${volume}`).toBe(true);
      }
    }
  });

  it('runs the Temporal server 1.29.1 from the same config file as npm run cluster', () => {
    const temporal = services.temporal!;
    expect(temporal.image).toBe('temporalio/server:1.29.1');
    const command = [temporal.entrypoint ?? []].flat().join(' ');
    const match = /temporal-server --root (\S+) --config (\S+) --env (\S+) start/.exec(command);
    expect(match, command).not.toBeNull();
    const [, rootDir = '', configDir = '', env = ''] = match!;
    const configFile = hostPathOf(temporal, path.posix.join(rootDir, configDir, `${env}.yaml`));
    expect(configFile).toBe(path.join(root, 'deploy/temporal/config/postgres.yaml'));
    // The dynamic config file must exist, or the server refuses to start.
    const dynamicConfig = hostPathOf(temporal, temporal.environment?.DYNAMIC_CONFIG_FILE_PATH ?? '');
    expect(dynamicConfig && existsSync(dynamicConfig)).toBe(true);
    // Listening on all interfaces needs the address other members reach this one at.
    expect(temporal.environment?.BIND_ON_IP).toBe('0.0.0.0');
    expect(command).toContain('TEMPORAL_BROADCAST_ADDRESS=');
  });

  it('sets up the schema with the same script as npm run cluster, and the server can log in', () => {
    const schema = services['temporal-schema']!;
    const script = [schema.entrypoint ?? []].flat().find((part) => part.endsWith('.sh')) ?? '';
    expect(hostPathOf(schema, script)).toBe(path.join(root, 'deploy/temporal/setup-schema.sh'));
    for (const name of ['POSTGRES_SEEDS', 'POSTGRES_USER', 'SQL_PASSWORD']) expect(schema.environment?.[name], name).toBeTruthy();
    for (const name of ['POSTGRES_SEEDS', 'POSTGRES_USER', 'POSTGRES_PWD']) {
      expect(services.temporal!.environment?.[name], name).toBeTruthy();
    }
  });

  it('registers the search attributes the workflows set, as the dev server does', () => {
    const script = read('deploy/compose/create-namespace.sh');
    const listed = /for attribute in ([^;]+);/.exec(script)?.[1]?.trim().split(/\s+/) ?? [];
    expect(listed.map((entry) => entry.replace(':', '=')).sort()).toEqual([...SEARCH_ATTRIBUTE_REGISTRATIONS].sort());
    // `npm run temporal` keeps its own copy too (plain Node, it cannot import TypeScript).
    const devServerList = /const SEARCH_ATTRIBUTES = \[([^\]]+)\]/.exec(read('scripts/temporal.mjs'))?.[1] ?? '';
    const devServer = [...devServerList.matchAll(/'([^']+)'/g)].map((match) => match[1]);
    expect(devServer.sort()).toEqual([...SEARCH_ATTRIBUTE_REGISTRATIONS].sort());
  });
});

describe('the Temporal server config template', () => {
  it('places the ports of npm run cluster where the template expects them, matching its defaults for 7233', () => {
    // `default "7234" (env "HISTORY_GRPC_PORT")` and the like: the template's own default of each port variable.
    const defaults = new Map<string, string>();
    for (const match of serverTemplate.matchAll(/default "(\d+)" \(env "([A-Z_]+_PORT)"\)/g)) defaults.set(match[2]!, match[1]!);
    const ports = temporalPorts(7233);
    for (const [name, value] of Object.entries(ports)) expect(defaults.get(name), name).toBe(value);
    // Every port the template reads is one the cluster sets (DB_PORT is the database's).
    expect([...defaults.keys()].filter((name) => name !== 'DB_PORT').sort()).toEqual(Object.keys(ports).sort());
  });

  it('refuses a port layout that does not fit', () => {
    expect(() => temporalPorts(200)).toThrow(/leaves no room/);
    expect(() => temporalPorts(65530)).toThrow(/leaves no room/);
  });

  it('has no default database password', () => {
    expect(serverTemplate).not.toMatch(/password: "[^"{]+"/);
    expect(serverTemplate).toContain('fail "POSTGRES_PWD is not set');
  });
});

describe('.env.example', () => {
  const example = read('.env.example');
  // Every variable is there as a commented-out `# NAME=default` line.
  const listed = new Set([...example.matchAll(/^# ([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));

  it('lists every variable of the configuration schema (common/config.ts) and of sign-in', () => {
    const config = read('common/config.ts');
    const schemaBody = config.slice(config.indexOf('const envSchema'), config.indexOf('export type RawEnv'));
    const schemaVariables = [...schemaBody.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]);
    const signIn = [...read('server/auth/settings.ts').matchAll(/value\('([A-Z][A-Z0-9_]*)'\)/g)].map((match) => match[1]);
    expect(schemaVariables.length).toBeGreaterThan(20);
    const missing = [...schemaVariables, ...signIn].filter((name) => !listed.has(name));
    expect(missing).toEqual([]);
  });

  it('sets nothing when copied as it is', () => {
    expect(example.split('\n').filter((line) => /^[A-Z]/.test(line))).toEqual([]);
  });

  it('lists the variables the cluster and start scripts read', () => {
    const scripts = ['scripts/cluster.ts', 'scripts/lib/cluster.ts', 'scripts/stack.ts', 'scripts/lib/temporal-server.mjs', 'scripts/lib/temporal-cli.mjs'];
    const read_ = scripts.flatMap((file) => [...read(file).matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]));
    // Machine and tool variables, not the app's settings; NPM_START_STARTED_AT is passed from scripts/start.mjs to the supervisor.
    const notSettings = new Set(['PATH', 'XDG_CACHE_HOME', 'CGO_ENABLED', 'CI', 'NPM_START_STARTED_AT']);
    const missing = [...new Set(read_)].filter((name) => name && !notSettings.has(name) && !listed.has(name));
    expect(missing).toEqual([]);
  });
});
