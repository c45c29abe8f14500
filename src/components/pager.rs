//! A long list shown a page at a time.

use csp_domain::paging::DEFAULT_PAGE_SIZE;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use super::focus_soon;
use crate::i18n::use_texts;

/// "51–100 of 4,034" for a page of `shown` rows from `offset` of `matching`, between links to
/// the pages before and after it (`href` gives a page number's URL, so a reload or a shared
/// link shows the same page). Nothing when one page holds the whole list. The page's
/// `?{key}=` names its links, so that the one followed keeps the focus on the next page.
// Links, not buttons: the page is in the URL, and a link is what the keyboard and the
// browser's back button already know.
pub fn pager(
    offset: usize,
    shown: usize,
    matching: usize,
    size: usize,
    href: &dyn Fn(usize) -> String,
    key: &'static str,
) -> AnyView {
    if offset == 0 && shown >= matching {
        return ().into_any();
    }
    let texts = use_texts();
    let number = offset / size.max(1) + 1;
    // The list is drawn anew with its pager, which would drop the focus onto the page's body:
    // it goes to the same link of the new pager instead, or, at the list's end, to its label.
    let link = |to: Option<usize>, label: &'static str, rel: &'static str| {
        let id = format!("{key}-{rel}");
        match to {
            Some(to) => {
                let wanted = id.clone();
                view! { <a id=id href=href(to) rel=rel on:click=move |_| focus_soon(wanted.clone())>{label}</a> }.into_any()
            }
            None => view! { <span id=id class="pager-end" aria-disabled="true" tabindex="-1">{label}</span> }.into_any(),
        }
    };
    let previous = link(
        (number > 1).then(|| number - 1),
        texts.previous_page,
        "prev",
    );
    let next = link(
        (offset + shown < matching).then_some(number + 1),
        texts.next_page,
        "next",
    );
    let range = texts.page_range((offset + 1).min(matching), offset + shown, matching);
    view! {
        <nav class="pager" aria-label=texts.pages>
            {previous}
            <span>{range}</span>
            {next}
        </nav>
    }
    .into_any()
}

/// The pager under `shown` rows from `offset` of `matching`, read a page of 50 at a time, with
/// the page in the URL's `?{key}=`.
pub fn pager_in_url(offset: usize, shown: usize, matching: usize, key: &'static str) -> AnyView {
    let query = use_query_map();
    let path = use_location().pathname.get_untracked();
    let href = move |to: usize| {
        let mut query = query.get_untracked();
        query.remove(key);
        if to > 1 {
            query.replace(key, to.to_string());
        }
        format!("{path}{}", query.to_query_string())
    };
    pager(offset, shown, matching, DEFAULT_PAGE_SIZE, &href, key)
}

/// The page number the URL's `?page=` asks for: 1 when it is missing or no number.
pub fn page_in_url() -> Memo<usize> {
    page_in_url_by("page")
}

/// The page number the URL's `?{key}=` asks for: 1 when it is missing or no number.
pub fn page_in_url_by(key: &'static str) -> Memo<usize> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|query| {
            query
                .get_str(key)
                .and_then(|page| page.parse().ok())
                .unwrap_or(1)
        })
    })
}
