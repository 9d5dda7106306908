/**
 * What SWR gets for `use-sync-external-store/shim` in the browser (next.config.js `turbopack.resolveAlias`).
 * The shim exists for React 17 and older; React 19 has the hook and the shim only hands it on, yet its
 * fallback code was in every polling page's first-load JavaScript (about 0.3 kB gzipped).
 */
export { useSyncExternalStore } from 'react';
