//! A table's rows drawn by key, in a real browser: through rows added, removed, moved and
//! changed, each row keeps the node it was drawn in, and the rows stand in the list's order.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{text, until, window};
use csp_desk::components::{KeyedRow, KeyedRows};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// Each row of the list: its key, and the text it shows.
type Rows = Vec<(&'static str, &'static str)>;

fn drawn(rows: &Rows) -> KeyedRows {
    KeyedRows(
        rows.iter()
            .map(|(key, shows)| {
                let row = view! { <tr><td>{*shows}</td></tr> };
                KeyedRow::new(key.to_string(), shows.to_string(), row.into_any())
            })
            .collect(),
    )
}

fn rows(root: &Element) -> Vec<Element> {
    let found = root.query_selector_all("tbody tr").unwrap();
    (0..found.length())
        .map(|at| found.item(at).unwrap().unchecked_into())
        .collect()
}

/// Marks every row's node with the key it was drawn for.
fn mark(root: &Element, keys: &[&str]) {
    for (row, key) in rows(root).iter().zip(keys) {
        js_sys::Reflect::set(row, &"drawnFor".into(), &JsValue::from_str(key)).unwrap();
    }
}

/// What each row's node was drawn for, if it was marked, and the text it shows.
fn seen(root: &Element) -> Vec<(Option<String>, String)> {
    rows(root)
        .iter()
        .map(|row| {
            let marked = js_sys::Reflect::get(row, &"drawnFor".into()).unwrap();
            (marked.as_string(), text(row))
        })
        .collect()
}

async fn show(list: RwSignal<Rows>, root: &Element, rows: Rows) {
    let expected: Vec<String> = rows.iter().map(|(_, shows)| shows.to_string()).collect();
    list.set(rows);
    until("the rows follow the list", || {
        seen(root)
            .into_iter()
            .map(|(_, shows)| shows)
            .collect::<Vec<_>>()
            == expected
    })
    .await;
}

fn was(key: &str, shows: &str) -> (Option<String>, String) {
    (Some(key.to_owned()), shows.to_owned())
}

fn new(shows: &str) -> (Option<String>, String) {
    (None, shows.to_owned())
}

#[wasm_bindgen_test]
async fn rows_keep_their_nodes_through_rows_added_removed_moved_and_changed() {
    let document = window().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let list = RwSignal::new(vec![("a", "Alpine"), ("b", "Bellows"), ("c", "Contoso")]);
    let _mounted = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        view! { <table><tbody>{move || drawn(&list.get())}</tbody></table> }
    });
    until("the first rows show", || rows(&root).len() == 3).await;
    mark(&root, &["a", "b", "c"]);

    // A row above them all and one gone between: the others stay as they were.
    show(
        list,
        &root,
        vec![("z", "Zava"), ("a", "Alpine"), ("c", "Contoso")],
    )
    .await;
    assert_eq!(
        seen(&root),
        [new("Zava"), was("a", "Alpine"), was("c", "Contoso")]
    );
    mark(&root, &["z", "a", "c"]);

    // The last row first: every row moves with its node.
    show(
        list,
        &root,
        vec![("c", "Contoso"), ("z", "Zava"), ("a", "Alpine")],
    )
    .await;
    assert_eq!(
        seen(&root),
        [was("c", "Contoso"), was("z", "Zava"), was("a", "Alpine")]
    );

    // A row whose text changed is written anew in its own node.
    show(
        list,
        &root,
        vec![("c", "Contoso"), ("z", "Zava"), ("a", "Alpine Ski House")],
    )
    .await;
    assert_eq!(
        seen(&root),
        [
            was("c", "Contoso"),
            was("z", "Zava"),
            was("a", "Alpine Ski House")
        ]
    );

    // Swapped ends, with a new row in the middle and one at the end.
    show(
        list,
        &root,
        vec![
            ("a", "Alpine Ski House"),
            ("n", "Northwind"),
            ("z", "Zava"),
            ("c", "Contoso"),
            ("w", "Wingtip"),
        ],
    )
    .await;
    assert_eq!(
        seen(&root),
        [
            was("a", "Alpine Ski House"),
            new("Northwind"),
            was("z", "Zava"),
            was("c", "Contoso"),
            new("Wingtip"),
        ]
    );

    // A key listed twice (two alike records), then once: one row is left.
    show(list, &root, vec![("a", "Alpine"), ("a", "Alpine")]).await;
    show(list, &root, vec![("a", "Alpine")]).await;
    assert_eq!(rows(&root).len(), 1);

    // None, then one: the one is drawn anew.
    show(list, &root, Vec::new()).await;
    assert!(rows(&root).is_empty());
    show(list, &root, vec![("a", "Alpine")]).await;
    assert_eq!(seen(&root), [new("Alpine")]);
}
