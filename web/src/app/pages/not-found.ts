import type { Page } from '../context.ts';
import { h } from '../dom.ts';

export function notFoundPage(path: string): Page {
  const heading = h('h1', { tabindex: -1 }, 'Nothing here');
  return { element: h('section', { class: 'page' }, heading, h('p', {}, `No page at ${path}. `), h('a', { href: '/' }, 'Your lists')),
    focusTarget: heading, dispose() {} };
}
