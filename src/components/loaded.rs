//! The one way a page part waits for the backend: a loading line, the view, or a LoadError.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

use crate::backend::BackendError;
use crate::components::LoadError;

/// A loaded value, ready to be drawn (again, when the transition redraws it).
type Drawing = Rc<dyn Fn() -> AnyView>;
/// A load in flight.
type Loading = Pin<Box<dyn Future<Output = Result<Drawing, BackendError>>>>;

/// What `fetch` loads, drawn by `show`, after a `loading` line; a LoadError to retry on failure.
// The failure shows under `heading` if given. Like a Transition, it keeps the last view while it
// reloads, which it does whenever a signal that `fetch` reads changes.
pub fn loaded<T, Fut>(
    loading: &'static str,
    heading: Option<&'static str>,
    fetch: impl Fn() -> Fut + 'static,
    show: impl Fn(T) -> AnyView + 'static,
) -> AnyView
where
    T: Clone + 'static,
    Fut: Future<Output = Result<T, BackendError>> + 'static,
{
    let show = Rc::new(show);
    transition(
        loading,
        heading,
        Box::new(move || {
            let fetching = fetch();
            let show = show.clone();
            Box::pin(async move {
                let value = fetching.await?;
                Ok(Rc::new(move || show(value.clone())) as Drawing)
            })
        }),
    )
}

// Not generic, so the resource and the async rendering exist once in the wasm, not per page.
fn transition(
    loading: &'static str,
    heading: Option<&'static str>,
    fetch: Box<dyn Fn() -> Loading>,
) -> AnyView {
    let resource = LocalResource::new(fetch);
    view! {
        <Transition fallback=move || view! { <p role="status">{loading}</p> }>
            {move || Suspend::new(async move {
                match resource.await {
                    Ok(draw) => draw(),
                    // A refusal is the answer: asking again would be refused again.
                    Err(BackendError::Refused(refusal)) => {
                        view! {
                            {heading.map(|heading| view! { <h1>{heading}</h1> })}
                            <p class="banner banner-error" role="alert">{refusal.to_string()}</p>
                        }
                            .into_any()
                    }
                    Err(BackendError::Unavailable(reason)) => {
                        view! {
                            {heading.map(|heading| view! { <h1>{heading}</h1> })}
                            <LoadError reason retry=move || resource.refetch() />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
    .into_any()
}
