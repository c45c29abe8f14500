//! Where keyboard focus goes after an action: onto its result, never left on `<body>`.

use std::cell::RefCell;

use leptos::prelude::{document, request_animation_frame};
use wasm_bindgen::JsCast;

/// How long a wanted focus survives redraws: the data reloads after every write and draws the
/// result anew, which drops the focus the first drawing received.
const KEEP_MS: f64 = 3_000.0;

thread_local! {
    /// The element focus should be on, since when, and whether it has been put there once.
    static WANTED: RefCell<Option<(String, f64, bool)>> = const { RefCell::new(None) };
}

/// Moves focus to the element `id` once it is drawn (give it `tabindex="-1"` if it is not a
/// control). If a reload within a few seconds draws it again, focus follows it, unless the
/// person has moved focus elsewhere meanwhile.
pub fn focus_soon(id: impl Into<String>) {
    let now = web_sys::js_sys::Date::now();
    WANTED.with(|wanted| *wanted.borrow_mut() = Some((id.into(), now, false)));
    after_drawing();
}

/// Called after anything is drawn anew: puts focus where the last action wanted it.
pub fn after_drawing() {
    // Every reload draws anew; most have no focus to place, and need no frame.
    if WANTED.with(|wanted| wanted.borrow().is_none()) {
        return;
    }
    request_animation_frame(|| {
        WANTED.with(|wanted| {
            let mut wanted = wanted.borrow_mut();
            let Some((id, since, placed)) = wanted.as_mut() else {
                return;
            };
            if web_sys::js_sys::Date::now() - *since > KEEP_MS {
                *wanted = None;
                return;
            }
            let document = document();
            let lost = document
                .active_element()
                .is_none_or(|active| Some(&active) == document.body().as_deref());
            if *placed && !lost {
                return;
            }
            if let Some(element) = document
                .get_element_by_id(id)
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = element.focus();
                *placed = true;
            }
        })
    });
}
