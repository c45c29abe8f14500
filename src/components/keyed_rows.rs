//! A table's rows drawn by key. Tachys redraws a plain list of rows by place: a row added at
//! the top rewrites every row below it, and under `erase_components` every attribute of every
//! row is removed and set again. Its own keyed list cost the wasm 5.5 KB gzipped; this one is
//! small and not generic. A new answer keeps untouched each row it holds unchanged, rewrites in
//! place what changed in a row it still holds (so focus inside it stays), draws the new rows,
//! removes the gone ones, and moves rows only when their order changed.

use leptos::prelude::*;
use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node, Placeholder};
use leptos::tachys::renderer::Rndr;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

/// The rows of a table's body, in order.
pub struct KeyedRows(pub Vec<KeyedRow>);

/// One row: what it stands for (its key), what it shows, and its drawing.
pub struct KeyedRow {
    key: String,
    shows: Option<String>,
    row: AnyView,
}

impl KeyedRow {
    /// `key` names the record (its id). `shows` is every text the row shows, joined: a row
    /// whose text is unchanged is left alone, one whose text changed is rewritten in place.
    pub fn new(key: String, shows: String, row: AnyView) -> Self {
        KeyedRow {
            key,
            shows: Some(shows),
            row,
        }
    }

    /// A row too rich to sum up as text (it holds its own controls): rewritten in place on
    /// every answer, as a row kept by place would be, but kept by its key.
    pub fn redrawn(key: String, row: AnyView) -> Self {
        KeyedRow {
            key,
            shows: None,
            row,
        }
    }
}

/// A row drawn: its key, what it shows, and its nodes.
type Drawn = (String, Option<String>, AnyViewState);

/// The rows drawn, in order, and the mark after the last.
pub struct KeyedRowsState {
    rows: Vec<Drawn>,
    end: Placeholder,
}

impl Render for KeyedRows {
    type State = KeyedRowsState;

    fn build(self) -> KeyedRowsState {
        KeyedRowsState {
            rows: self
                .0
                .into_iter()
                .map(|new| (new.key, new.shows, new.row.build()))
                .collect(),
            end: Rndr::create_placeholder(),
        }
    }

    fn rebuild(self, state: &mut KeyedRowsState) {
        let mut old: Vec<Option<Drawn>> = Vec::with_capacity(state.rows.len());
        for drawn in state.rows.drain(..) {
            old.push(Some(drawn));
        }
        // From the last row up, each row goes in before the row after it. A kept row stays
        // where it is if it stood before every kept row that stayed so far; any other moves.
        // So the rows that stay keep their old order, and each row that moves or is new goes
        // in just before the row that follows it.
        let mut rows: Vec<Drawn> = Vec::with_capacity(self.0.len());
        let mut first_staying = usize::MAX;
        for new in self.0.into_iter().rev() {
            let kept = old
                .iter()
                .position(|drawn| matches!(drawn, Some((key, ..)) if *key == new.key));
            let (mut drawn, stays) = match kept.and_then(|at| Some((at, old[at].take()?))) {
                Some((at, (_, shown, mut drawn))) => {
                    if new.shows.is_none() || new.shows != shown {
                        new.row.rebuild(&mut drawn);
                    }
                    let stays = at < first_staying;
                    if stays {
                        first_staying = at;
                    }
                    (drawn, stays)
                }
                None => (new.row.build(), false),
            };
            if !stays {
                match rows.last() {
                    Some((.., after)) => {
                        after.insert_before_this(&mut drawn);
                    }
                    None => {
                        Rndr::try_mount_before(&mut drawn, state.end.as_ref());
                    }
                }
            }
            rows.push((new.key, new.shows, drawn));
        }
        // What no new row took is gone (a key listed twice before and once now, too).
        for (.., mut gone) in old.into_iter().flatten() {
            gone.unmount();
        }
        rows.reverse();
        state.rows = rows;
    }
}

impl Mountable for KeyedRowsState {
    fn unmount(&mut self) {
        for (.., row) in &mut self.rows {
            row.unmount();
        }
        self.end.unmount();
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        for (.., row) in &mut self.rows {
            row.mount(parent, marker);
        }
        self.end.mount(parent, marker);
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match self.rows.first() {
            Some((.., row)) => row.insert_before_this(child),
            None => self.end.insert_before_this(child),
        }
    }

    fn elements(&self) -> Vec<Element> {
        self.rows
            .iter()
            .flat_map(|(.., row)| row.elements())
            .collect()
    }
}

// The app renders in the browser only: what follows is what a view must have, never called.

impl AddAnyAttr for KeyedRows {
    type Output<SomeNewAttr: Attribute> = KeyedRows;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> KeyedRows {
        self
    }
}

impl RenderHtml for KeyedRows {
    type AsyncOutput = KeyedRows;
    type Owned = KeyedRows;

    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> KeyedRows {
        self
    }

    fn to_html_with_buf(
        self,
        _buf: &mut String,
        _position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        _position: &PositionState,
    ) -> KeyedRowsState {
        self.build()
    }

    fn into_owned(self) -> KeyedRows {
        self
    }
}
