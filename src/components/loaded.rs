//! The one way a page part waits for the backend: a loading line, the view, or the failure.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

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

/// Like `loaded`, but the view is drawn once, on the first answer: each answer goes into
/// `latest`, which the view reads, so a new answer rewrites in place only what changed in it
/// rather than drawing the whole table anew on every keystroke.
pub fn loaded_into<T, Fut>(
    loading: &'static str,
    heading: Option<&'static str>,
    fetch: impl Fn() -> Fut + 'static,
    latest: RwSignal<Option<T>>,
    show: impl Fn() -> AnyView + 'static,
) -> AnyView
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, BackendError>> + 'static,
{
    // The same drawing for every answer: `load` draws it only when none is shown.
    let draw: Drawing = Rc::new(show);
    load(
        loading,
        heading,
        Box::new(move || {
            let fetching = fetch();
            let draw = draw.clone();
            Box::pin(async move {
                latest.set(Some(fetching.await?));
                Ok(draw)
            })
        }),
    )
}

/// Marks a load that a newer one made stale, and wakes it so that it ends at once.
#[derive(Default)]
struct Stale {
    marked: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

impl Stale {
    fn mark(&self) {
        self.marked.set(true);
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }
}

/// A load that ends with nothing, dropping what it was waiting for, once it is stale.
struct UnlessStale {
    fetching: Loading,
    stale: Rc<Stale>,
}

impl Future for UnlessStale {
    type Output = Option<Result<Drawing, BackendError>>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        if self.stale.marked.get() {
            return Poll::Ready(None);
        }
        *self.stale.waker.borrow_mut() = Some(context.waker().clone());
        self.fetching.as_mut().poll(context).map(Some)
    }
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
    // Only the newest load may answer: an older one still running is let go of, which cancels
    // its request (a keystroke's search that the next keystroke made stale).
    let newest = Rc::new(RefCell::new(None::<Rc<Stale>>));
    Effect::new(move |_| {
        retry.track();
        let load = UnlessStale {
            fetching: fetch(),
            stale: Rc::default(),
        };
        if let Some(older) = newest.replace(Some(load.stale.clone())) {
            older.mark();
        }
        leptos::task::spawn_local(async move {
            // The page may be gone by now; then there is nothing to update.
            let _ = match load.await {
                // Already drawn, and the drawing reads its answer itself (`loaded_into`).
                Some(Ok(draw))
                    if state.with_untracked(
                        |shown| matches!(shown, Load::Ready(drawn) if Rc::ptr_eq(drawn, &draw)),
                    ) =>
                {
                    None
                }
                Some(Ok(draw)) => state.try_set(Load::Ready(draw)),
                Some(Err(error)) => state.try_set(Load::Failed(error)),
                None => None,
            };
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
