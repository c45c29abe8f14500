/**
 * The local backend's event log in IndexedDB, read and written from the page as a test needs
 * (`page.evaluate`). Each function stands alone: Playwright sends it to the page by its text.
 * Opening at version 1 makes the same two stores the app makes, so a test that looks first
 * does not leave a database the app cannot use.
 */

/** How many records the log holds: one a write. */
export function eventRecords(): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('csp-desk.events.v2', 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('log', { autoIncrement: true });
      request.result.createObjectStore('aside', { autoIncrement: true });
    };
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const count = db.transaction('log').objectStore('log').count();
      count.onsuccess = () => {
        db.close();
        resolve(count.result);
      };
      count.onerror = () => reject(count.error);
    };
  });
}

/** Adds `text` as the log's last record, as a write of the app would. */
export function addEventRecord(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('csp-desk.events.v2', 1);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction('log', 'readwrite');
      tx.objectStore('log').add(text);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}
