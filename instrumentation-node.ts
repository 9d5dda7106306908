/**
 * Parsing the configuration at start makes a bad variable stop the server at once, with its name,
 * instead of surfacing as a 500 on the first request.
 */
import { ConfigError, getConfig } from './lib/config';

try {
  getConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
