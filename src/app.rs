//! The shell: router, header, the two layouts, and what every page shares by context.

use std::sync::Arc;

use csp_domain::{Language, User, UserId};

/// The csp-server in use, for the footer; `None` on the local backend.
#[derive(Clone)]
struct ServerAddress(Option<String>);

/// Whether the server is real (accounts, the system's clock) rather than a demo.
#[derive(Clone, Copy)]
pub struct RealServer(pub bool);

/// Whether the server is real; false for a demo and the local backend.
pub fn is_real_server() -> bool {
    use_context::<RealServer>().is_some_and(|real| real.0)
}
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

use crate::backend::{connect, use_backend, Backend, Connection, StoreReport};
use crate::components::{error_text, loaded};
use crate::i18n::choose::{self, LanguageLoad, LanguageStatus};
use crate::i18n::{own_name, use_texts};
use crate::pages::closing_soon::ClosingTodayBadge;
use crate::pages::{
    ActivityLogPage, AddCustomerPage, AddProductsPage, BillingPage, ClosingSoonPage, CustomerPage,
    CustomersPage, DownloadLinkPage, Home, NotFound, OrderPage, ReportAProblemPage, SettingsPage,
    SignInPage, SimulationClock, SubscriptionPage, SupportPage, UsersPage, VlToCspPage,
    YourProductsPage,
};
use crate::preferences::{use_preferences, Preferences, ViewMode};
use crate::routes::{self, CurrentPage, Page, Section};
use crate::session::{use_session, Session};
use crate::storage::{BrowserStorage, KeyValueStore};

/// What opening the saved data found, for the banner at the top of every page.
#[derive(Clone)]
struct StoreNotice(Option<StoreReport>);

/// The whole app: it connects to its backend (csp-server if it served the page, else the
/// embedded one), signs in the remembered demo user, then shows the pages.
#[component]
pub fn App() -> impl IntoView {
    let store: Arc<dyn KeyValueStore> = Arc::new(BrowserStorage);
    let preferences = Preferences::load(store.as_ref(), choose::first_visit_language);
    // A link's `?lang=` wins over the saved choice, and is saved like a choice.
    if let Some(asked) = choose::asked_in_url() {
        preferences.language.set(asked);
    }
    preferences.keep_in(store.clone());
    provide_context(preferences);
    let status = LanguageStatus(RwSignal::new(LanguageLoad::Idle));
    provide_context(status);
    Effect::new(move |_| {
        let language = preferences.language.get();
        // The language shown: one whose catalog could not be loaded shows in English.
        let shown = if crate::i18n::is_loaded(language) {
            language
        } else {
            Language::English
        };
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", shown.tag());
        }
    });
    // The chosen language's catalog arrives before the first page, so a page never shows
    // English first; if it cannot, the page is English and says why.
    let fetch = move || {
        let store = store.clone();
        async move {
            let wanted = preferences.language.get_untracked();
            match choose::load(wanted).await {
                Ok(()) => {
                    choose::show(preferences, wanted);
                    // Now loaded: `<html lang>` names it.
                    preferences.language.notify();
                }
                Err(reason) => {
                    // English for this page only: the saved choice stays, so a language that
                    // failed to load once (a dropped connection) is tried again next time.
                    if let Err(english) = choose::load(Language::English).await {
                        return Err(crate::backend::BackendError::Unavailable(
                            crate::backend::Unavailable::NoTexts { reason: english },
                        ));
                    }
                    choose::show_english_for_now();
                    status.0.set(LanguageLoad::Failed {
                        language: wanted,
                        reason,
                    });
                }
            }
            connect(store, preferences.user.get_untracked()).await
        }
    };
    // Before any language has arrived the texts are empty: the loading line is a neutral mark
    // and the heading of a failure the app's name, which no language translates.
    loaded("…", Some("csp-desk"), fetch, |connection| {
        view! { <Connected connection /> }.into_any()
    })
}

/// The pages over a connected backend.
#[component]
fn Connected(connection: Connection) -> impl IntoView {
    let preferences = use_preferences();
    if let Some(user) = &connection.user {
        if user.id() != &preferences.user.get_untracked() {
            preferences.user.set(user.id().clone());
        }
    }
    let session = Session::new(connection.user);
    provide_context(session);
    if let (true, Backend::Http(http)) = (connection.real, &connection.backend) {
        // A session that ends while the page is open (it expired, or the user was disabled)
        // brings the sign-in page at the same URL.
        http.when_signed_out(std::sync::Arc::new(move || session.user.set(None)));
    }
    provide_context(connection.backend);
    provide_context(StoreNotice(connection.report));
    provide_context(ServerAddress(connection.server));
    provide_context(RealServer(connection.real));
    crate::pages::closing_soon::provide_closing_today();

    view! {
        <Router>
            // Pages hold plain strings; a new language draws them all anew.
            {move || {
                preferences.language.track();
                view! { <Shell>
                <PageView />
            </Shell> }
            }}
        </Router>
    }
}

/// The page the URL names.
#[component]
fn PageView() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| location.pathname.with(|path| Page::at(path)));
    provide_context(CurrentPage(page));
    // The router writes a new URL to the address bar once the page is ready for it, which
    // `<Routes>` would signal; this shell draws the page at once, so it is ready at once.
    let browser = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(browser) = &browser {
            browser.ready_to_complete();
        }
    });
    let drawn = Memo::new(move |_| page.with(Page::drawn));
    let session = use_session();
    let signed_out = Memo::new(move |_| session.user.with(Option::is_none));
    // On a real server, whoever is not signed in sees the sign-in page at the URL they asked
    // for, and that page once they have signed in.
    let real = is_real_server();
    move || match drawn.get() {
        _ if real && signed_out.get() => view! { <SignInPage /> }.into_any(),
        Page::Home => view! { <Home /> }.into_any(),
        Page::Customers => view! { <CustomersPage /> }.into_any(),
        Page::Customer { customer, .. } => view! { <CustomerPage customer /> }.into_any(),
        Page::AddProducts { customer } => view! { <AddProductsPage customer /> }.into_any(),
        Page::Subscription {
            customer,
            subscription,
        } => view! { <SubscriptionPage customer subscription /> }.into_any(),
        Page::Order { customer, order } => view! { <OrderPage customer order /> }.into_any(),
        Page::Billing => view! { <BillingPage /> }.into_any(),
        Page::Settings => view! { <SettingsPage /> }.into_any(),
        Page::ActivityLog => view! { <ActivityLogPage /> }.into_any(),
        Page::Users => view! { <UsersPage /> }.into_any(),
        Page::AddCustomer => view! { <AddCustomerPage /> }.into_any(),
        Page::Support => view! { <SupportPage /> }.into_any(),
        Page::ReportAProblem => view! { <ReportAProblemPage /> }.into_any(),
        Page::SupportRequest { id } => view! { <SupportPage selected=id /> }.into_any(),
        Page::YourProducts => view! { <YourProductsPage /> }.into_any(),
        Page::DownloadLink { token } => view! { <DownloadLinkPage token /> }.into_any(),
        Page::VlToCsp => view! { <VlToCspPage /> }.into_any(),
        Page::ClosingSoon => view! { <ClosingSoonPage /> }.into_any(),
        Page::NotFound => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn Shell(children: Children) -> impl IntoView {
    let preferences = use_preferences();
    let texts = use_texts();
    let current = move || preferences.view.get() == ViewMode::Current;
    view! {
        <a class="skip-link" href="#main">{texts.skip_to_content}</a>
        <header class="top-bar">
            <a class="brand" href=routes::HOME>{texts.app_name}</a>
            // Folded behind "Menu" on a narrow screen; where the bar has room the stylesheet
            // dissolves the disclosure and the controls stand in the bar.
            <details class="header-menu">
                <summary>{texts.menu}</summary>
                <div class="header-menu-panel">
                    <ViewTabs />
                    <LanguagePicker />
                    {(!is_real_server()).then(|| view! { <SimulationClock /> })}
                    {if is_real_server() {
                        view! { <SignOut /> }.into_any()
                    } else {
                        view! { <SignedInUser /> }.into_any()
                    }}
                </div>
            </details>
        </header>
        // Unnamed: a named element outside every landmark is content axe reports as such.
        <div id="layout" class="layout" class:with-menu=current role="tabpanel">
            {move || current().then(|| view! { <MainMenu /> })}
            <main id="main" tabindex="-1">
                <StoreBanner />
                <LanguageBanner />
                {move || (!current()).then(|| view! { <Breadcrumb /> })}
                {children()}
            </main>
        </div>
        <footer class="footer">
            {match expect_context::<ServerAddress>().0 {
                Some(server) => texts.backend_http(&server),
                None => texts.backend_local.to_owned(),
            }}
        </footer>
    }
}

/// The Workspaces view / Current view switch, a tab list operable with the arrow keys.
#[component]
fn ViewTabs() -> impl IntoView {
    let preferences = use_preferences();
    let texts = use_texts();
    let workspaces_tab = NodeRef::<html::Button>::new();
    let current_tab = NodeRef::<html::Button>::new();
    let choose = move |view: ViewMode| {
        preferences.view.set(view);
        let tab = match view {
            ViewMode::Workspaces => workspaces_tab,
            ViewMode::Current => current_tab,
        };
        if let Some(tab) = tab.get() {
            let _ = tab.focus();
        }
    };
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        let next = match event.key().as_str() {
            "ArrowLeft" | "ArrowRight" => match preferences.view.get_untracked() {
                ViewMode::Workspaces => ViewMode::Current,
                ViewMode::Current => ViewMode::Workspaces,
            },
            "Home" => ViewMode::Workspaces,
            "End" => ViewMode::Current,
            _ => return,
        };
        event.prevent_default();
        choose(next);
    };
    let tab = move |view: ViewMode, id: &'static str, node_ref: NodeRef<html::Button>| {
        let selected = move || preferences.view.get() == view;
        let label = match view {
            ViewMode::Workspaces => texts.workspaces_view,
            ViewMode::Current => texts.current_view,
        };
        view! {
            <button
                type="button"
                role="tab"
                id=id
                node_ref=node_ref
                aria-controls="layout"
                aria-selected=move || selected().to_string()
                tabindex=move || if selected() { "0" } else { "-1" }
                on:click=move |_| choose(view)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="view-tabs" role="tablist" aria-label=texts.layout on:keydown=on_keydown>
            {tab(ViewMode::Workspaces, "tab-workspaces", workspaces_tab)}
            {tab(ViewMode::Current, "tab-current", current_tab)}
        </div>
    }
}

/// The language picker: each language in its own name. Choosing one fetches its catalog (if
/// not yet here) and redraws the page in it, without reloading.
#[component]
fn LanguagePicker() -> impl IntoView {
    let preferences = use_preferences();
    let status = expect_context::<LanguageStatus>();
    let texts = use_texts();
    let shown = preferences.language.get_untracked();
    let on_change = move |event| {
        let Some(language) = Language::from_tag(&event_target_value(&event)) else {
            return;
        };
        leptos::task::spawn_local(choose::choose(preferences, status, language));
    };
    let loading = move || match status.0.get() {
        LanguageLoad::Loading(language) => Some(view! {
            <span class="language-loading" role="status">
                {texts.loading_language(own_name(language))}
            </span>
        }),
        _ => None,
    };
    view! {
        <div class="language-picker">
            <label for="language">{texts.language}</label>
            <select id="language" on:change=on_change>
                {Language::ALL
                    .into_iter()
                    .map(|language| {
                        view! {
                            <option value=language.tag() lang=language.tag() selected=language == shown>
                                {own_name(language)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {loading}
        </div>
    }
}

/// Says so when a language could not be loaded; the page stays in the language it had.
#[component]
fn LanguageBanner() -> impl IntoView {
    let status = expect_context::<LanguageStatus>();
    let texts = use_texts();
    move || match status.0.get() {
        LanguageLoad::Failed { language, reason } => Some(view! {
            <p class="banner banner-error" role="alert">
                {texts.language_failed(own_name(language), &reason)}
            </p>
        }),
        _ => None,
    }
}

/// "Signed in as": the demo user, chosen from the seeded users. The choice survives a reload.
#[component]
fn SignedInUser() -> impl IntoView {
    let preferences = use_preferences();
    let session = use_session();
    let backend = use_backend();
    let texts = use_texts();
    let fetch = {
        let backend = backend.clone();
        move || {
            let backend = backend.clone();
            async move { backend.users().await }
        }
    };
    let failure = RwSignal::new(None::<String>);
    let choose = move |id: String| {
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            match backend.sign_in(UserId(id)).await {
                Ok(user) => {
                    failure.set(None);
                    preferences.user.set(user.id().clone());
                    session.user.set(Some(user));
                    session.changed();
                }
                Err(error) => failure.set(Some(error_text(texts, &error))),
            }
        });
    };
    view! {
        <div class="signed-in">
            <label for="signed-in-as">{texts.signed_in_as}</label>
            {loaded(texts.loading_users, None, fetch, move |users| {
                        let choose = choose.clone();
                        let current = preferences.user.get_untracked();
                        view! {
                            <select
                                id="signed-in-as"
                                on:change=move |event| choose(event_target_value(&event))
                            >
                                {users
                                    .into_iter()
                                    .map(|user| {
                                        let selected = user.id() == &current;
                                        view! {
                                            <option value=user.id().0.clone() selected=selected>
                                                {describe_user(&user, texts)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        }
                        .into_any()
            })}
            {move || failure.get().map(|reason| view! { <span role="alert">{reason}</span> })}
        </div>
    }
}

/// On a real server: who is signed in, and "Sign out".
#[component]
fn SignOut() -> impl IntoView {
    let session = use_session();
    let backend = use_backend();
    let texts = use_texts();
    let t = &texts.accounts;
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let sign_out = Callback::new(move |()| {
        busy.set(true);
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            let answer = match backend.server() {
                Ok(server) => server.sign_out().await,
                Err(error) => Err(error),
            };
            busy.set(false);
            match answer {
                Ok(()) => {
                    failure.set(None);
                    session.user.set(None);
                }
                Err(error) => failure.set(Some(error_text(texts, &error))),
            }
        });
    });
    move || {
        session.user.get().map(|user| {
            view! {
                <div class="signed-in">
                    <span>{texts.signed_in_as}" "{describe_user(&user, texts)}</span>
                    <button type="button" on:click=move |_| sign_out.run(()) disabled=busy>
                        {move || if busy.get() { t.signing_out } else { t.sign_out }}
                    </button>
                    {move || failure.get().map(|reason| view! { <span role="alert">{reason}</span> })}
                </div>
            }
        })
    }
}

/// "Admin agent, Global admin": a user's roles, in the page's language.
pub fn describe_roles(user: &User, texts: &'static crate::i18n::Texts) -> String {
    match user {
        User::Partner { roles, .. } if roles.is_empty() => texts.no_partner_role.to_owned(),
        User::Partner { roles, .. } => roles
            .iter()
            .map(|role| texts.role_name(*role))
            .collect::<Vec<_>>()
            .join(", "),
        User::CustomerGlobalAdmin { .. } => texts.customer_global_admin.to_owned(),
    }
}

/// "Avery Admin (Admin agent)": a user with their roles.
pub fn describe_user(user: &User, texts: &'static crate::i18n::Texts) -> String {
    format!("{} ({})", user.name(), describe_roles(user, texts))
}

/// The section of the page the URL names, worked out once per navigation.
fn use_current_section() -> Memo<Option<Section>> {
    let location = use_location();
    Memo::new(move |_| location.pathname.with(|path| Section::of(path)))
}

/// A link to `section`, marked as the page's own while it is `current`.
fn section_link(section: Section, current: Memo<Option<Section>>) -> impl IntoView {
    let marked = move || (current.get() == Some(section)).then_some("page");
    view! {
        <a href=section.href() aria-current=marked>
            {section.label(use_texts())}
            {(section == Section::ClosingSoon).then(|| view! { <ClosingTodayBadge /> })}
        </a>
    }
}

#[component]
fn MainMenu() -> impl IntoView {
    let texts = use_texts();
    let session = use_session();
    let current = use_current_section();
    view! {
        <nav class="side-menu" aria-label=texts.main_menu>
            // Folds on a phone; public/layout.js folds it again once an entry is chosen.
            <details class="menu-fold">
                <summary>{texts.main_menu}</summary>
                <ul>
                    {move || {
                        session
                            .user
                            .with(|user| Section::offered_to(user.as_ref()))
                            .iter()
                            .map(|&section| view! { <li>{section_link(section, current)}</li> })
                            .collect_view()
                    }}
                </ul>
            </details>
        </nav>
    }
}

/// "Home › Section" above a page in Workspaces view, the way back to the tiles.
#[component]
fn Breadcrumb() -> impl IntoView {
    let texts = use_texts();
    let location = use_location();
    let current = use_current_section();
    let home = Memo::new(move |_| location.pathname.with(|path| path == routes::HOME));
    move || {
        (!home.get()).then(|| {
            view! {
                <nav class="breadcrumb" aria-label=texts.breadcrumb>
                    <a href=routes::HOME>{texts.home}</a>
                    {move || {
                        current
                            .get()
                            .map(|section| {
                                view! {
                                    <span aria-hidden="true">" › "</span>
                                    {section_link(section, current)}
                                }
                            })
                    }}
                </nav>
            }
        })
    }
}

#[component]
fn StoreBanner() -> impl IntoView {
    let texts = use_texts();
    let StoreNotice(report) = expect_context::<StoreNotice>();
    report.map(|report| {
        let message = match &report {
            StoreReport::KeptAside { key, reason } => texts.store_kept_aside(key, reason),
            StoreReport::Unwritable { reason } => texts.store_unwritable(reason),
        };
        view! {
            <div class="banner banner-warning" role="alert">
                {message}
            </div>
        }
    })
}
