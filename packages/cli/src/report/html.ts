/** Escaping for text put into the report's HTML: element text, attributes and inline scripts. */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element body or a quoted attribute value. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON to put inside `<script type="application/json">`: `<`, `>` and `&` become \u escapes
 * so no value can close the script element or open a comment, and U+2028/2029 are escaped too.
 * JSON.parse reads it back unchanged.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Script source to inline in `<script>`: `<script`, `</script` and `<!--` (which can only stand in
 * strings, templates and regexes of a script) get their `<` as `\x3C`, which means the same there.
 */
export function inlineScript(source: string): string {
  return source.replace(/<(\/?script|!--)/gi, '\\x3C$1');
}
