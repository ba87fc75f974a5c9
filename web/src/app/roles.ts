/** What the signed-in user may do in a list, as the server will decide it (PROTOCOL.md "Membership"). */
import type { Role } from '../sdk/api.ts';

/** A list still only local (role null) was created here, and its creator is its owner. */
export function canEdit(role: Role | null): boolean {
  return role !== 'viewer';
}

export function canShare(role: Role | null): boolean {
  return role === null || role === 'owner';
}

export const ROLES: readonly Role[] = ['owner', 'editor', 'viewer'];
