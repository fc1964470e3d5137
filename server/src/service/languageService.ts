/**
 * The Model SLA language service: the one entry point the LSP server, the CLI and the tests call.
 * Pure: text in, LSP types out; no import of `vscode` or `vscode-languageserver`. State (the parse
 * cache, the compiled schema) lives in the object this returns, never in modules.
 */
import type { CompletionList, Diagnostic, DocumentLink, DocumentSymbol, Hover, Location, Position } from 'vscode-languageserver-types';
import { doComplete } from './completion';
import { findDefinition } from './definition';
import { doHover } from './hover';
import { documentLinks } from './links';
import { ParseCache, type SlaFile } from './parse';
import { SchemaService } from './schema';
import { documentSymbols } from './symbols';
import { validateFile } from './validation';

/** The part of a text document the service needs (vscode-languageserver-textdocument fits). */
export interface TextDocumentLike {
  uri: string;
  version: number;
  getText(): string;
}

export interface LanguageService {
  parse(document: TextDocumentLike): SlaFile;
  validate(document: TextDocumentLike): Diagnostic[];
  complete(document: TextDocumentLike, position: Position): CompletionList;
  hover(document: TextDocumentLike, position: Position): Hover | null;
  documentSymbols(document: TextDocumentLike): DocumentSymbol[];
  definition(document: TextDocumentLike, position: Position): Location | null;
  documentLinks(document: TextDocumentLike): DocumentLink[];
  /** Forget a closed document. */
  close(uri: string): void;
  readonly schema: SchemaService;
  readonly cache: ParseCache;
}

/** `*.sla.yaml` / `*.sla.yml`: the files the service is for, whatever the editor's language id. */
export function isSlaFileName(uriOrPath: string): boolean {
  return /\.sla\.ya?ml$/i.test(uriOrPath.replace(/[?#].*$/, ''));
}

export function getLanguageService(): LanguageService {
  const cache = new ParseCache();
  const schema = new SchemaService();
  const parse = (d: TextDocumentLike) => cache.get(d.uri, d.version, d.getText());
  return {
    schema,
    cache,
    parse,
    validate: (d) => validateFile(parse(d), schema),
    complete: (d, p) => doComplete(parse(d), p, schema),
    hover: (d, p) => doHover(parse(d), p, schema),
    documentSymbols: (d) => documentSymbols(parse(d)),
    definition: (d, p) => findDefinition(parse(d), p),
    documentLinks: (d) => documentLinks(parse(d)),
    close: (uri) => cache.delete(uri),
  };
}
