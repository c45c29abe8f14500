//! Settings → Users, on a real server: a Global admin adds users, changes their roles,
//! disables them (their sessions end at once), and reads who signed in. The server refuses
//! everyone else, and the last Global admin's disabling; the page says what it was told.

use csp_domain::accounts::{Account, AccountChange, AccountRecord, NewAccount};
use csp_domain::{FormField, PartnerRole, User, UserId};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::app::describe_roles;
use crate::backend::{use_backend, Answer, Backend};
use crate::components::{error_text, loaded, DataTable};
use crate::i18n::format::date_time;
use crate::i18n::use_texts;
use crate::session::use_session;

/// What the last change said, for the live region above the table.
type Outcome = RwSignal<Option<Result<String, String>>>;

#[component]
pub fn UsersPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.accounts;
    let backend = use_backend();
    let session = use_session();
    let outcome: Outcome = RwSignal::new(None);
    let fetch_accounts = {
        let backend = backend.clone();
        move || {
            session.track();
            let backend = backend.clone();
            async move { backend.server()?.accounts().await }
        }
    };
    let fetch_records = {
        let backend = backend.clone();
        move || {
            session.track();
            let backend = backend.clone();
            async move { backend.server()?.account_records().await }
        }
    };
    view! {
        <h1>{t.users}</h1>
        <p>{t.users_summary}</p>
        {move || outcome.get().map(|outcome| match outcome {
            Ok(said) => view! { <p class="banner" role="status">{said}</p> }.into_any(),
            Err(reason) => view! { <p class="banner banner-error" role="alert">{reason}</p> }.into_any(),
        })}
        {loaded(t.loading_accounts, None, fetch_accounts, move |accounts| {
            view! { <AccountTable accounts outcome /> }.into_any()
        })}
        <AddUserForm outcome />
        <h2>{t.account_records}</h2>
        {loaded(t.loading_records, None, fetch_records, move |records| {
            view! { <RecordTable records /> }.into_any()
        })}
    }
}

/// Runs a change of a user, then says what happened and redraws the page.
fn change(backend: Backend, outcome: Outcome, user: UserId, change: AccountChange, said: String) {
    let texts = use_texts();
    let session = use_session();
    leptos::task::spawn_local(async move {
        let answer: Answer<Account> = match backend.server() {
            Ok(server) => server.change_account(user, change).await,
            Err(error) => Err(error),
        };
        match answer {
            Ok(_) => {
                outcome.set(Some(Ok(said)));
                session.changed();
            }
            Err(error) => outcome.set(Some(Err(error_text(texts, &error)))),
        }
    });
}

#[component]
fn AccountTable(accounts: Vec<Account>, outcome: Outcome) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.accounts;
    let rows = accounts
        .into_iter()
        .map(|account| view! { <AccountRow account outcome /> })
        .collect_view();
    view! {
        <DataTable label=t.users columns=vec![texts.name, t.email, t.roles, t.status, t.actions]>
            {rows}
        </DataTable>
    }
}

#[component]
fn AccountRow(account: Account, outcome: Outcome) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.accounts;
    let backend = use_backend();
    let name = account.user.name().to_owned();
    let id = account.user.id().clone();
    let roles_text = match &account.user {
        User::Partner { .. } => describe_roles(&account.user, texts),
        User::CustomerGlobalAdmin { customer, .. } => t.customer_admin_of(&customer.0),
    };
    let held = match &account.user {
        User::Partner { roles, .. } => Some(roles.clone()),
        User::CustomerGlobalAdmin { .. } => None,
    };
    let toggle = {
        let (backend, id, name) = (backend.clone(), id.clone(), name.clone());
        let disabled = account.disabled;
        let label = t.named(
            if disabled {
                t.enable_user
            } else {
                t.disable_user
            },
            &name,
        );
        let said = t.named(
            if disabled {
                t.user_enabled
            } else {
                t.user_disabled
            },
            &name,
        );
        view! {
            <button
                type="button"
                aria-label=label
                on:click=move |_| {
                    change(backend.clone(), outcome, id.clone(), AccountChange::Disabled(!disabled), said.clone())
                }
            >
                {if disabled { t.enable } else { t.disable }}
            </button>
        }
    };
    let roles_editor = held.map(|held| {
        let chosen = RwSignal::new(held);
        let (backend, id, name) = (backend.clone(), id.clone(), name.clone());
        let save = move |event: SubmitEvent| {
            event.prevent_default();
            let said = t.named(t.roles_saved, &name);
            change(
                backend.clone(),
                outcome,
                id.clone(),
                AccountChange::Roles(chosen.get_untracked()),
                said,
            );
        };
        let legend = t.named(t.roles_of, account.user.name());
        let change = t.named(t.change_roles_of, account.user.name());
        let save_label = t.named(t.save_roles_of, account.user.name());
        view! {
            <details class="roles-editor">
                <summary>{change}</summary>
                <form on:submit=save>
                    <RoleChoices legend chosen />
                    <button type="submit" aria-label=save_label>{t.save_roles}</button>
                </form>
            </details>
        }
    });
    view! {
        <tr>
            <th scope="row">{name.clone()}</th>
            <td>{account.email}</td>
            <td>{roles_text}</td>
            <td>{if account.disabled { t.disabled } else { t.active }}</td>
            <td>{roles_editor}{toggle}</td>
        </tr>
    }
}

/// A checkbox per partner role, in Partner Center's order.
#[component]
fn RoleChoices(legend: String, chosen: RwSignal<Vec<PartnerRole>>) -> impl IntoView {
    let texts = use_texts();
    view! {
        <fieldset class="role-choices">
            <legend>{legend}</legend>
            {PartnerRole::ALL
                .into_iter()
                .map(|role| {
                    let checked = move || chosen.with(|roles| roles.contains(&role));
                    let flip = move |_| {
                        chosen.update(|roles| {
                            if roles.contains(&role) {
                                roles.retain(|held| held != &role);
                            } else {
                                roles.push(role);
                            }
                        })
                    };
                    view! {
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=checked on:change=flip />
                            {texts.role_name(role)}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

#[component]
fn AddUserForm(outcome: Outcome) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.accounts;
    let labels = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let roles = RwSignal::new(Vec::<PartnerRole>::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<(Option<FormField>, String)>);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        busy.set(true);
        let form = NewAccount {
            email: email.get_untracked(),
            name: name.get_untracked(),
            roles: roles.get_untracked(),
            customer: None,
            password: password.get_untracked(),
        };
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            let added = form.name.trim().to_owned();
            let answer = match backend.server() {
                Ok(server) => server.add_account(form).await,
                Err(error) => Err(error),
            };
            busy.set(false);
            match answer {
                Ok(_) => {
                    problem.set(None);
                    name.set(String::new());
                    email.set(String::new());
                    password.set(String::new());
                    roles.set(Vec::new());
                    outcome.set(Some(Ok(t.named(t.user_added, &added))));
                    session.changed();
                }
                Err(error) => {
                    let field = match &error {
                        crate::backend::BackendError::Refused(
                            csp_domain::Refusal::InvalidField { field, .. },
                        ) => Some(*field),
                        _ => None,
                    };
                    problem.set(Some((field, error_text(texts, &error))));
                }
            }
        });
    };
    let field = move |field: FormField,
                      kind: &'static str,
                      autocomplete: &'static str,
                      value: RwSignal<String>| {
        let id = crate::pages::support_field_id(field);
        let wrong = move || problem.with(|p| p.as_ref().is_some_and(|(f, _)| *f == Some(field)));
        view! {
            <div class="field">
                <label for=id>{labels.field_label(field)}</label>
                <input
                    id=id
                    type=kind
                    autocomplete=autocomplete
                    required
                    aria-invalid=move || wrong().to_string()
                    prop:value=value
                    on:input=move |event| value.set(event_target_value(&event))
                />
            </div>
        }
    };
    view! {
        <h2>{t.add_user}</h2>
        <form class="add-user" on:submit=submit>
            {field(FormField::DisplayName, "text", "off", name)}
            {field(FormField::Email, "email", "off", email)}
            {field(FormField::Password, "password", "new-password", password)}
            <p class="hint">{t.password_hint}</p>
            <RoleChoices legend=t.roles.to_owned() chosen=roles />
            {move || problem.get().map(|(_, reason)| view! {
                <p class="banner banner-error" role="alert">{reason}</p>
            })}
            <button type="submit" class="button-primary" disabled=busy>
                {move || if busy.get() { t.adding_user } else { t.add_user }}
            </button>
        </form>
    }
}

#[component]
fn RecordTable(records: Vec<AccountRecord>) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.accounts;
    if records.is_empty() {
        return view! { <p>{t.no_records}</p> }.into_any();
    }
    let names = RwSignal::new(crate::backend::Names::default());
    let backend = use_backend();
    leptos::task::spawn_local(async move { names.set(backend.user_names().await) });
    let rows = records
        .into_iter()
        .map(|record| {
            let by = record.actor.clone();
            view! {
                <tr>
                    <td>{date_time(record.at)}</td>
                    <th scope="row">{t.record_kind(record.kind)}</th>
                    <td>{record.email.unwrap_or_default()}</td>
                    <td>{move || by.as_ref().map(|id| names.with(|names| names.of(&id.0)))}</td>
                    <td>{record.address.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable
            label=t.account_records
            columns=vec![t.record_time, t.record_what, t.record_email, t.record_by, t.record_address]
        >
            {rows}
        </DataTable>
    }
    .into_any()
}
