use csp_domain::BillingPlan;
use leptos::prelude::*;

use crate::i18n::use_texts;

/// A choice among the billing plans a SKU allows. Named by `label` (an `aria-label`) where no
/// `<label for=id>` names it.
#[component]
pub fn PlanSelect(
    plans: Vec<BillingPlan>,
    selected: BillingPlan,
    #[prop(into)] on_choose: Callback<BillingPlan>,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional, into)] label: Option<String>,
) -> impl IntoView {
    let s = &use_texts().selling;
    let options = plans
        .iter()
        .map(|plan| {
            view! {
                <option value=plan.to_string() selected=*plan == selected>
                    {s.plan_name(*plan)}
                </option>
            }
        })
        .collect_view();
    view! {
        <select
            id=id
            aria-label=label
            on:change=move |event| {
                let value = event_target_value(&event);
                if let Some(plan) = plans.iter().find(|plan| plan.to_string() == value) {
                    on_choose.run(*plan);
                }
            }
        >
            {options}
        </select>
    }
}
