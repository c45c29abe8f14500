use leptos::prelude::*;

/// A tab that is a link: the chosen tab lives in the URL, so a reload or a shared link keeps it.
#[derive(Clone)]
pub struct LinkTab {
    pub href: String,
    pub label: &'static str,
    pub selected: bool,
}

/// Tabs whose state is the URL; the arrow keys move between them as in any tab list.
#[component]
pub fn LinkTabs(#[prop(into)] label: String, tabs: Vec<LinkTab>) -> impl IntoView {
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        let step: i32 = match event.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        event.prevent_default();
        let target: Option<web_sys::Element> = event.target().and_then(|target| {
            use wasm_bindgen::JsCast;
            target.dyn_into::<web_sys::Element>().ok()
        });
        let Some(tab) = target else { return };
        let sibling = if step > 0 {
            tab.next_element_sibling()
        } else {
            tab.previous_element_sibling()
        };
        if let Some(sibling) = sibling {
            use wasm_bindgen::JsCast;
            if let Ok(sibling) = sibling.dyn_into::<web_sys::HtmlElement>() {
                let _ = sibling.focus();
            }
        }
    };
    view! {
        <div class="link-tabs" role="tablist" aria-label=label on:keydown=on_keydown>
            {tabs
                .into_iter()
                .map(|tab| {
                    view! {
                        <a
                            role="tab"
                            href=tab.href
                            aria-selected=tab.selected.to_string()
                            tabindex=if tab.selected { "0" } else { "-1" }
                        >
                            {tab.label}
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}
