/** The documents the extension serves: language `model-sla`, or any file named *.sla.yaml / *.sla.yml. */
import { METRIC_FILE_EXTENSIONS } from '../../server/src/facts/metricFormats';
import { PROJECT_CONFIG_FILE, SLA_FILE_GLOB, SLA_FILE_SUFFIXES } from '../../server/src/facts/slaFiles';

export const SLA_SELECTOR = [
  { language: 'model-sla' },
  { scheme: 'file', pattern: SLA_FILE_GLOB },
];

/**
 * The files whose changes the server hears about: SLA files (cross-file rules), the workspace
 * configuration and metric files named by their extension (one flat brace list: globs do not nest).
 */
export const SERVER_FILE_EVENTS = `**/{${[
  ...SLA_FILE_SUFFIXES.map((s) => `*${s}`),
  PROJECT_CONFIG_FILE,
  ...Object.keys(METRIC_FILE_EXTENSIONS).map((e) => `*${e}`),
].join(',')}}`;
