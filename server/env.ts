import 'server-only';
import { getConfig as getSharedConfig, type AppConfig } from '../common/config';

/** The web process's configuration (parsed once; instrumentation.ts parses it at start so bad values stop the server). */
export function getConfig(): AppConfig {
  return getSharedConfig();
}
