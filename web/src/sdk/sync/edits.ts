/**
 * The events of the SDK's edits, stamped for this device: item events carry the update count and vector clock
 * of the register(s) they write after the edit (`EditStamper`, read from the optimistic fold, so an edit made
 * offline over the device's own pending edits counts them). clientSeq, eventId and `at` are added by the store.
 */
import { EditStamper, type ClientEvent, type Policy, type Role, type TodoList } from '../../domain/index.ts';

export type EventBody = Omit<ClientEvent, 'eventId' | 'clientSeq' | 'at'>;

export class Edits {
  private readonly stamper: EditStamper;

  constructor(clientId: string) {
    this.stamper = new EditStamper(clientId);
  }

  createList(title: string, policy: Policy): EventBody {
    return { type: 'ListCreated', title: cleanTitle(title), policy };
  }

  renameList(title: string): EventBody {
    return { type: 'ListRenamed', title: cleanTitle(title) };
  }

  addItem(list: TodoList, itemId: string, title: string): EventBody {
    return { type: 'ItemAdded', itemId, title: cleanTitle(title), ...this.stamper.add(list.item(itemId)) };
  }

  renameItem(list: TodoList, itemId: string, title: string): EventBody {
    return { type: 'ItemRenamed', itemId, title: cleanTitle(title), ...this.stamper.rename(item(list, itemId)) };
  }

  setCompleted(list: TodoList, itemId: string, completed: boolean): EventBody {
    const it = item(list, itemId);
    return completed ? { type: 'ItemCompleted', itemId, ...this.stamper.complete(it) }
        : { type: 'ItemReopened', itemId, ...this.stamper.reopen(it) };
  }

  deleteItem(list: TodoList, itemId: string): EventBody {
    return { type: 'ItemDeleted', itemId, ...this.stamper.delete(item(list, itemId)) };
  }

  share(member: string, role: Role): EventBody {
    return { type: 'MemberAdded', member, role };
  }

  unshare(member: string): EventBody {
    return { type: 'MemberRemoved', member };
  }
}

function item(list: TodoList, itemId: string) {
  const found = list.item(itemId);
  if (!found || found.deletedVersion != null) throw new Error(`no item ${itemId} in list ${list.listId}`);
  return found;
}

/** Titles are 1 to 500 code points without control characters (PROTOCOL.md): refused here, not by the server. */
function cleanTitle(title: string): string {
  const t = title.trim();
  // eslint-disable-next-line no-control-regex
  if (t.length === 0 || [...t].length > 500 || /[\u0000-\u001f\u007f-\u009f]/.test(t)) {
    throw new RangeError('a title is 1 to 500 characters, without control characters');
  }
  return t;
}
