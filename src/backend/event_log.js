// The local backend's event log in IndexedDB: one record per write, so a write costs the same
// however long the log is, and the log is not held to localStorage's 5 MB. Records are the
// JSON text the Rust side writes; this file only keeps them, in order.
//
// Writes run one after another, and a write queued behind one that failed fails too without
// writing: the Rust side rolls back everything from the failed write on, so nothing it rolled
// back can still reach the disk.

const NAME = 'csp-desk.events.v2';
const LOG = 'log';
const ASIDE = 'aside';

let opened;
let queue = Promise.resolve();

function database() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(LOG, { autoIncrement: true });
      request.result.createObjectStore(ASIDE, { autoIncrement: true });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  // A database that would not open is tried again on the next call.
  opened.catch(() => {
    opened = undefined;
  });
  return opened;
}

// Runs `work` in one transaction over both stores and answers what it set once it commits.
function transaction(mode, work) {
  return database().then(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction([LOG, ASIDE], mode);
        const answer = {};
        tx.oncomplete = () => resolve(answer.value);
        tx.onabort = () => reject(tx.error ?? new DOMException('the write was cancelled', 'AbortError'));
        try {
          work(tx.objectStore(LOG), tx.objectStore(ASIDE), answer);
        } catch (error) {
          tx.abort();
          reject(error);
        }
      }),
  );
}

function queued(write) {
  const done = queue.then(write);
  queue = done;
  // Once the last write queued has settled, a failure no longer holds up the next one.
  done.catch(() => {
    if (queue === done) queue = Promise.resolve();
  });
  return done;
}

/** Every record, oldest first. */
export function readRecords() {
  return transaction('readonly', (log, _, answer) => {
    log.getAll().onsuccess = (event) => {
      answer.value = event.target.result;
    };
  });
}

/** Adds one record after the others. */
export function appendRecord(text) {
  return queued(() => transaction('readwrite', (log) => log.add(text)));
}

/** Replaces every record by `texts`, in one transaction. */
export function replaceRecords(texts) {
  return queued(() =>
    transaction('readwrite', (log) => {
      log.clear();
      for (const text of texts) log.add(text);
    }),
  );
}

/** Moves every record into the kept-aside store, as one entry; answers that entry's number. */
export function keepRecordsAside() {
  return queued(() =>
    transaction('readwrite', (log, aside, answer) => {
      log.getAll().onsuccess = (event) => {
        aside.add(event.target.result).onsuccess = (added) => {
          answer.value = added.target.result;
        };
        log.clear();
      };
    }),
  );
}
