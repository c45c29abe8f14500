//! The one way a page part waits for the backend: a loading line, the view, or the failure.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

use crate::backend::BackendError;
use crate::components::LoadError;
use crate::i18n::messages;

/// A loaded value, ready to be drawn (again, when a signal it reads changes).
type Drawing = Rc<dyn Fn() -> AnyView>;
/// A load in flight.
type Loading = Pin<Box<dyn Future<Output = Result<Drawing, BackendError>>>>;

/// Where a load stands.
#[derive(Clone)]
enum Load {
    Loading,
    Ready(Drawing),
    Failed(BackendError),
}

/// What `fetch` loads, drawn by `show`, after a `loading` line; on failure, the reason under
/// `heading` (if given), with Try again when asking again may help.
// Like a Transition, it keeps the last view while it reloads, which it does whenever a signal
// that `fetch` reads changes.
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
    load(
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

// Not generic, so the loading and its drawing exist once in the wasm, not per page. A signal
// filled by a task, rather than a resource under <Transition>, which cost the wasm more than
// 10 KB gzipped.
fn load(
    loading: &'static str,
    heading: Option<&'static str>,
    fetch: Box<dyn Fn() -> Loading>,
) -> AnyView {
    let state = RwSignal::new_local(Load::Loading);
    let retry = RwSignal::new(0_u32);
    // Only the newest load may answer: an older one that ends later is dropped.
    let newest = Rc::new(Cell::new(0_u64));
    Effect::new(move |_| {
        retry.track();
        let fetching = fetch();
        let this = newest.get() + 1;
        newest.set(this);
        let newest = newest.clone();
        leptos::task::spawn_local(async move {
            let answer = fetching.await;
            if newest.get() == this {
                // The page may be gone by now; then there is nothing to update.
                let _ = state.try_set(match answer {
                    Ok(draw) => Load::Ready(draw),
                    Err(error) => Load::Failed(error),
                });
            }
        });
    });
    (move || match state.get() {
        Load::Loading => view! { <p role="status">{loading}</p> }.into_any(),
        Load::Ready(draw) => {
            let drawn = draw();
            super::after_drawing();
            drawn
        }
        // A refusal is the answer: asking again would be refused again.
        Load::Failed(BackendError::Refused(refusal)) => view! {
            {heading.map(|heading| view! { <h1>{heading}</h1> })}
            <p class="banner banner-error" role="alert">{messages::refusal(&refusal)}</p>
        }
        .into_any(),
        Load::Failed(BackendError::Unavailable(reason)) => view! {
            {heading.map(|heading| view! { <h1>{heading}</h1> })}
            <LoadError reason=messages::unavailable(&reason) retry=move || retry.update(|count| *count += 1) />
        }
        .into_any(),
    })
    .into_any()
}
