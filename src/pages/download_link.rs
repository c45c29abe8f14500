//! The page a copied download link opens: it downloads while the link is valid, and says
//! plainly when the link has expired or was revoked.

use csp_domain::catalog;
use csp_domain::queries::LinkStatus;
use csp_domain::{Intent, LinkToken, Refusal, Reply};
use leptos::prelude::*;

use crate::backend::{use_backend, BackendError};
use crate::components::browser::save_file;
use crate::components::{error_text, loaded};
use crate::i18n::format;
use crate::i18n::use_texts;
use crate::session::use_session;

/// `/download/:token`. Downloading is an explicit button, so a reload does not use up one of
/// the link's 50 downloads.
#[component]
pub fn DownloadLinkPage(token: LinkToken) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    let fetch = {
        let (backend, token) = (backend.clone(), token.clone());
        move || {
            session.track();
            let backend = backend.clone();
            let token = token.clone();
            // An unknown link is an answer, shown as such, not a failure to retry.
            async move {
                match backend.link(token).await {
                    Ok(link) => Ok(Some(link)),
                    Err(BackendError::Refused(
                        Refusal::UnknownLink | Refusal::InvalidLinkToken,
                    )) => Ok(None),
                    Err(error) => Err(error),
                }
            }
        }
    };
    // Outside the list of facts, which reloads after every download.
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let download = move || {
        let (backend, token) = (backend.clone(), token.clone());
        leptos::task::spawn_local(async move {
            busy.set(true);
            let answer = backend
                .run(Intent::DownloadViaLink { token }, Reply::into_file)
                .await;
            outcome.set(Some(match answer {
                Ok(file) => save_file(&file)
                    .map(|()| t.downloaded(&file.file_name))
                    .map_err(|reason| texts.could_not_load(&reason)),
                Err(error) => Err(error_text(texts, &error)),
            }));
            busy.set(false);
            session.changed();
        });
    };
    view! {
        <h1>{t.download_title}</h1>
        {loaded(t.loading_link, None, fetch, move |link| {
            let Some(link) = link else {
                return view! { <p class="banner banner-error" role="status">{t.link_unknown}</p> }.into_any();
            };
            let download = download.clone();
            let product = catalog::product(&link.product)
                .map_or(link.product.clone(), |product| product.name.to_owned());
            let chosen: Vec<String> = [&link.selection.version, &link.selection.language, &link.selection.file_type]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            let state = match link.status {
                LinkStatus::Valid => view! {
                    <p role="status">
                        {t.link_validity_page(&format::date_time(link.valid.closes), link.downloads_left)}
                    </p>
                    <button
                        type="button"
                        class="button-primary"
                        disabled=move || busy.get()
                        on:click=move |_| download()
                    >
                        {t.download}
                    </button>
                }
                    .into_any(),
                LinkStatus::Expired => view! {
                    <div class="banner banner-warning" role="status">
                        <p><strong>{t.link_expired}</strong></p>
                        <p>{t.link_expired_why(&format::date_time(link.valid.closes))}</p>
                    </div>
                }
                    .into_any(),
                LinkStatus::Revoked => view! {
                    <div class="banner banner-error" role="status">
                        <p><strong>{t.link_revoked}</strong></p>
                    </div>
                }
                    .into_any(),
            };
            view! {
                <dl class="facts">
                    <dt>{t.product}</dt>
                    <dd>{product}</dd>
                    <dt>{t.choice}</dt>
                    <dd>{chosen.join(", ")}</dd>
                </dl>
                {state}
            }
                .into_any()
        })}
        {move || outcome.get().map(|outcome| match outcome {
            Ok(text) => view! { <p role="status">{text}</p> }.into_any(),
            Err(text) => view! { <p class="error-text" role="alert">{text}</p> }.into_any(),
        })}
    }
}
