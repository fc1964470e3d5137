/**
 * The parse cache keeps the last closed document's parse for a re-open of the same text. A re-open
 * must validate exactly like a fresh service, after edits too (the re-used tree is then spliced);
 * a re-open with other text, or of another document, parses again.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { getLanguageService } from '../../server/src/service/languageService';
import { VALID_SLA } from '../helpers';
import { parseSlaFile, SCANNED_MAX_CHARS } from '../../server/src/service/parse';

const uri = 'file:///ws/reopen.sla.yaml';
const doc = (version: number, text: string) => ({ uri, version, getText: () => text });

test('a re-open of the same text re-uses the parse and validates like a fresh service, edits included', () => {
  const service = getLanguageService();
  const text = VALID_SLA.replace('"<= 300ms"', '"<= 300ms"\n    percentileMethod: linear');
  const first = service.parse(doc(1, text));
  service.validate(doc(1, text));
  service.close(uri);
  const parses = service.cache.parses;
  const reopened = service.parse(doc(2, text));
  assert.equal(service.cache.parses, parses, 'no parse on re-open');
  assert.equal(reopened.docs[0]!.yaml, first.docs[0]!.yaml, 'the same tree');
  assert.equal(reopened.version, 2);
  let current = text;
  for (let version = 2; version <= 6; version++) {
    if (version > 2) current = current.replace(/target: "<= (\d+)ms"/, (_, n: string) => `target: "<= ${Number(n) + 1}ms"`);
    const fresh = getLanguageService();
    assert.deepEqual(service.validate(doc(version, current)), fresh.validate(doc(1, current)), `version ${version}`);
  }
});

test('a re-open with other text, or after another document closed, parses again', () => {
  const service = getLanguageService();
  service.parse(doc(1, VALID_SLA));
  service.close(uri);
  const parses = service.cache.parses;
  const changed = VALID_SLA.replace('"<= 300ms"', '"<= 301ms"');
  service.parse(doc(2, changed));
  assert.equal(service.cache.parses, parses + 1);
  assert.equal(service.cache.incrementalParses, 0, 'parsed whole, not spliced onto the closed tree');
  service.close(uri);
  service.parse({ uri: 'file:///ws/other.sla.yaml', version: 1, getText: () => VALID_SLA });
  service.close('file:///ws/other.sla.yaml');
  service.parse(doc(3, changed));
  assert.equal(service.cache.parses, parses + 3);
  service.close(uri);
  service.cache.dropRetired(uri);
  service.parse(doc(4, changed));
  assert.equal(service.cache.parses, parses + 4);
});

test('a file parsed by the workspace scan is adopted by its first open with the same text, and validates like a fresh parse', () => {
  const service = getLanguageService();
  const other = 'file:///ws/other.sla.yaml';
  service.cache.offer(parseSlaFile(uri, 0, VALID_SLA));
  service.cache.offer(parseSlaFile(other, 0, VALID_SLA));
  const parses = service.cache.parses;
  const opened = service.parse(doc(1, VALID_SLA));
  assert.equal(service.cache.parses, parses, 'adopted, not parsed');
  assert.equal(opened.version, 1);
  assert.deepEqual(service.validate(doc(1, VALID_SLA)), getLanguageService().validate(doc(1, VALID_SLA)));
  const edited = VALID_SLA.replace('"<= 300ms"', '"<= 301ms"');
  assert.deepEqual(service.validate(doc(2, edited)), getLanguageService().validate(doc(1, edited)));
  // Another text on disk than in the editor: parsed.
  service.parse({ uri: other, version: 1, getText: () => edited });
  assert.equal(service.cache.parses, parses + 2);
  // Dropped, and bounded.
  service.cache.offer(parseSlaFile('file:///ws/third.sla.yaml', 0, VALID_SLA));
  service.cache.dropScanned();
  service.parse({ uri: 'file:///ws/third.sla.yaml', version: 1, getText: () => VALID_SLA });
  assert.equal(service.cache.parses, parses + 3);
  service.cache.offer(parseSlaFile('file:///ws/huge.sla.yaml', 0, VALID_SLA + `# ${'x'.repeat(SCANNED_MAX_CHARS)}\n`));
  service.parse({ uri: 'file:///ws/huge.sla.yaml', version: 1, getText: () => VALID_SLA + `# ${'x'.repeat(SCANNED_MAX_CHARS)}\n` });
  assert.equal(service.cache.parses, parses + 4, 'over the bound: not kept');
});
