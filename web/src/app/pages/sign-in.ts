/** Signed out: what the app is and `button.sign-in`, which goes to the issuer's page and back here. */
import type { AppContext, Page } from '../context.ts';
import { h } from '../dom.ts';

export function signInPage(ctx: AppContext, returnTo: string): Page {
  const button = h('button', { type: 'button', class: 'sign-in' }, 'Sign in');
  button.addEventListener('click', () => {
    button.disabled = true;
    ctx.auth.signIn(returnTo).catch(err => { button.disabled = false; ctx.report(err); });
  });
  const heading = h('h1', { tabindex: -1 }, 'Shared todo lists');
  const element = h('section', { class: 'page sign-in-page' }, heading,
    h('p', {}, 'Lists that keep working offline and sync when you are back, shared with the people you choose.'),
    button);
  return { element, focusTarget: heading, dispose() {} };
}
