/** The documents the extension serves: language `model-sla`, or any file named *.sla.yaml / *.sla.yml. */
export const SLA_SELECTOR = [
  { language: 'model-sla' },
  { scheme: 'file', pattern: '**/*.sla.{yaml,yml}' },
];
