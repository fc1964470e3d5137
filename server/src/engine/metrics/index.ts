/** Metric ingestion: read metric files (CSV, JSON Lines) into typed arrays; see readMetric. */
export * from './types';
export { readMetric, detectFormat, DURATION_UNITS } from './readMetric';
export { CsvScanner, parseCsvText, delimiterByte, MAX_RECORD_BYTES, type CsvHandlers, type CsvOptions } from './csv';
export { TimestampParser, ZoneResolver, parseTimestamp, daysFromCivil, type TimestampOptions, type TimestampResult } from './timestamps';
export { parseGoodExpression, compileGoodExpression, GoodEvaluator, type GoodExpression, type GoodLiteral, type GoodOp, type GoodParseResult } from './goodExpression';
export { DecimalReader, parseDecimal, decimalParts, compareDecimalParts, compareDecimalText, type DecimalParts } from './numbers';
export { JsonFieldScanner } from './json';
export { valuesAreDurations } from './valueUnit';
