// The validators schemas/generate-validators.ts compiles from schemas/sla.schema.json (see schemaValidators.ts).
import type { ValidateFunction } from 'ajv';
export declare const rest: ValidateFunction;
export declare const objective: ValidateFunction;
export declare const whole: ValidateFunction;
