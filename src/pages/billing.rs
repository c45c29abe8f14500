//! Billing: the credits cancellations booked and the charges billed, per monthly invoice.

use std::collections::BTreeMap;

use csp_domain::paging::Page;
use csp_domain::{Charge, Credit, CreditsByMonth, InvoiceMonth, MonthCredits};
use leptos::prelude::*;

use crate::backend::use_backend;
use crate::components::browser::{csv_of_every_row, EveryRow};
use crate::components::{
    loaded, page_in_url, page_in_url_by, pager_in_url, DataTable, KeyedRow, KeyedRows,
};
use crate::i18n::format;
use crate::i18n::glossary::money_with_tax;
use crate::i18n::use_texts;
use crate::routes;
use crate::session::use_session;

/// Credits per invoice month, newest month first: 100% for perpetual purchases, prorated for
/// subscriptions, each with the order and item it came from; then the charges likewise. Only
/// the chart's totals and the pages shown are read; the CSV reads every credit when asked.
#[component]
pub fn BillingPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    let credits_page = page_in_url();
    let charges_page = page_in_url_by("chargesPage");
    let reading = backend.clone();
    let fetch = move || {
        session.track();
        let backend = backend.clone();
        let (credits_number, charges_number) = (credits_page.get(), charges_page.get());
        async move {
            let chart = backend.credits_by_month().await?;
            let credits = backend.credits(Some(credits_number)).await?;
            let charges = backend.charges(charges_number).await?;
            Ok((chart, credits, charges))
        }
    };
    view! {
        <h1>{texts.billing}</h1>
        <p>{texts.billing_intro}</p>
        {loaded(t.loading_credits, None, fetch, move |(chart, credits, charges): (Vec<CreditsByMonth>, Page<Credit>, Page<Charge>)| {
            let charges = charge_lists(charges);
            let credits = if credits.matching == 0 {
                view! { <p>{t.no_credits}</p> }.into_any()
            } else {
                let charts = chart.iter().map(credits_chart).collect_view();
                let every_row: EveryRow = {
                    let backend = reading.clone();
                    Box::new(move || {
                        let backend = backend.clone();
                        Box::pin(async move {
                            let all = backend.credits(None).await?;
                            Ok(csp_domain::export::credits_csv(&all.items))
                        })
                    })
                };
                let download = csv_of_every_row("credits.csv".to_owned(), every_row);
                // A page of 50 credits, newest first, under the headings of their months.
                let pages = pager_in_url(credits.offset, credits.items.len(), credits.matching, "page");
                let mut months: BTreeMap<InvoiceMonth, Vec<Credit>> = BTreeMap::new();
                for credit in credits.items {
                    months.entry(credit.invoice_month).or_default().push(credit);
                }
                let lists = months
                    .into_iter()
                    .rev()
                    .map(|(month, credits)| {
                        let title = t.invoice_month(&month.to_string());
                        // A booked credit never changes: one an item, so the item is its key.
                        let rows = credits.into_iter().map(|credit| {
                                        KeyedRow::new(credit.item.0.clone(), String::new(), view! {
                                            <tr>
                                                <td><a href=routes::customer(&credit.customer)>{credit.customer_name}</a></td>
                                                <td><a href=routes::order(&credit.customer, &credit.order)>{credit.order.0.clone()}</a></td>
                                                <td>{crate::pages::subscriptions::product_name(&credit.product)}</td>
                                                <td>{format::date_time(credit.booked_at)}</td>
                                                <td class="amount">{money_with_tax(&texts.glossary, &credit.amount, credit.includes_tax)}</td>
                                            </tr>
                                        }.into_any())
                                    }).collect();
                        view! {
                            <h2>{title.clone()}</h2>
                            <DataTable label=title columns=vec![t.customer, t.order, texts.selling.product, t.booked, t.credit]>
                                {KeyedRows(rows)}
                            </DataTable>
                        }
                    })
                    .collect_view();
                view! {
                    <h2>{texts.closing.credits_chart}</h2>
                    {charts}
                    <div class="actions actions-start">{download}</div>
                    {lists}
                    {pages}
                }
                .into_any()
            };
            view! {
                {credits}
                <h2>{t.charges}</h2>
                {charges}
            }
            .into_any()
        })}
    }
}

/// A page of 50 charges, newest first, under the headings of their invoice months; the page in
/// `?chargesPage=`, apart from the credits'. Only that page is read.
fn charge_lists(charges: Page<Charge>) -> AnyView {
    let texts = use_texts();
    let t = &texts.after_sale;
    if charges.matching == 0 {
        return view! { <p>{t.no_charges}</p> }.into_any();
    }
    let pages = pager_in_url(
        charges.offset,
        charges.items.len(),
        charges.matching,
        "chargesPage",
    );
    let mut months: BTreeMap<InvoiceMonth, Vec<Charge>> = BTreeMap::new();
    for charge in charges.items {
        months.entry(charge.invoice_month).or_default().push(charge);
    }
    let lists = months
        .into_iter()
        .rev()
        .map(|(month, charges)| {
            let title = t.charges_invoice_month(&month.to_string());
            let rows = charges
                .into_iter()
                .map(|charge| {
                    let period = charge.period.map_or_else(
                        || "—".to_owned(),
                        |period| format!("{} – {}", format::date(period.opens), format::date(period.closes)),
                    );
                    // A charge never changes: its item and when it was billed name it.
                    let key = charge.item.0.clone() + &csp_domain::export::instant(charge.billed_at);
                    let row = view! {
                        <tr>
                            <td><a href=routes::customer(&charge.customer)>{charge.customer_name}</a></td>
                            <td><a href=routes::order(&charge.customer, &charge.order)>{charge.order.0.clone()}</a></td>
                            <td>{crate::pages::subscriptions::product_name(&charge.product)}</td>
                            <td>{period}</td>
                            <td>{format::date_time(charge.billed_at)}</td>
                            <td class="amount">{money_with_tax(&texts.glossary, &charge.amount, charge.includes_tax)}</td>
                        </tr>
                    };
                    KeyedRow::new(key, String::new(), row.into_any())
                })
                .collect();
            view! {
                <h3>{title.clone()}</h3>
                <DataTable label=title columns=vec![t.customer, t.order, texts.selling.product, t.billing_period, t.billed, t.charge]>
                    {KeyedRows(rows)}
                </DataTable>
            }
        })
        .collect_view();
    view! {
        {lists}
        {pages}
    }
    .into_any()
}

/// The chart's drawing area, in the SVG's own units; it scales to the page's width.
const CHART_WIDTH: u32 = 600;
const CHART_HEIGHT: u32 = 200;
const BAR_SLOT: u32 = CHART_WIDTH / csp_domain::activity::CHART_MONTHS as u32;
const LABEL_ROOM: u32 = 24;

/// One currency's credits of the last 12 invoice months as bars (inline SVG, each bar titled
/// with its month and amount), then the same figures as a table for screen readers and the
/// keyboard.
fn credits_chart(chart: &CreditsByMonth) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.closing;
    let title = t.credits_chart_in(&chart.currency);
    let title_id = format!("credits-chart-{}", chart.currency);
    let highest = chart
        .months
        .iter()
        .map(|month| month.total.minor)
        .max()
        .unwrap_or(0)
        .max(1);
    let bars = chart
        .months
        .iter()
        .enumerate()
        .map(|(at, MonthCredits { invoice_month: month, total })| {
            let height = (total.minor.max(0) as f64 / highest as f64 * f64::from(CHART_HEIGHT)).round() as u32;
            let x = at as u32 * BAR_SLOT;
            let label = format!("{month}: {}", format::money(total));
            view! {
                <g>
                    <rect
                        class="bar"
                        x=x + 6
                        y=CHART_HEIGHT - height
                        width=BAR_SLOT - 12
                        height=height
                        data-minor=total.minor
                    >
                        <title>{label}</title>
                    </rect>
                    <text x=x + BAR_SLOT / 2 y=CHART_HEIGHT + 16 text-anchor="middle">{month.to_string()}</text>
                </g>
            }
        })
        .collect_view();
    let rows = chart
        .months
        .iter()
        .map(
            |MonthCredits {
                 invoice_month: month,
                 total,
             }| {
                view! {
                    <tr>
                        <th scope="row">{month.to_string()}</th>
                        <td class="amount">{format::money(total)}</td>
                    </tr>
                }
            },
        )
        .collect_view();
    let labelled_by = title_id.clone();
    view! {
        <figure class="chart">
            <svg
                role="img"
                aria-labelledby=labelled_by
                viewBox=format!("0 0 {CHART_WIDTH} {}", CHART_HEIGHT + LABEL_ROOM)
                preserveAspectRatio="xMidYMid meet"
            >
                <title id=title_id>{title.clone()}</title>
                {bars}
            </svg>
            <DataTable label=title columns=vec![t.invoice_month, t.credits_total]>
                {rows}
            </DataTable>
        </figure>
    }
}
