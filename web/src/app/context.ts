/** What every page gets from the shell. */
import type { Auth, Sync } from '../sdk/api.ts';

export interface AppContext {
  auth: Auth;
  /** null while signed out */
  sync: Sync | null;
  /** follows an address inside the app without reloading */
  navigate(path: string): void;
  /** shows an error the user should know about */
  report(error: unknown): void;
}

export interface Page {
  element: HTMLElement;
  /** the element to focus after navigating here */
  focusTarget?: HTMLElement;
  /** the URL's hash changed (list filters) */
  onHash?(): void;
  dispose(): void;
}
