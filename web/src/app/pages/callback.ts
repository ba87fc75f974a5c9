/** `/callback`: the issuer sends the browser here with a code; exchange it, then go back to where the user was. */
import type { AppContext, Page } from '../context.ts';
import { h } from '../dom.ts';
import { safeReturnPath } from '../router.ts';

export function callbackPage(ctx: AppContext, go: (path: string) => void = p => location.replace(p)): Page {
  const message = h('p', { 'aria-live': 'polite' }, 'Signing in…');
  const element = h('section', { class: 'page callback-page' }, message);
  ctx.auth.completeSignIn(location.href).then(
    next => go(safeReturnPath(next)),
    err => {
      message.textContent = `Sign-in did not complete: ${err instanceof Error ? err.message : String(err)}`;
      element.append(h('a', { href: '/' }, 'Back to the start'));
    });
  return { element, dispose() {} };
}
