// Two layout helpers in plain JavaScript rather than the app's Rust: the .wasm budget has no
// room for them (the menu's click handler alone measured 640 bytes gzipped as Rust), and
// without this script the page still works, only less comfortably on a phone.

// Every cell of a data table gets its column's name as `data-label`, which the narrow layout
// (style/main.css) shows beside the value when each row becomes a card. Rows come and go with
// every render, so this follows the DOM, labelling only the tables a change touched (typing
// in a search redraws one table, not the page).
function label(table) {
  const names = table.tHead ? [...table.tHead.rows[0].cells].map((cell) => cell.textContent.trim()) : [];
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      let column = 0;
      for (const cell of row.cells) {
        const name = names[column] ?? '';
        if (cell.dataset.label !== name) cell.dataset.label = name;
        column += cell.colSpan;
      }
    }
  }
}

new MutationObserver((changes) => {
  const touched = new Set();
  for (const { target } of changes) {
    if (!(target instanceof Element)) continue;
    const around = target.closest('table.data-table');
    if (around) touched.add(around);
    else for (const inside of target.querySelectorAll('table.data-table')) touched.add(inside);
  }
  touched.forEach(label);
}).observe(document.body, { childList: true, subtree: true });

// On a phone the Current view's menu folds; choosing an entry folds it again, or the open menu
// would push the chosen page down. Where the menu stands beside the page, `open` changes nothing.
document.addEventListener('click', (event) => {
  const fold = event.target instanceof Element && event.target.closest('a') && event.target.closest('details.menu-fold');
  if (fold) fold.open = false;
});
