/** The byte-level CSV scanner (server/src/engine/metrics/csv.ts): RFC 4180 and physical lines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvScanner, parseCsvText, delimiterByte } from '../../server/src/engine/metrics/csv';

type Parsed = ReturnType<typeof parseCsvText>;

/** Parses with every chunk size given: all must agree (a record may be split anywhere). */
function parseAll(text: string | Uint8Array, options: Parameters<typeof parseCsvText>[1] = {}, sizes = [1, 2, 3, 7, 64, 1 << 20]): Parsed {
  const results = sizes.map((n) => parseCsvText(text, options, n));
  for (let i = 1; i < results.length; i++) assert.deepEqual(results[i], results[0], `chunk size ${sizes[i]} differs from ${sizes[0]}`);
  return results[0];
}
const rows = (p: Parsed) => p.rows.map((r) => [r.line, ...r.fields]);

test('simple records, header, line numbers', () => {
  const p = parseAll('a,b\n1,2\n3,4\n');
  assert.deepEqual(p.header, ['a', 'b']);
  assert.deepEqual(rows(p), [[2, '1', '2'], [3, '3', '4']]);
  assert.deepEqual(p.issues, []);
});

test('quoted fields: delimiters, doubled quotes, empty quoted field', () => {
  const p = parseAll('a,b,c\n"x,y","say ""hi""",""\n"""",b,\n');
  assert.deepEqual(rows(p), [[2, 'x,y', 'say "hi"', ''], [3, '"', 'b', '']]);
});

test('a quoted newline advances the physical line count of later records', () => {
  const p = parseAll('h1,h2\n"multi\nline\nvalue",1\nnext,2\n"a\r\nb",3\nlast,4\n');
  assert.deepEqual(rows(p), [[2, 'multi\nline\nvalue', '1'], [5, 'next', '2'], [6, 'a\r\nb', '3'], [8, 'last', '4']]);
});

test('CRLF, LF, lone CR and mixed endings are each one line break', () => {
  const p = parseAll('a,b\r\n1,2\n3,4\r5,6\r\n\r\n7,8');
  assert.deepEqual(rows(p), [[2, '1', '2'], [3, '3', '4'], [4, '5', '6'], [6, '7', '8']]);
  assert.deepEqual(p.issues, []);
});

test('CRLF split across chunks counts once', () => {
  const text = 'a\r\n1\r\n2\r\n';
  for (let cut = 0; cut <= text.length; cut++) {
    const got: number[] = [];
    const s = new CsvScanner({ onRecord: (_sc, line) => got.push(line), onIssue: () => assert.fail('issue') });
    s.write(Buffer.from(text.slice(0, cut)));
    s.write(Buffer.from(text.slice(cut)));
    s.end();
    assert.deepEqual(got, [2, 3], `cut at ${cut}`);
  }
});

test('blank and whitespace-only lines are skipped silently but counted', () => {
  const p = parseAll('\n\na,b\n\n1,2\n   \n\t\n3,4\n\n');
  assert.deepEqual(p.header, ['a', 'b']);
  assert.deepEqual(rows(p), [[5, '1', '2'], [8, '3', '4']]);
  assert.deepEqual(p.issues, []);
});

test('a record with the wrong number of fields is reported at its line and skipped', () => {
  const p = parseAll('a,b,c\n1,2,3\n1,2\n1,2,3,4\n"x\ny",2\n5,6,7\n');
  assert.deepEqual(rows(p), [[2, '1', '2', '3'], [7, '5', '6', '7']]);
  assert.deepEqual(p.issues, [
    { line: 3, problem: '2 fields, expected 3 as in the header' },
    { line: 4, problem: '4 fields, expected 3 as in the header' },
    { line: 5, problem: '2 fields, expected 3 as in the header' },
  ]);
});

test('an unterminated quote at EOF is reported at the line where its record starts', () => {
  const p = parseAll('a,b\n1,2\n3,"open\n4,5\n6,7\n');
  assert.deepEqual(rows(p), [[2, '1', '2']]);
  assert.equal(p.issues.length, 1);
  assert.equal(p.issues[0].line, 3);
  assert.match(p.issues[0].problem, /^unterminated quoted field/);
});

test('a character after a closing quote is reported, the rest goes on', () => {
  const p = parseAll('a,b\n"x"y,1\n2,3\n');
  assert.deepEqual(rows(p), [[3, '2', '3']]);
  assert.deepEqual(p.issues.map((i) => i.line), [2]);
  assert.match(p.issues[0].problem, /after a closing quote/);
});

test('a quote inside an unquoted field is literal', () => {
  assert.deepEqual(rows(parseAll('a,b\n5" pipe,1\n')), [[2, '5" pipe', '1']]);
});

test('last record without a line break, trailing delimiter, closing quote at EOF', () => {
  assert.deepEqual(rows(parseAll('a,b\n1,2')), [[2, '1', '2']]);
  assert.deepEqual(rows(parseAll('a,b\n1,')), [[2, '1', '']]);
  assert.deepEqual(rows(parseAll('a,b\n1,"x"')), [[2, '1', 'x']]);
  assert.deepEqual(rows(parseAll('a,b\n1,"x"\n')), [[2, '1', 'x']]);
});

test('a UTF-8 BOM at the start is ignored, even split over chunks', () => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ts,v\n1,2\n')]);
  const p = parseAll(bytes);
  assert.deepEqual(p.header, ['ts', 'v']);
  assert.deepEqual(rows(p), [[2, '1', '2']]);
  // Not at the start: kept as data.
  assert.deepEqual(parseCsvText('a\n\ufeffx\n').rows[0].fields, ['\ufeffx']);
});

test('configurable one-character delimiter: `;`, tab, `|`', () => {
  assert.deepEqual(rows(parseAll('a;b\n"1;5";2,5\n', { delimiter: ';' })), [[2, '1;5', '2,5']]);
  assert.deepEqual(rows(parseAll('a\tb\n1\t2\n', { delimiter: '\t' })), [[2, '1', '2']]);
  assert.deepEqual(rows(parseAll('a|b\n1|2\n', { delimiter: '|' })), [[2, '1', '2']]);
  assert.equal(delimiterByte('tab'), 9);
  assert.throws(() => delimiterByte(';;'), /one ASCII character/);
  assert.throws(() => delimiterByte('"'), /cannot be a delimiter/);
});

test('UTF-8 text in fields', () => {
  assert.deepEqual(rows(parseAll('name,v\n"Zürich, CH",1\n東京,2\n')), [[2, 'Zürich, CH', '1'], [3, '東京', '2']]);
});

test('without header mode every record is handed over', () => {
  assert.deepEqual(rows(parseAll('1,2\n3\n', { header: false })), [[1, '1', '2'], [2, '3']]);
});

test('a long quoted field spanning many chunks', () => {
  const big = 'x'.repeat(300_000) + '\n' + 'y'.repeat(10);
  const p = parseCsvText(`a,b\n"${big}",1\nz,2\n`, {}, 4096);
  assert.deepEqual(p.rows.map((r) => [r.line, r.fields[0].length, r.fields[1]]), [[2, big.length, '1'], [4, 1, '2']]);
});

test('a record longer than 16 MiB is skipped without being buffered; later lines still count', () => {
  const huge = 'y,'.repeat(9 * 1024 * 1024); // 18 MiB in one record
  const p = parseCsvText(`a\n1\n${huge}\n2\n`, { header: true }, 1 << 20);
  assert.deepEqual(p.rows.map((r) => [r.line, ...r.fields]), [[2, '1'], [4, '2']]);
  assert.deepEqual(p.issues, [{ line: 3, problem: 'record longer than 16 MiB' }]);
  // An unterminated quote that swallows the rest of a big file: one issue at its first line.
  const q = parseCsvText(`a\n1\n"${'z\n'.repeat(9 * 1024 * 1024)}`, {}, 1 << 20);
  assert.deepEqual(q.rows.map((r) => r.line), [2]);
  assert.equal(q.issues.length, 1);
  assert.equal(q.issues[0].line, 3);
  assert.match(q.issues[0].problem, /^unterminated quoted field/);
});
