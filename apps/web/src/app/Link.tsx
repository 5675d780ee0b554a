import type { AnchorHTMLAttributes, ComponentChildren } from 'preact';
import { followLink } from './router.ts';

/** An in-app link: a real <a href> (so it opens in a new tab and reads as a link) that navigates in place. */
export function Link(props: { href: string; children: ComponentChildren } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const { href, children, ...rest } = props;
  return (
    <a href={href} onClick={followLink} {...rest}>
      {children}
    </a>
  );
}
