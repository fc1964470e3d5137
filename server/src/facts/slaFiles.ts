/**
 * Which files are SLA files (spec §1): `*.sla.yaml` / `*.sla.yml`, whatever the editor's language
 * id, and the workspace configuration `.model-sla.yaml`. One answer for the server, the CLI's folder
 * walk and the extension's document selector and file watchers.
 */

export const SLA_FILE_SUFFIXES = ['.sla.yaml', '.sla.yml'] as const;

/** The glob of SLA files below a folder (VS Code document selectors and file watchers). */
export const SLA_FILE_GLOB = '**/*.sla.{yaml,yml}';

/** The workspace configuration read by the editor and the CLI (not part of the contract). */
export const PROJECT_CONFIG_FILE = '.model-sla.yaml';

/** Whether a path or URI names an SLA file (a query or fragment is ignored; case-insensitive). */
export function isSlaFileName(uriOrPath: string): boolean {
  const name = uriOrPath.replace(/[?#].*$/, '').toLowerCase();
  return SLA_FILE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}
