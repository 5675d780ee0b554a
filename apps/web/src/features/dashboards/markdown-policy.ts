// What a markdown widget may contain (features §5.1): GitHub-flavoured Markdown with limited HTML.
// The component sanitises with DOMPurify (which needs a DOM); these are the rules it applies, kept
// here so that Node tests them.

/** The CSS properties a style attribute keeps; every other declaration is dropped. */
export const ALLOWED_STYLE_PROPERTIES = ['color', 'background-color', 'text-decoration'] as const;

/** Elements removed with their content, besides DOMPurify's own (scripts and the like). */
export const FORBIDDEN_TAGS = [
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'style',
  'link',
  'meta',
  'base',
] as const;

/**
 * A style attribute with only the allowed properties, and none whose value could load or run
 * anything (`url(`, `expression(`, `\` escapes, `@import`); '' when nothing is left.
 */
export function filterStyle(style: string): string {
  const kept: string[] = [];
  for (const decl of style.split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const name = decl.slice(0, colon).trim().toLowerCase();
    const value = decl.slice(colon + 1).trim();
    if (!(ALLOWED_STYLE_PROPERTIES as readonly string[]).includes(name) || value === '') continue;
    if (/url\s*\(|expression\s*\(|\\|@import|[<>"{}]/i.test(value)) continue;
    kept.push(`${name}: ${value}`);
  }
  return kept.join('; ');
}

/** Whether a link or image address is safe to keep: http(s), mailto, in-page or relative, never `javascript:` or `data:`. */
export function safeUrl(url: string): boolean {
  // Browsers ignore tabs, newlines and leading spaces in a scheme ("java\tscript:"), so compare without them.
  let u = '';
  for (const ch of url) if (ch.charCodeAt(0) > 0x20) u += ch.toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(u);
  return scheme === null || ['http', 'https', 'mailto'].includes(scheme[1] as string);
}
