/**
 * The text of a new SLA file: the schema's **new SLA** snippet as YAML, the same text completion
 * offers in an empty file (placeholders `${n:…}` kept for the editor to tab through). The client's
 * "New SLA File" command asks the server for it (protocol/requests.ts `NewSlaTemplateRequest`).
 */
import schemaJson from '../../../schemas/sla.schema.json';
import { toYamlSnippet } from './completionSnippets';

export function newSlaTemplate(): string | undefined {
  const snippets = (schemaJson as { defaultSnippets?: { label?: unknown; body?: unknown }[] }).defaultSnippets ?? [];
  const snippet = snippets.find((s) => s.label === 'new SLA');
  return snippet ? `${toYamlSnippet(snippet.body, 0)}\n` : undefined;
}

/** The template with every placeholder replaced by its default text (what the file holds when the user tabs through). */
export function resolvePlaceholders(snippet: string): string {
  let text = snippet;
  for (let i = 0; i < 5 && /\$\{\d+:[^{}]*\}/.test(text); i++) text = text.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  return text.replace(/\$\{\d+\}|\$\d+/g, '');
}
