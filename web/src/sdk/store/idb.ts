/**
 * A few promise helpers over IndexedDB. A transaction commits by itself once no request is pending, so the work
 * given to `transact` must await only requests of that transaction (never fetch or timers): then every read and
 * write inside it is atomic across tabs, which is what numbering clientSeqs in two tabs at once relies on.
 */

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export function openDatabase(factory: IDBFactory, name: string, version: number,
                             upgrade: (db: IDBDatabase, oldVersion: number) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name, version);
    req.onupgradeneeded = (e) => upgrade(req.result, e.oldVersion);
    req.onsuccess = () => {
      const db = req.result;
      // another tab upgrades the schema: let it, this one reopens on its next start
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error(`IndexedDB ${name} is blocked by another tab holding an older version`));
  });
}

/** Runs `work` in one transaction; resolves with its result once the transaction has committed. */
export function transact<T>(db: IDBDatabase, stores: string[], mode: IDBTransactionMode,
                            work: (tx: IDBTransaction) => Promise<T>): Promise<T> {
  const tx = db.transaction(stores, mode);
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    tx.onerror = () => reject(tx.error);
  });
  const result = work(tx).catch((e: unknown) => {
    try { tx.abort(); } catch { /* already finished */ }
    throw e;
  });
  return Promise.all([result, done]).then(([r]) => r);
}
