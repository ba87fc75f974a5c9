// Port of Java's Membership as the fold uses it: every accepted entry of a created list (its ListCreated
// included) is applied, exactly as the sequencer applied it when it accepted the entry. The sequencer's
// checks (who may write what, last owner) are not needed to fold: its verdicts are in the log.
import { compareText } from './stamp.ts';
import type { EventType, Role } from './types.ts';

export class Membership {
  private readonly roles: Map<string, Role>;
  private owners = 0;

  constructor(members: Iterable<[string, Role]> = []) {
    this.roles = new Map(members);
    for (const role of this.roles.values()) if (role === 'owner') this.owners++;
  }

  /** user id -> role, by user id. */
  members(): Record<string, Role> {
    const out: Record<string, Role> = {};
    for (const user of [...this.roles.keys()].sort(compareText)) out[user] = this.roles.get(user)!;
    return out;
  }

  roleOf(userId: string | null | undefined): Role | null {
    return userId == null ? null : this.roles.get(userId) ?? null;
  }

  hasOwner(): boolean {
    return this.owners > 0;
  }

  /**
   * Applies an accepted entry of `userId` (null: a batch without a user): the claim of an ownerless list, then a
   * member event's change. Returns whether the members changed.
   */
  apply(userId: string | null, type: EventType, member?: string, role?: Role): boolean {
    let changed = false;
    if (userId !== null && !this.hasOwner()) changed = this.put(userId, 'owner');
    if (type === 'MemberAdded') changed = this.put(member!, role!) || changed;
    else if (type === 'MemberRemoved') changed = this.remove(member!) || changed;
    return changed;
  }

  copy(): Membership {
    return new Membership(this.roles);
  }

  private put(userId: string, role: Role): boolean {
    const before = this.roles.get(userId);
    this.roles.set(userId, role);
    if (before === role) return false;
    this.owners += (role === 'owner' ? 1 : 0) - (before === 'owner' ? 1 : 0);
    return true;
  }

  private remove(userId: string): boolean {
    const before = this.roles.get(userId);
    if (before === undefined) return false;
    this.roles.delete(userId);
    if (before === 'owner') this.owners--;
    return true;
  }
}
