/**
 * Parsing the configuration at start makes a bad variable stop the server at once, with its name,
 * instead of surfacing as a 500 on the first request. The sign-in settings and the payload key are
 * checked the same way, the onboarding plans too, and the first admin is created (and announced) now rather than on first use.
 */
import { getEncryptionCodec, payloadKeySettings } from './common/codec/data-converter';
import { PayloadKeyError } from './common/codec/keys';
import { ConfigError, getConfig, webExposureProblems } from './common/config';
import { getAuthSettings } from './server/auth/settings';
import { prepareSignIn } from './server/auth/options';
import { installUnroutableMethodGuard } from './server/api/unroutable-methods';
import { getPlans, PlanError } from './server/plans';
import { getLogger } from './common/telemetry/logger';
import { setupTracing } from './common/telemetry/tracing';

const log = getLogger('web');

// TRACE and other methods Next cannot route: 405 instead of Next's 500 or bare 400.
installUnroutableMethodGuard();

try {
  const config = getConfig();
  // Sign-in off is for a dashboard only this machine can reach, in the sandbox: anything else stops here.
  const exposure = webExposureProblems(config);
  if (exposure.length > 0) throw new ConfigError(exposure);
  // Registered before the first request: Next's own spans and ours (server/api/handler.ts) join it.
  const tracing = setupTracing({ serviceName: 'onboarding-web', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  log.info(tracing.exporting ? `traces exported to ${config.OTEL_EXPORTER_OTLP_ENDPOINT}` : 'traces not exported (set OTEL_EXPORTER_OTLP_ENDPOINT)');
  const auth = getAuthSettings();
  const codec = getEncryptionCodec(payloadKeySettings(config.DATA_DIR));
  log.info(
    `listening on ${config.HOST}; sign-in ${auth.enabled ? 'on' : 'off (set AUTH_SECRET to require it)'}; payloads encrypted with key ${codec.encryptingKeyId}`,
  );
  prepareSignIn(auth);
  const plans = getPlans();
  log.info(`${plans.length} onboarding plans: ${plans.map((plan) => plan.id).join(', ')}`);
} catch (error) {
  if (error instanceof ConfigError || error instanceof PayloadKeyError || error instanceof PlanError) {
    log.fatal(error.message);
    process.exit(1);
  }
  throw error;
}
