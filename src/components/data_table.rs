use leptos::prelude::*;

/// A table of records: named (a person using a screen reader, and the tests, find it by that
/// name), with its column headings, its rows, and an optional footer of totals.
#[component]
pub fn DataTable(
    #[prop(into)] label: String,
    columns: Vec<&'static str>,
    #[prop(optional)] class: &'static str,
    #[prop(optional, into)] footer: Option<AnyView>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class=format!("data-table {class}")>
                <caption class="visually-hidden">{label}</caption>
                <thead>
                    <tr>{columns.into_iter().map(|column| view! { <th scope="col">{column}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
                {footer.map(|footer| view! { <tfoot>{footer}</tfoot> })}
            </table>
        </div>
    }
}
