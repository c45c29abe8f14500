//! The simulation clock in the header: the desk's now, moved forward on demand.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use csp_domain::Intent;
use leptos::prelude::*;

use crate::backend::{use_backend, Backend};
use crate::components::error_text;
use crate::i18n::format;
use crate::i18n::{use_texts, Texts};
use crate::session::{use_session, Session};

/// How far to move the clock.
#[derive(Clone, Copy)]
enum Step {
    By(Duration),
    /// To this date, at the clock's current time of day.
    To(NaiveDate),
}

/// Shows the simulated date and time, with +1 hour, +1 day, +7 days, +30 days and a date to
/// jump to. The backend keeps the clock, so it survives a reload; it only moves forward.
#[component]
pub fn SimulationClock() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    // A signal filled by a task rather than a resource under <Transition>: the header shows
    // the last known time while a new one loads, and the wasm stays smaller.
    let now = RwSignal::new(None::<String>);
    Effect::new({
        let backend = backend.clone();
        move |_| {
            session.track();
            let backend = backend.clone();
            leptos::task::spawn_local(async move {
                let shown = match backend.now().await {
                    Ok(now) => format::date_time(now),
                    Err(error) => error_text(texts, &error),
                };
                now.set(Some(shown));
            });
        }
    });
    let failure = RwSignal::new(None::<String>);
    let jump = RwSignal::new(String::new());
    let step = move |step: Step| {
        let backend = backend.clone();
        leptos::task::spawn_local(move_clock(backend, session, failure, step, texts));
    };
    let button = {
        let step = step.clone();
        move |label: &'static str, by: Duration| {
            let step = step.clone();
            view! {
                <button type="button" class="clock-step" on:click=move |_| step(Step::By(by))>
                    {label}
                </button>
            }
        }
    };
    let on_jump = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        jump.set(value.clone());
        if let Ok(date) = csp_domain::wire_time::parse_day(&value).ok_or(()) {
            step(Step::To(date));
        }
    };
    view! {
        <div class="clock" role="group" aria-label=t.simulation_clock>
            <span class="clock-now" title=t.simulation_clock>
                <span class="visually-hidden">{t.simulated_time}" "</span>
                {move || now.get().unwrap_or_else(|| "…".to_owned())}
            </span>
            {button(t.plus_one_hour, Duration::hours(1))}
            {button(t.plus_one_day, Duration::days(1))}
            {button(t.plus_seven_days, Duration::days(7))}
            {button(t.plus_thirty_days, Duration::days(30))}
            <label class="visually-hidden" for="clock-jump">{t.jump_to_date}</label>
            <input id="clock-jump" type="date" prop:value=move || jump.get() on:change=on_jump />
            {move || {
                failure.get().map(|reason| view! { <span class="clock-error" role="alert">{reason}</span> })
            }}
        </div>
    }
}

async fn move_clock(
    backend: Backend,
    session: Session,
    failure: RwSignal<Option<String>>,
    step: Step,
    texts: &'static Texts,
) {
    let target = match backend.now().await {
        Ok(now) => target(now, step),
        Err(error) => return failure.set(Some(error_text(texts, &error))),
    };
    match backend.execute(Intent::MoveClock { to: target }).await {
        Ok(_) => {
            failure.set(None);
            session.changed();
        }
        Err(error) => failure.set(Some(error_text(texts, &error))),
    }
}

fn target(now: DateTime<Utc>, step: Step) -> DateTime<Utc> {
    match step {
        Step::By(by) => now + by,
        Step::To(date) => date.and_time(now.time()).and_utc(),
    }
}
