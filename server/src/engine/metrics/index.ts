/** Metric ingestion: CSV and JSON Lines bytes into typed arrays (the file I/O is io/sources/fileSource.ts). */
export * from './types';
export { detectFormat } from './format';
export { DURATION_UNITS, type RowReader } from './rowReader';
export { createRowReader } from './rowReaders';
export { CsvScanner, parseCsvText, delimiterByte, MAX_RECORD_BYTES, type CsvHandlers, type CsvOptions } from './csv';
export { TimestampParser, ZoneResolver, parseTimestamp, daysFromCivil, type TimestampOptions, type TimestampResult } from './timestamps';
export { parseGoodExpression, compileGoodExpression, GoodEvaluator, type GoodExpression, type GoodLiteral, type GoodOp, type GoodParseResult } from './goodExpression';
export { DecimalReader, parseDecimal, decimalParts, compareDecimalParts, compareDecimalText, type DecimalParts } from './numbers';
export { JsonFieldScanner } from './json';
export { valuesAreDurations } from './valueUnit';
