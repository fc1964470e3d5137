/**
 * yaml's node predicates and node classes, read once. The bundler's CommonJS interop reads every
 * name imported from `yaml` through a getter at each use: in the per-keystroke tree walks (2,000
 * objectives) that getter was ~5% of a validation. Hot paths import these instead.
 */
import * as yaml from 'yaml';

export const isAlias = yaml.isAlias;
export const isMap = yaml.isMap;
export const isPair = yaml.isPair;
export const isScalar = yaml.isScalar;
export const isSeq = yaml.isSeq;
export const Document = yaml.Document;
export const Pair = yaml.Pair;
export const Scalar = yaml.Scalar;
export const YAMLMap = yaml.YAMLMap;
export const YAMLSeq = yaml.YAMLSeq;
