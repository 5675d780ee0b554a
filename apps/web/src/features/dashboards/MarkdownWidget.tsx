import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'preact/hooks';
import { FORBIDDEN_TAGS, filterStyle, safeUrl } from './markdown-policy.ts';

// DOMPurify's hooks are global to its instance: set once, for every markdown widget.
DOMPurify.addHook('uponSanitizeAttribute', (_node, data) => {
  if (data.attrName === 'style') {
    const kept = filterStyle(data.attrValue);
    if (kept === '') data.keepAttr = false;
    else data.attrValue = kept;
  }
  if ((data.attrName === 'href' || data.attrName === 'src') && !safeUrl(data.attrValue)) data.keepAttr = false;
});
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  // Links open in a new tab that cannot reach back to this page, and send no referrer.
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
  if (node.tagName === 'IMG') node.setAttribute('referrerpolicy', 'no-referrer');
});

/** Markdown (GitHub-flavoured) as sanitised HTML: no scripts, event handlers, iframes or forms; styles limited. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { gfm: true, async: false });
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: [...FORBIDDEN_TAGS],
    ADD_ATTR: ['target'],
    ALLOW_DATA_ATTR: false,
  });
}

/** A markdown widget's body. */
export function MarkdownWidget({ markdown }: { markdown: string }) {
  const html = useMemo(() => renderMarkdown(markdown), [markdown]);
  // The HTML was sanitised just above: this is the one place the UI sets HTML.
  return <div class="markdown-body" dangerouslySetInnerHTML={{ __html: html }} />;
}
