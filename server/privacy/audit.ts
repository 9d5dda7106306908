import 'server-only';
/**
 * The audit trail of erasures: one JSON line per event in `${DATA_DIR}/audit.log`, saying who erased
 * which onboarding when — never what was erased (no name, no e-mail).
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE, restrictFile } from '@/common/private-files';

const AUDIT_FILE = 'audit.log';

interface AuditEntry {
  at: string;
  action: 'onboarding.erased';
  /** The onboarding's ID (`onboarding-<employeeId>`): an internal key, needed to prove what was erased. */
  onboarding: string;
  /** The user's e-mail or the API token's name; null while sign-in is off. */
  actor: string | null;
  sandboxDeliveries: number;
}

export function appendAudit(dataDir: string, entry: AuditEntry): void {
  const file = path.resolve(dataDir, AUDIT_FILE);
  ensurePrivateDir(path.dirname(file));
  restrictFile(file);
  appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: PRIVATE_FILE_MODE });
}
