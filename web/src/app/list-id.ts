/** A new list's id when the user gives none: a slug of its title plus a random suffix, in the id pattern. */

/** The protocol's id pattern (listId, itemId, clientId, user ids). */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isId(value: string): boolean {
  return ID.test(value);
}

export function slug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

export function randomSuffix(random: () => number = Math.random): string {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 6; i++) s += chars[Math.floor(random() * chars.length)];
  return s;
}

export function deriveListId(title: string, random: () => number = Math.random): string {
  const base = slug(title);
  return (base === '' ? 'list' : base) + '-' + randomSuffix(random);
}
