/** Server settings (section `modelSla`), pulled per client with `workspace/configuration`. */
export interface ServerSettings {
  validation: {
    enable: boolean;
    /** Delay after the last change before a document is validated again. */
    delayMs: number;
  };
  /** Documents larger than this (in MB) are only checked for YAML syntax. */
  maxFileSizeMB: number;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  validation: { enable: true, delayMs: 75 },
  maxFileSizeMB: 20,
};

export function mergeSettings(raw: unknown): ServerSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, any>;
  const v = (r.validation && typeof r.validation === 'object' ? r.validation : {}) as Record<string, unknown>;
  const num = (x: unknown, fallback: number, min: number, max: number) =>
    typeof x === 'number' && Number.isFinite(x) ? Math.min(max, Math.max(min, x)) : fallback;
  return {
    validation: {
      enable: typeof v.enable === 'boolean' ? v.enable : DEFAULT_SETTINGS.validation.enable,
      delayMs: num(v.delayMs, DEFAULT_SETTINGS.validation.delayMs, 0, 5000),
    },
    maxFileSizeMB: num(r.maxFileSizeMB, DEFAULT_SETTINGS.maxFileSizeMB, 1, 500),
  };
}
