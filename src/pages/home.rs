use leptos::prelude::*;

use crate::i18n::use_texts;
use crate::pages::closing_soon::ClosingTodayBadge;
use crate::preferences::{use_preferences, ViewMode};
use crate::routes::Section;
use crate::session::use_session;

/// Home: the tiles in Workspaces view; in Current view the menu beside it does their work.
#[component]
pub fn Home() -> impl IntoView {
    let texts = use_texts();
    let preferences = use_preferences();
    let session = use_session();
    let customer_view = move || {
        session.user.with(|user| {
            user.as_ref()
                .is_some_and(|user| user.own_customer().is_some())
        })
    };
    let tiles = move || {
        session
            .user
            .with(|user| Section::offered_to(user.as_ref()))
            .iter()
            .map(|&section| {
                let summary_id = format!(
                    "tile-{}-summary",
                    section.href().trim_start_matches('/').replace('/', "-")
                );
                let described_by = summary_id.clone();
                view! {
                    <li class="tile">
                        <a class="tile-title" href=section.href() aria-describedby=described_by>
                            {section.label(texts)}
                            {(section == Section::ClosingSoon).then(|| view! { <ClosingTodayBadge /> })}
                        </a>
                        <p class="tile-summary" id=summary_id>
                            {section.summary(texts)}
                        </p>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <h1>{texts.home}</h1>
        {move || match preferences.view.get() {
            ViewMode::Workspaces => {
                view! {
                    <p>{move || if customer_view() { texts.home_customer_intro } else { texts.home_workspaces_intro }}</p>
                    <nav aria-label=texts.workspaces>
                        <ul class="tiles">{tiles}</ul>
                    </nav>
                }
                    .into_any()
            }
            ViewMode::Current => view! { <p>{texts.home_current_intro}</p> }.into_any(),
        }}
    }
}
