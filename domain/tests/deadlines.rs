//! Closing soon: every deadline a partner may see, at the edges of its rules (the second before
//! and the moment itself), its visibility, its filters, and its CSV and iCalendar exports; and
//! the Billing chart's credits by invoice month.
//!
//! Everything runs through `execute` on the demo desk, as a page would, with a fixed source of
//! randomness so every run draws the same ids.

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::{cid, days, office_choice, secs, user, utc};
use common::{OFFICE, REDHAT_1Y, SUSE_1Y, WS_1Y, WS_3Y};
use csp_domain::activity::{credits_by_month, CHART_MONTHS};
use csp_domain::deadlines::deadlines;
use csp_domain::execute::Randomness;
use csp_domain::export::{deadlines_calendar, deadlines_csv, instant};
use csp_domain::seed::{demo_events, demo_now};
use csp_domain::*;

use BillingPlan::*;
use DeadlineKind::*;

// ---------------------------------------------------------------- fixtures

/// A fixed sequence (a 64-bit LCG's top byte), long enough that no id drawn in a test repeats.
struct Seeded(u64);

impl Randomness for Seeded {
    fn fill(&mut self, bytes: &mut [u8]) {
        for byte in bytes {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            *byte = (self.0 >> 56) as u8;
        }
    }
}

/// Avery, the Admin agent.
fn avery() -> User {
    user("avery")
}

/// Casey, the Global admin of Contoso's own tenant.
fn contoso_admin() -> User {
    user("contoso-admin")
}

/// The demo desk at the demo clock (15 Nov 2021, 10:00 UTC), changed only through `execute`.
struct Demo {
    desk: Desk,
    now: DateTime<Utc>,
    random: Seeded,
}

impl Demo {
    fn new() -> Demo {
        Demo {
            desk: Desk::from_events(&demo_events()),
            now: demo_now(),
            random: Seeded(2021),
        }
    }

    fn run_as(&mut self, actor: &User, intent: Intent) -> Result<Reply, Refusal> {
        let executed = execute(&mut self.desk, actor, self.now, &mut self.random, intent)?;
        self.now = executed.now;
        Ok(executed.reply.expect("an accepted intent is answered"))
    }

    fn run(&mut self, intent: Intent) -> Reply {
        self.run_as(&avery(), intent)
            .unwrap_or_else(|refusal| panic!("refused: {refusal}"))
    }

    fn move_clock(&mut self, to: DateTime<Utc>) {
        self.run(Intent::MoveClock { to });
    }

    /// Buys one line at the clock's now as the Admin agent; the subscription or purchase.
    fn buy(&mut self, customer: &str, sku: &str, quantity: u32, plan: BillingPlan) -> ItemId {
        let order = self
            .run(Intent::PlaceOrder {
                customer: cid(customer),
                lines: vec![LineRequest {
                    sku: sku.to_owned(),
                    quantity,
                    billing_plan: plan,
                }],
            })
            .into_order()
            .expect("an order");
        ItemId::for_line(&order.id, 0)
    }

    fn issue_link(&mut self, customer: &str, item: &ItemId, selection: Selection) -> LinkToken {
        self.run(Intent::IssueDownloadLink {
            customer: cid(customer),
            item: item.clone(),
            selection,
        })
        .into_link()
        .expect("a link")
        .token
    }

    fn set_autorenew(&mut self, customer: &str, subscription: &ItemId, enabled: bool) {
        self.run(Intent::SetAutorenew {
            customer: cid(customer),
            subscription: subscription.clone(),
            enabled,
        });
    }

    fn cancel_subscription(&mut self, customer: &str, subscription: &ItemId) {
        self.run(Intent::CancelSubscription {
            customer: cid(customer),
            subscription: subscription.clone(),
            acknowledged: true,
        });
    }

    fn cancel_purchase(&mut self, customer: &str, purchase: &ItemId) {
        let bought = self.desk.purchase(purchase).expect("a purchase").clone();
        self.run(Intent::CancelOrderLines {
            customer: cid(customer),
            order: bought.order,
            lines: vec![bought.line],
            acknowledged: true,
        });
    }

    fn remember_mak(
        &mut self,
        actor: &User,
        customer: &str,
        last_kms_activation: NaiveDate,
    ) -> Result<Reply, Refusal> {
        self.run_as(
            actor,
            Intent::RememberMakDeadline {
                customer: cid(customer),
                last_kms_activation,
            },
        )
    }

    /// What Avery's Closing soon lists at `now` within `horizon`, unfiltered.
    fn list(&self, now: DateTime<Utc>, horizon: Horizon) -> Vec<Deadline> {
        self.list_for(&avery(), now, horizon)
    }

    fn list_for(&self, reader: &User, now: DateTime<Utc>, horizon: Horizon) -> Vec<Deadline> {
        let filter = DeadlineFilter {
            horizon,
            ..DeadlineFilter::default()
        };
        deadlines(&self.desk, reader, now, &filter).expect("an unfiltered list is never refused")
    }

    /// The deadlines of one item of one kind that Avery sees at `now` within `horizon`.
    fn of(
        &self,
        item: &ItemId,
        kind: DeadlineKind,
        now: DateTime<Utc>,
        horizon: Horizon,
    ) -> Vec<Deadline> {
        self.list(now, horizon)
            .into_iter()
            .filter(|d| d.item.as_ref() == Some(item) && d.kind == kind)
            .collect()
    }

    /// Every deadline of one item, whatever its kind.
    fn all_of(&self, item: &ItemId, now: DateTime<Utc>, horizon: Horizon) -> Vec<Deadline> {
        self.list(now, horizon)
            .into_iter()
            .filter(|d| d.item.as_ref() == Some(item))
            .collect()
    }

    fn credit_for(&self, item: &ItemId) -> Money {
        self.desk
            .credits()
            .iter()
            .find(|c| &c.item == item)
            .expect("a credit for the cancelled item")
            .amount
            .clone()
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap().and_utc()
}

fn kinds(list: &[Deadline]) -> Vec<DeadlineKind> {
    list.iter().map(|d| d.kind).collect()
}

fn mak_of(list: &[Deadline], customer: &str) -> Vec<Deadline> {
    list.iter()
        .filter(|d| d.kind == MakDeployment && d.customer == cid(customer))
        .cloned()
        .collect()
}

// ---------------------------------------------------------------- subscription: 7-day window

#[test]
fn a_subscriptions_cancellation_window_is_listed_as_closing_7_days_after_purchase() {
    let mut demo = Demo::new();
    let bought = demo.now;
    let subscription = demo.buy("contoso", WS_1Y, 1, Annual);
    let listed = demo.of(
        &subscription,
        SubscriptionCancellation,
        bought,
        Horizon::Week,
    );
    assert_eq!(listed.len(), 1, "{listed:?}");
    let deadline = &listed[0];
    assert_eq!(deadline.at, utc(2021, 11, 22, 10, 0, 0));
    assert_eq!(deadline.at, bought + days(7));
    assert_eq!(deadline.customer, cid("contoso"));
    assert_eq!(deadline.customer_name, "Contoso Ltd");
    assert_eq!(
        deadline.product.as_deref(),
        Some("windows-server-2022-standard")
    );
    let bought_on = demo.desk.subscription(&subscription).unwrap().order.clone();
    assert_eq!(deadline.order.as_ref(), Some(&bought_on));
}

#[test]
fn a_subscriptions_cancellation_window_is_listed_a_second_before_it_closes_with_the_refund_of_cancelling_then(
) {
    let mut demo = Demo::new();
    let subscription = demo.buy("contoso", WS_1Y, 1, Annual);
    let closes = demo.now + days(7);
    let last_second = closes - secs(1);
    let listed = demo.of(
        &subscription,
        SubscriptionCancellation,
        last_second,
        Horizon::Day,
    );
    assert_eq!(listed.len(), 1, "{listed:?}");
    // 297.00 USD for 365 days; 358 whole days unused a second before the window closes.
    assert_eq!(listed[0].amount, Some(Money::new(29_130, "USD")));
    // And that is the credit cancelling at that very second books.
    demo.move_clock(last_second);
    demo.cancel_subscription("contoso", &subscription);
    assert_eq!(Some(demo.credit_for(&subscription)), listed[0].amount);
}

#[test]
fn a_subscriptions_cancellation_window_is_gone_at_the_moment_it_closes() {
    let mut demo = Demo::new();
    let subscription = demo.buy("contoso", WS_1Y, 1, Annual);
    let closes = demo.now + days(7);
    assert!(demo
        .of(
            &subscription,
            SubscriptionCancellation,
            closes,
            Horizon::Quarter
        )
        .is_empty());
    // Only the window has gone: the term end is still listed when it comes near.
    let ends = utc(2022, 11, 15, 10, 0, 0);
    assert_eq!(
        kinds(&demo.all_of(&subscription, ends - secs(1), Horizon::Day)),
        vec![TermRenews]
    );
}

#[test]
fn within_24_hours_a_closing_window_is_listed_from_exactly_24_hours_before_and_not_a_second_earlier(
) {
    let mut demo = Demo::new();
    let subscription = demo.buy("contoso", WS_1Y, 1, Annual);
    let closes = demo.now + days(7);
    let day_before = closes - Duration::hours(24);
    assert!(demo
        .of(
            &subscription,
            SubscriptionCancellation,
            day_before - secs(1),
            Horizon::Day
        )
        .is_empty());
    assert_eq!(
        demo.of(
            &subscription,
            SubscriptionCancellation,
            day_before,
            Horizon::Day
        )
        .len(),
        1
    );
}

// ---------------------------------------------------------------- perpetual: 30-day window

#[test]
fn a_perpetual_purchases_cancellation_window_is_listed_until_the_second_before_30_days_with_the_full_amount(
) {
    let mut demo = Demo::new();
    let bought = demo.now;
    let purchase = demo.buy("contoso", OFFICE, 3, OneTime);
    let closes = bought + days(30);
    assert_eq!(closes, utc(2021, 12, 15, 10, 0, 0));
    let at_purchase = demo.of(&purchase, PerpetualCancellation, bought, Horizon::Month);
    assert_eq!(at_purchase.len(), 1);
    assert_eq!(at_purchase[0].at, closes);
    assert_eq!(
        at_purchase[0].product.as_deref(),
        Some("office-ltsc-professional-plus-2021")
    );
    // 3 × 439.00 USD, all of it, whenever inside the window.
    let full = Money::new(131_700, "USD");
    assert_eq!(demo.desk.purchase(&purchase).unwrap().billed, full);
    assert_eq!(at_purchase[0].amount, Some(full.clone()));
    let last_second = demo.of(
        &purchase,
        PerpetualCancellation,
        closes - secs(1),
        Horizon::Day,
    );
    assert_eq!(last_second.len(), 1);
    assert_eq!(last_second[0].amount, Some(full.clone()));
    assert!(demo
        .of(&purchase, PerpetualCancellation, closes, Horizon::Quarter)
        .is_empty());
    // Cancelling at that last second credits what was listed.
    demo.move_clock(closes - secs(1));
    demo.cancel_purchase("contoso", &purchase);
    assert_eq!(demo.credit_for(&purchase), full);
}

#[test]
fn within_24_hours_a_perpetual_window_is_listed_from_exactly_24_hours_before_it_closes() {
    let mut demo = Demo::new();
    let purchase = demo.buy("contoso", OFFICE, 3, OneTime);
    let day_before = demo.now + days(30) - Duration::hours(24);
    assert!(demo
        .of(
            &purchase,
            PerpetualCancellation,
            day_before - secs(1),
            Horizon::Day
        )
        .is_empty());
    assert_eq!(
        demo.of(&purchase, PerpetualCancellation, day_before, Horizon::Day)
            .len(),
        1
    );
}

// ---------------------------------------------------------------- term end

#[test]
fn an_autorenewing_subscription_lists_its_renewal_at_term_end_with_the_next_terms_first_charge() {
    let mut demo = Demo::new();
    // 3 years billed annually now, triennially from the next term.
    let subscription = demo.buy("contoso", WS_3Y, 1, Annual);
    demo.run(Intent::SetBillingPlan {
        customer: cid("contoso"),
        subscription: subscription.clone(),
        plan: Triennial,
    });
    let current = demo.desk.subscription(&subscription).unwrap();
    assert_eq!(current.current_charge, Money::new(29_700, "USD"));
    let ends = utc(2024, 11, 15, 10, 0, 0);
    assert_eq!(current.term.closes, ends);
    let listed = demo.all_of(&subscription, ends - secs(1), Horizon::Day);
    assert_eq!(kinds(&listed), vec![TermRenews]);
    assert_eq!(listed[0].at, ends);
    // The whole of the next 3-year term, billed at once: 891.00 USD.
    assert_eq!(listed[0].amount, Some(Money::new(89_100, "USD")));
    // Gone at its moment.
    assert!(demo
        .all_of(&subscription, ends, Horizon::Quarter)
        .is_empty());
}

#[test]
fn turning_autorenew_off_lists_the_term_end_as_an_expiry_instead_of_a_renewal() {
    let mut demo = Demo::new();
    let subscription = demo.buy("contoso", WS_1Y, 1, Annual);
    let ends = utc(2022, 11, 15, 10, 0, 0);
    assert_eq!(
        kinds(&demo.all_of(&subscription, ends - secs(1), Horizon::Day)),
        vec![TermRenews]
    );
    demo.set_autorenew("contoso", &subscription, false);
    let listed = demo.all_of(&subscription, ends - secs(1), Horizon::Day);
    assert_eq!(kinds(&listed), vec![TermExpires]);
    assert_eq!(listed[0].at, ends);
    assert_eq!(listed[0].amount, None, "nothing is charged when it expires");
    assert!(demo
        .all_of(&subscription, ends, Horizon::Quarter)
        .is_empty());
}

#[test]
fn once_the_clock_passes_a_renewal_the_next_terms_window_and_term_end_are_listed() {
    let mut demo = Demo::new();
    let subscription = demo.buy("contoso", WS_1Y, 1, Annual);
    let first_end = utc(2022, 11, 15, 10, 0, 0);
    demo.move_clock(first_end);
    let renewed = demo.desk.subscription(&subscription).unwrap().clone();
    assert_eq!(renewed.term_number, 2);
    let listed = demo.all_of(&subscription, first_end, Horizon::Month);
    assert_eq!(kinds(&listed), vec![SubscriptionCancellation]);
    assert_eq!(listed[0].at, first_end + days(7));
    assert_eq!(
        listed[0].amount,
        Some(renewed.cancel(first_end).unwrap()),
        "the refund of the second term"
    );
    let second_end = utc(2023, 11, 15, 10, 0, 0);
    let at_the_end = demo.all_of(&subscription, second_end - secs(1), Horizon::Day);
    assert_eq!(kinds(&at_the_end), vec![TermRenews]);
    assert_eq!(at_the_end[0].at, second_end);
    assert_eq!(at_the_end[0].amount, Some(Money::new(29_700, "USD")));
}

#[test]
fn once_the_clock_passes_an_expiry_the_subscription_has_no_deadlines_left() {
    let mut demo = Demo::new();
    let subscription = demo.buy("contoso", WS_1Y, 1, Annual);
    demo.set_autorenew("contoso", &subscription, false);
    let ends = utc(2022, 11, 15, 10, 0, 0);
    demo.move_clock(ends);
    assert_eq!(
        demo.desk.subscription(&subscription).unwrap().status,
        SubscriptionStatus::Expired
    );
    for now in [ends, ends + days(7) - secs(1), ends + days(365) - secs(1)] {
        assert!(
            demo.all_of(&subscription, now, Horizon::Quarter).is_empty(),
            "listed at {now}"
        );
    }
}

#[test]
fn a_link_of_a_term_without_autorenew_stops_with_the_term_and_is_gone_once_it_expired() {
    let mut demo = Demo::new();
    let subscription = demo.buy("contoso", WS_1Y, 1, Annual);
    demo.set_autorenew("contoso", &subscription, false);
    let ends = utc(2022, 11, 15, 10, 0, 0);
    demo.move_clock(ends - days(3));
    let selection = Selection {
        version: Some("2022".into()),
        language: Some("English".into()),
        file_type: Some("ISO (64-bit)".into()),
    };
    demo.issue_link("contoso", &subscription, selection);
    // The link would last two weeks, but it stops with the term, 3 days on: listed then.
    let listed = demo.all_of(&subscription, ends - days(3), Horizon::Week);
    let link = listed
        .iter()
        .find(|d| d.kind == LinkExpires)
        .expect("the link");
    assert_eq!(link.at, ends);
    demo.move_clock(ends);
    assert_eq!(
        demo.desk.subscription(&subscription).unwrap().status,
        SubscriptionStatus::Expired
    );
    assert!(
        demo.all_of(&subscription, ends, Horizon::Quarter)
            .is_empty(),
        "{:?}",
        demo.all_of(&subscription, ends, Horizon::Quarter)
    );
}

// ---------------------------------------------------------------- cancelled items

#[test]
fn a_cancelled_subscription_has_no_deadlines_at_all() {
    let mut demo = Demo::new();
    let bought = demo.now;
    let subscription = demo.buy("contoso", WS_1Y, 1, Annual);
    demo.move_clock(bought + days(1));
    demo.cancel_subscription("contoso", &subscription);
    let ends = utc(2022, 11, 15, 10, 0, 0);
    for (now, horizon) in [
        (bought + days(1), Horizon::Quarter),
        (bought + days(7) - secs(1), Horizon::Day),
        (ends - secs(1), Horizon::Day),
    ] {
        assert!(
            demo.all_of(&subscription, now, horizon).is_empty(),
            "listed at {now}"
        );
    }
}

#[test]
fn a_cancelled_perpetual_purchase_has_no_deadlines_at_all_not_even_its_link() {
    let mut demo = Demo::new();
    let bought = demo.now;
    let purchase = demo.buy("contoso", OFFICE, 3, OneTime);
    demo.issue_link("contoso", &purchase, office_choice());
    assert_eq!(
        kinds(&demo.all_of(&purchase, bought, Horizon::Month)),
        vec![LinkExpires, PerpetualCancellation]
    );
    demo.move_clock(bought + days(2));
    demo.cancel_purchase("contoso", &purchase);
    for (now, horizon) in [
        (bought + days(2), Horizon::Quarter),
        (bought + days(14) - secs(1), Horizon::Day),
        (bought + days(30) - secs(1), Horizon::Day),
    ] {
        assert!(
            demo.all_of(&purchase, now, horizon).is_empty(),
            "listed at {now}"
        );
    }
}

// ---------------------------------------------------------------- not cancellable here

#[test]
fn red_hat_and_suse_plans_list_their_term_end_but_never_a_cancellation_window() {
    let mut demo = Demo::new();
    let bought = demo.now;
    let redhat = demo.buy("tailspin", REDHAT_1Y, 2, Annual);
    let suse = demo.buy("relecloud", SUSE_1Y, 1, Annual);
    let ends = utc(2022, 11, 15, 10, 0, 0);
    for plan in [&redhat, &suse] {
        for now in [bought, bought + days(7) - secs(1)] {
            assert!(
                demo.of(plan, SubscriptionCancellation, now, Horizon::Quarter)
                    .is_empty(),
                "{plan} lists a cancellation window at {now}"
            );
        }
        let at_the_end = demo.all_of(plan, ends - secs(1), Horizon::Day);
        assert_eq!(kinds(&at_the_end), vec![TermRenews], "{plan}");
        assert_eq!(at_the_end[0].at, ends);
    }
    // The seed's own RedHat (Tailspin) and SUSE (Relecloud) plans: term ends only.
    for (plan, ends) in [
        ("ORD-1009-0", utc(2022, 11, 2, 12, 0, 0)),
        ("ORD-1011-0", utc(2022, 11, 8, 9, 0, 0)),
    ] {
        let plan = ItemId(plan.to_owned());
        assert_eq!(
            kinds(&demo.all_of(&plan, ends - days(90), Horizon::Quarter)),
            vec![TermRenews],
            "{plan}"
        );
    }
}

#[test]
fn windows_7_esu_lists_no_cancellation_window_because_it_is_cancelled_through_support() {
    let demo = Demo::new();
    // Litware bought both ESUs on 1 Nov 2021, 13:00: Windows 7 ESU 2020 on line 0, Windows
    // Server 2012 ESU on line 1. Only the latter can be cancelled here, until 1 Dec, 13:00.
    let windows_7 = ItemId("ORD-1007-0".to_owned());
    let server_2012 = ItemId("ORD-1007-1".to_owned());
    let closes = utc(2021, 12, 1, 13, 0, 0);
    for (now, horizon) in [(demo.now, Horizon::Month), (closes - secs(1), Horizon::Day)] {
        assert!(
            demo.all_of(&windows_7, now, horizon).is_empty(),
            "Windows 7 ESU listed at {now}"
        );
        let listed = demo.all_of(&server_2012, now, horizon);
        assert_eq!(kinds(&listed), vec![PerpetualCancellation]);
        assert_eq!(listed[0].at, closes);
    }
}

// ---------------------------------------------------------------- download links

#[test]
fn a_download_link_is_listed_until_the_second_before_it_expires_14_days_after_issue() {
    let mut demo = Demo::new();
    let purchase = demo.buy("wingtip", OFFICE, 1, OneTime);
    let issued = demo.now + Duration::hours(1);
    demo.move_clock(issued);
    demo.issue_link("wingtip", &purchase, office_choice());
    let expires = issued + days(14);
    assert_eq!(expires, utc(2021, 11, 29, 11, 0, 0));
    let at_issue = demo.of(&purchase, LinkExpires, issued, Horizon::Month);
    assert_eq!(at_issue.len(), 1);
    let link = &at_issue[0];
    assert_eq!(link.at, expires);
    assert_eq!(link.customer, cid("wingtip"));
    assert_eq!(
        link.product.as_deref(),
        Some("office-ltsc-professional-plus-2021")
    );
    assert_eq!(link.amount, None);
    assert_eq!(
        demo.of(&purchase, LinkExpires, expires - secs(1), Horizon::Day)
            .len(),
        1
    );
    assert!(demo
        .of(&purchase, LinkExpires, expires, Horizon::Quarter)
        .is_empty());
}

#[test]
fn a_download_link_is_listed_after_49_downloads_and_gone_after_the_50th() {
    let mut demo = Demo::new();
    let purchase = demo.buy("wingtip", OFFICE, 1, OneTime);
    let token = demo.issue_link("wingtip", &purchase, office_choice());
    let download = Intent::DownloadViaLink {
        token: token.clone(),
    };
    for _ in 0..49 {
        demo.run(download.clone());
    }
    assert_eq!(
        demo.of(&purchase, LinkExpires, demo.now, Horizon::Month)
            .len(),
        1
    );
    demo.run(download.clone());
    assert_eq!(demo.desk.link(&token).unwrap().downloads, 50);
    assert!(demo
        .of(&purchase, LinkExpires, demo.now, Horizon::Quarter)
        .is_empty());
    // The purchase's own window is still listed: only the link has gone.
    assert_eq!(
        kinds(&demo.all_of(&purchase, demo.now, Horizon::Month)),
        vec![PerpetualCancellation]
    );
}

#[test]
fn the_links_of_a_revoked_purchase_are_no_longer_listed() {
    let mut demo = Demo::new();
    let purchase = demo.buy("wingtip", OFFICE, 1, OneTime);
    demo.issue_link("wingtip", &purchase, office_choice());
    demo.move_clock(demo.now + days(1));
    demo.issue_link("wingtip", &purchase, office_choice());
    assert_eq!(
        demo.of(&purchase, LinkExpires, demo.now, Horizon::Month)
            .len(),
        2
    );
    demo.cancel_purchase("wingtip", &purchase);
    assert!(demo
        .desk
        .purchase(&purchase)
        .unwrap()
        .entitlement
        .revoked_at
        .is_some());
    assert!(demo
        .of(&purchase, LinkExpires, demo.now, Horizon::Quarter)
        .is_empty());
}

#[test]
fn two_links_of_one_item_issued_in_the_same_second_give_one_reminder() {
    let mut demo = Demo::new();
    let purchase = demo.buy("wingtip", OFFICE, 1, OneTime);
    demo.issue_link("wingtip", &purchase, office_choice());
    demo.issue_link("wingtip", &purchase, office_choice());
    assert_eq!(demo.desk.links_of(&purchase).len(), 2);
    assert_eq!(
        demo.of(&purchase, LinkExpires, demo.now, Horizon::Month)
            .len(),
        1
    );
}

#[test]
fn a_listed_link_never_carries_its_token_in_any_field_or_export() {
    let mut demo = Demo::new();
    let purchase = demo.buy("wingtip", OFFICE, 1, OneTime);
    let token = demo.issue_link("wingtip", &purchase, office_choice());
    let links = demo.of(&purchase, LinkExpires, demo.now, Horizon::Month);
    assert_eq!(links.len(), 1);
    let everything = demo.list(demo.now, Horizon::Quarter);
    let json = serde_json::to_string(&everything).unwrap();
    assert!(!json.contains(&token.0), "the token is in {json}");
    assert!(!links[0].id.contains(&token.0));
    let csv = deadlines_csv(&everything);
    assert!(!csv.contains(&token.0), "the token is in the CSV");
    let calendar = deadlines_calendar(&everything, demo.now, |d| {
        (d.kind.slug().to_owned(), d.id.clone())
    });
    assert!(
        !calendar.replace("\r\n ", "").contains(&token.0),
        "the token is in the calendar"
    );
}

// ---------------------------------------------------------------- MAK deadline (VL to CSP)

#[test]
fn a_remembered_last_kms_activation_lists_the_mak_deadline_180_days_after_that_days_midnight() {
    let mut demo = Demo::new();
    let last_kms = day(2021, 8, 20);
    let reply = demo.remember_mak(&avery(), "fabrikam", last_kms).unwrap();
    let deadline = utc(2022, 2, 16, 0, 0, 0);
    assert_eq!(deadline, midnight(last_kms) + days(180));
    assert_eq!(reply.into_mak_deadline().unwrap().deadline, deadline);
    let listed = mak_of(&demo.list(deadline - secs(1), Horizon::Day), "fabrikam");
    assert_eq!(listed.len(), 1);
    let mak = &listed[0];
    assert_eq!(mak.at, deadline);
    assert_eq!(mak.customer_name, "Fabrikam Inc");
    assert_eq!(
        (&mak.product, &mak.item, &mak.order, &mak.amount),
        (&None, &None, &None, &None)
    );
    assert!(mak_of(&demo.list(deadline, Horizon::Quarter), "fabrikam").is_empty());
}

#[test]
fn a_mak_deadline_is_listed_within_90_days_only_from_exactly_90_days_before() {
    let mut demo = Demo::new();
    demo.remember_mak(&avery(), "fabrikam", day(2021, 8, 20))
        .unwrap();
    let deadline = utc(2022, 2, 16, 0, 0, 0);
    // At the demo clock it is 92 days and 14 hours away.
    assert!(mak_of(&demo.list(demo.now, Horizon::Quarter), "fabrikam").is_empty());
    let quarter_before = deadline - days(90);
    assert!(mak_of(
        &demo.list(quarter_before - secs(1), Horizon::Quarter),
        "fabrikam"
    )
    .is_empty());
    assert_eq!(
        mak_of(&demo.list(quarter_before, Horizon::Quarter), "fabrikam").len(),
        1
    );
    assert!(mak_of(&demo.list(quarter_before, Horizon::Month), "fabrikam").is_empty());
}

#[test]
fn a_last_kms_activation_after_today_is_refused_and_today_is_taken() {
    let mut demo = Demo::new();
    let today = demo.now.date_naive();
    assert_eq!(today, day(2021, 11, 15));
    let tomorrow = today.succ_opt().unwrap();
    assert_eq!(
        demo.remember_mak(&avery(), "fabrikam", tomorrow),
        Err(Refusal::ActivationInFuture { today })
    );
    assert_eq!(demo.desk.mak_deadline_of(&cid("fabrikam")), None);
    demo.remember_mak(&avery(), "fabrikam", today).unwrap();
    assert_eq!(
        demo.desk.mak_deadline_of(&cid("fabrikam")),
        Some(midnight(today))
    );
}

#[test]
fn a_sales_agent_may_not_remember_a_mak_deadline_and_is_told_which_roles_may() {
    let mut demo = Demo::new();
    let refused = demo.remember_mak(&user("sam"), "fabrikam", day(2021, 8, 20));
    assert_eq!(
        refused,
        Err(Refusal::MissingRole {
            action: Action::BuyProducts,
            needs: vec![PartnerRole::AdminAgent, PartnerRole::GlobalAdmin],
        })
    );
    assert_eq!(demo.desk.mak_deadline_of(&cid("fabrikam")), None);
    // The partner's Global admin may.
    demo.remember_mak(&user("gale"), "fabrikam", day(2021, 8, 20))
        .unwrap();
    assert!(demo.desk.mak_deadline_of(&cid("fabrikam")).is_some());
}

#[test]
fn a_customers_global_admin_may_not_remember_a_mak_deadline_for_another_customer() {
    let mut demo = Demo::new();
    // Refused for the missing partner role before the customer is even looked at.
    let refused = demo.remember_mak(&contoso_admin(), "fabrikam", day(2021, 8, 20));
    assert_eq!(
        refused,
        Err(Refusal::MissingRole {
            action: Action::BuyProducts,
            needs: vec![PartnerRole::AdminAgent, PartnerRole::GlobalAdmin],
        })
    );
    assert_eq!(demo.desk.mak_deadline_of(&cid("fabrikam")), None);
}

#[test]
fn remembering_the_last_kms_activation_again_replaces_the_earlier_deadline() {
    let mut demo = Demo::new();
    demo.remember_mak(&avery(), "fabrikam", day(2021, 8, 20))
        .unwrap();
    demo.remember_mak(&avery(), "fabrikam", day(2021, 10, 1))
        .unwrap();
    // Both would fall within 90 days of 15 Feb 2022 if both were kept.
    let listed = mak_of(
        &demo.list(utc(2022, 2, 15, 0, 0, 0), Horizon::Quarter),
        "fabrikam",
    );
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].at, utc(2022, 3, 30, 0, 0, 0));
}

// ---------------------------------------------------------------- who sees what

#[test]
fn a_customers_global_admin_sees_only_their_own_customers_deadlines() {
    let mut demo = Demo::new();
    demo.remember_mak(&avery(), "fabrikam", day(2021, 11, 1))
        .unwrap();
    demo.remember_mak(&avery(), "contoso", day(2021, 11, 1))
        .unwrap();
    let at = utc(2022, 4, 1, 0, 0, 0);
    let partner = demo.list_for(&avery(), at, Horizon::Quarter);
    assert!(partner.iter().any(|d| d.customer != cid("contoso")));
    let own = demo.list_for(&contoso_admin(), at, Horizon::Quarter);
    assert!(!own.is_empty());
    assert!(own.iter().all(|d| d.customer == cid("contoso")), "{own:?}");
    let contosos: Vec<_> = partner
        .into_iter()
        .filter(|d| d.customer == cid("contoso"))
        .collect();
    assert_eq!(own, contosos);
}

#[test]
fn a_customers_global_admin_asking_for_another_customers_deadlines_is_refused() {
    let demo = Demo::new();
    let filter = DeadlineFilter {
        customer: Some(cid("fabrikam")),
        ..DeadlineFilter::default()
    };
    assert_eq!(
        deadlines(&demo.desk, &contoso_admin(), demo.now, &filter),
        Err(Refusal::NotYourCustomer {
            customer: cid("fabrikam")
        })
    );
    let own = DeadlineFilter {
        customer: Some(cid("contoso")),
        ..DeadlineFilter::default()
    };
    assert!(deadlines(&demo.desk, &contoso_admin(), demo.now, &own).is_ok());
}

#[test]
fn asking_for_an_unknown_customers_deadlines_is_refused() {
    let demo = Demo::new();
    let filter = DeadlineFilter {
        customer: Some(cid("nobody")),
        ..DeadlineFilter::default()
    };
    assert_eq!(
        deadlines(&demo.desk, &avery(), demo.now, &filter),
        Err(Refusal::UnknownCustomer {
            customer: cid("nobody")
        })
    );
}

#[test]
fn a_customer_filter_lists_only_that_customers_deadlines() {
    let demo = Demo::new();
    let filter = DeadlineFilter {
        customer: Some(cid("wingtip")),
        ..DeadlineFilter::default()
    };
    let listed = deadlines(&demo.desk, &avery(), demo.now, &filter).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].customer, cid("wingtip"));
    assert_eq!(listed[0].kind, PerpetualCancellation);
}

// ---------------------------------------------------------------- filters and order

#[test]
fn closing_soon_lists_the_soonest_deadline_first() {
    let demo = Demo::new();
    let listed: Vec<_> = demo
        .list(demo.now, Horizon::Month)
        .into_iter()
        .map(|d| (d.at, d.kind, d.customer.0))
        .collect();
    assert_eq!(
        listed,
        vec![
            (
                utc(2021, 11, 19, 8, 0, 0),
                PerpetualCancellation,
                "wingtip".to_owned()
            ),
            (
                utc(2021, 11, 19, 10, 0, 0),
                SubscriptionCancellation,
                "adatum".to_owned()
            ),
            (
                utc(2021, 12, 1, 13, 0, 0),
                PerpetualCancellation,
                "litware".to_owned()
            ),
            (
                utc(2021, 12, 5, 16, 0, 0),
                PerpetualCancellation,
                "contoso".to_owned()
            ),
        ]
    );
}

#[test]
fn a_longer_list_of_every_kind_is_still_soonest_first() {
    let mut demo = Demo::new();
    let subscription = demo.buy("northwind", WS_1Y, 1, Annual);
    let purchase = demo.buy("coho", OFFICE, 1, OneTime);
    demo.issue_link("coho", &purchase, office_choice());
    demo.set_autorenew("northwind", &subscription, false);
    demo.remember_mak(&avery(), "lucerne", day(2021, 6, 1))
        .unwrap();
    let listed = demo.list(utc(2022, 9, 1, 0, 0, 0), Horizon::Quarter);
    let before = demo.list(demo.now, Horizon::Quarter);
    for list in [&listed, &before] {
        assert!(
            list.windows(2).all(|pair| pair[0].at <= pair[1].at),
            "{list:?}"
        );
    }
    let seen: Vec<_> = before.iter().chain(&listed).map(|d| d.kind).collect();
    for kind in DeadlineKind::ALL {
        assert!(seen.contains(&kind), "no {kind:?} to sort");
    }
}

#[test]
fn a_kind_filter_lists_only_deadlines_of_that_kind() {
    let mut demo = Demo::new();
    let purchase = demo.buy("coho", OFFICE, 1, OneTime);
    demo.issue_link("coho", &purchase, office_choice());
    demo.remember_mak(&avery(), "lucerne", day(2021, 6, 1))
        .unwrap();
    let now = demo.now;
    let all = demo.list(now, Horizon::Quarter);
    for kind in DeadlineKind::ALL {
        let filter = DeadlineFilter {
            kind: Some(kind),
            horizon: Horizon::Quarter,
            ..DeadlineFilter::default()
        };
        let only = deadlines(&demo.desk, &avery(), now, &filter).unwrap();
        assert!(only.iter().all(|d| d.kind == kind), "{kind:?}: {only:?}");
        let expected: Vec<_> = all.iter().filter(|d| d.kind == kind).cloned().collect();
        assert_eq!(only, expected, "{kind:?}");
    }
    for kind in [
        SubscriptionCancellation,
        PerpetualCancellation,
        LinkExpires,
        MakDeployment,
    ] {
        assert!(all.iter().any(|d| d.kind == kind), "no {kind:?} listed");
    }
}

// ---------------------------------------------------------------- CSV export

const CSV_HEADER: [&str; 10] = [
    "due",
    "kind",
    "customer",
    "customerId",
    "product",
    "itemId",
    "orderId",
    "amount",
    "currency",
    "includesTax",
];

/// The demo's four deadlines within 30 days, a JPY refund and a link without an amount.
fn export_desk() -> (Demo, Vec<Deadline>) {
    let mut demo = Demo::new();
    demo.buy("relecloud", WS_1Y, 1, Annual);
    let purchase = demo.buy("margies", OFFICE, 1, OneTime);
    demo.issue_link("margies", &purchase, office_choice());
    let listed = demo.list(demo.now, Horizon::Month);
    (demo, listed)
}

fn is_iso_utc(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 20
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 | 16 => *b == b':',
            19 => *b == b'Z',
            _ => b.is_ascii_digit(),
        })
}

fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.split('.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
        && parts.next().is_none()
}

#[test]
fn the_deadlines_csv_reads_back_with_a_header_and_one_row_per_deadline() {
    let (_, listed) = export_desk();
    assert_eq!(listed.len(), 7, "{listed:?}");
    let csv = deadlines_csv(&listed);
    let rows = csp_domain::csv::read(&csv).expect("the CSV reads back");
    assert_eq!(rows[0].1, CSV_HEADER);
    assert_eq!(rows.len(), listed.len() + 1);
    for ((_, row), deadline) in rows[1..].iter().zip(&listed) {
        assert_eq!(row.len(), CSV_HEADER.len(), "{row:?}");
        assert_eq!(row[1], deadline.kind.slug());
        assert_eq!(row[2], deadline.customer_name);
        assert_eq!(row[3], deadline.customer.0);
        assert_eq!(
            row[5],
            deadline
                .item
                .as_ref()
                .map(|i| i.0.clone())
                .unwrap_or_default()
        );
    }
    assert!(csv.ends_with("\r\n"));
}

#[test]
fn the_deadlines_csv_writes_each_due_moment_in_iso_8601_utc() {
    let (_, listed) = export_desk();
    let rows = csp_domain::csv::read(&deadlines_csv(&listed)).unwrap();
    for ((_, row), deadline) in rows[1..].iter().zip(&listed) {
        assert!(is_iso_utc(&row[0]), "{:?}", row[0]);
        assert_eq!(row[0], instant(deadline.at));
        assert_eq!(row[0], deadline.at.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    assert_eq!(rows[1].1[0], "2021-11-19T08:00:00Z");
    assert_eq!(rows[1].1[3], "wingtip");
}

#[test]
fn the_deadlines_csv_writes_amounts_as_plain_numbers_beside_their_currency() {
    let (_, listed) = export_desk();
    let rows = csp_domain::csv::read(&deadlines_csv(&listed)).unwrap();
    for ((_, row), deadline) in rows[1..].iter().zip(&listed) {
        let (amount, currency) = (&row[7], &row[8]);
        match &deadline.amount {
            Some(money) => {
                assert!(is_plain_number(amount), "{amount:?}");
                assert_eq!(amount, &money.decimal());
                assert_eq!(currency, &money.currency);
            }
            None => assert_eq!((amount.as_str(), currency.as_str()), ("", "")),
        }
    }
    let find = |customer: &str, kind: DeadlineKind| {
        rows[1..]
            .iter()
            .find(|(_, row)| row[3] == customer && row[1] == kind.slug())
            .map(|(_, row)| (row[7].clone(), row[8].clone()))
            .unwrap_or_else(|| panic!("no {kind:?} row for {customer}"))
    };
    // Wingtip's 10 × Office, incl. tax in Australia: 10 × 658.50 AUD.
    assert_eq!(
        find("wingtip", PerpetualCancellation),
        ("6585.00".to_owned(), "AUD".to_owned())
    );
    // Yen have no minor unit: a whole number.
    let (yen, currency) = find("relecloud", SubscriptionCancellation);
    assert_eq!(currency, "JPY");
    assert!(!yen.contains('.') && is_plain_number(&yen), "{yen:?}");
    assert_eq!(find("margies", LinkExpires), (String::new(), String::new()));
}

#[test]
fn the_deadlines_csv_says_whether_each_amount_includes_tax() {
    let (_, listed) = export_desk();
    let rows = csp_domain::csv::read(&deadlines_csv(&listed)).unwrap();
    let column = rows[0].1.iter().position(|name| name == "includesTax");
    let column = column.expect("an includesTax column, as the credits CSV has");
    let wingtip = rows[1..]
        .iter()
        .find(|(_, row)| row[3] == "wingtip")
        .unwrap();
    assert_eq!(wingtip.1[column], "true");
}

// ---------------------------------------------------------------- iCalendar export

fn describe(deadline: &Deadline) -> (String, String) {
    // Long, with commas, semicolons and characters of several octets, so lines must fold.
    (
        format!(
            "{} – {}, {}",
            deadline.kind.slug(),
            deadline.customer_name,
            deadline.product.as_deref().unwrap_or("MAK")
        ),
        format!(
            "Kündigungsfrist; 取消窗口关闭 — {} {}",
            deadline.customer_name,
            "Lemondási határidő ".repeat(4)
        ),
    )
}

fn unfolded_lines(calendar: &str) -> Vec<String> {
    calendar
        .replace("\r\n ", "")
        .split("\r\n")
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

fn values<'a>(lines: &'a [String], name: &str) -> Vec<&'a str> {
    lines
        .iter()
        .filter_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
        .collect()
}

#[test]
fn the_calendar_has_one_event_per_deadline_starting_at_its_utc_moment() {
    let (demo, listed) = export_desk();
    let calendar = deadlines_calendar(&listed, demo.now, describe);
    let lines = unfolded_lines(&calendar);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(lines.iter().any(|l| l == "VERSION:2.0"));
    assert_eq!(
        lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(),
        listed.len()
    );
    assert_eq!(
        lines.iter().filter(|l| *l == "END:VEVENT").count(),
        listed.len()
    );
    let starts: Vec<String> = listed
        .iter()
        .map(|d| d.at.format("%Y%m%dT%H%M%SZ").to_string())
        .collect();
    assert_eq!(values(&lines, "DTSTART"), starts);
    assert_eq!(values(&lines, "DTSTART")[0], "20211119T080000Z");
    assert_eq!(values(&lines, "DTSTAMP").len(), listed.len());
}

#[test]
fn each_calendar_event_reminds_a_day_before() {
    let (demo, listed) = export_desk();
    let lines = unfolded_lines(&deadlines_calendar(&listed, demo.now, describe));
    assert_eq!(
        lines.iter().filter(|l| *l == "BEGIN:VALARM").count(),
        listed.len()
    );
    assert_eq!(
        lines.iter().filter(|l| *l == "TRIGGER:-P1D").count(),
        listed.len()
    );
    assert_eq!(
        lines.iter().filter(|l| *l == "END:VALARM").count(),
        listed.len()
    );
}

#[test]
fn each_calendar_event_has_its_own_uid_and_the_same_one_in_every_export() {
    let (mut demo, listed) = export_desk();
    let first = unfolded_lines(&deadlines_calendar(&listed, demo.now, describe));
    let uids: Vec<String> = values(&first, "UID")
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(uids.len(), listed.len());
    let mut distinct = uids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), uids.len(), "{uids:?}");
    // Exported again an hour later, from a list read again then: the same UIDs.
    demo.move_clock(demo.now + Duration::hours(1));
    let again = demo.list(demo.now, Horizon::Month);
    assert_eq!(again.len(), listed.len());
    let second = unfolded_lines(&deadlines_calendar(&again, demo.now, describe));
    assert_eq!(values(&second, "UID"), uids);
    assert_ne!(values(&first, "DTSTAMP"), values(&second, "DTSTAMP"));
    // A week later the deadlines still standing keep theirs.
    let week_later = demo.now + days(7);
    let later = demo.list(week_later, Horizon::Month);
    let third = unfolded_lines(&deadlines_calendar(&later, week_later, describe));
    let mut compared = 0;
    for (deadline, uid) in later.iter().zip(values(&third, "UID")) {
        let before = listed.iter().position(|d| {
            (d.kind, &d.item, &d.customer, d.at)
                == (
                    deadline.kind,
                    &deadline.item,
                    &deadline.customer,
                    deadline.at,
                )
        });
        if let Some(before) = before {
            assert_eq!(uid, uids[before], "{deadline:?}");
            compared += 1;
        }
    }
    assert!(
        compared >= 2,
        "only {compared} deadlines still stand a week later"
    );
}

#[test]
fn every_calendar_line_ends_with_crlf_and_none_is_longer_than_75_octets() {
    let (demo, listed) = export_desk();
    let calendar = deadlines_calendar(&listed, demo.now, describe);
    assert!(calendar.ends_with("\r\n"));
    let bytes = calendar.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            assert!(i > 0 && bytes[i - 1] == b'\r', "a bare LF at {i}");
        }
        if *b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "a bare CR at {i}");
        }
    }
    let physical: Vec<&str> = calendar
        .strip_suffix("\r\n")
        .unwrap()
        .split("\r\n")
        .collect();
    assert!(
        physical.iter().any(|line| line.starts_with(' ')),
        "the long descriptions were folded"
    );
    for line in physical {
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
    }
}

// ---------------------------------------------------------------- credits by invoice month

fn credit(item: &str, amount: Money, booked_at: DateTime<Utc>) -> Credit {
    Credit {
        customer: cid("contoso"),
        order: OrderId(format!("ORD-{item}")),
        item: ItemId(item.to_owned()),
        product: "office-ltsc-professional-plus-2021".to_owned(),
        includes_tax: false,
        amount,
        booked_at,
        invoice_month: InvoiceMonth::next_after(booked_at),
        customer_name: String::new(),
    }
}

fn month(year: i32, month: u32) -> InvoiceMonth {
    InvoiceMonth { year, month }
}

#[test]
fn the_credit_chart_shows_twelve_invoice_months_ending_with_next_months_invoice() {
    let demo = Demo::new();
    // Woodgrove's Office, cancelled on 3 Nov 2021: on the December invoice.
    let chart = credits_by_month(demo.desk.credits(), demo.now);
    assert_eq!(chart.len(), 1);
    let gbp = &chart[0];
    assert_eq!(gbp.currency, "GBP");
    assert_eq!(gbp.months.len(), CHART_MONTHS);
    assert_eq!(CHART_MONTHS, 12);
    let months: Vec<String> = gbp
        .months
        .iter()
        .map(|m| m.invoice_month.to_string())
        .collect();
    assert_eq!(months.first().map(String::as_str), Some("2021-01"));
    assert_eq!(months.last().map(String::as_str), Some("2021-12"));
    for month in &gbp.months[..11] {
        assert_eq!(month.total, Money::zero("GBP"), "{}", month.invoice_month);
    }
    assert_eq!(gbp.months[11].total, demo.desk.credits()[0].amount);
    assert_eq!(gbp.months[11].total, Money::new(102_726, "GBP"));
}

#[test]
fn the_credit_chart_leaves_out_a_credit_older_than_twelve_invoices_and_keeps_currencies_apart() {
    let now = demo_now(); // 15 Nov 2021: invoices 2021-01 to 2021-12.
    let credits = vec![
        // Booked a second before December 2020, on the December 2020 invoice: the 13th
        // back, left out.
        credit(
            "old",
            Money::new(100_000, "USD"),
            utc(2020, 11, 30, 23, 59, 59),
        ),
        // Booked at the first second of December 2020, on the January 2021 invoice: the
        // oldest bar.
        credit("first", Money::new(1_000, "USD"), utc(2020, 12, 1, 0, 0, 0)),
        credit("a", Money::new(2_500, "USD"), utc(2021, 3, 2, 0, 0, 0)),
        credit("b", Money::new(500, "USD"), utc(2021, 3, 30, 0, 0, 0)),
        credit("c", Money::new(7_000, "EUR"), utc(2021, 3, 15, 0, 0, 0)),
        // A currency whose only credit is too old has no chart.
        credit("d", Money::new(9_900, "HUF"), utc(2019, 5, 1, 0, 0, 0)),
    ];
    let chart = credits_by_month(&credits, now);
    let currencies: Vec<&str> = chart.iter().map(|c| c.currency.as_str()).collect();
    assert_eq!(currencies, ["EUR", "USD"]);
    let total = |currency: &str, m: InvoiceMonth| {
        chart
            .iter()
            .find(|c| c.currency == currency)
            .and_then(|c| c.months.iter().find(|month| month.invoice_month == m))
            .map(|month| month.total.clone())
    };
    assert_eq!(total("USD", month(2020, 12)), None, "too old to be a bar");
    assert_eq!(total("USD", month(2021, 1)), Some(Money::new(1_000, "USD")));
    assert_eq!(total("USD", month(2021, 4)), Some(Money::new(3_000, "USD")));
    assert_eq!(total("EUR", month(2021, 4)), Some(Money::new(7_000, "EUR")));
    assert_eq!(total("EUR", month(2021, 1)), Some(Money::zero("EUR")));
    let usd = chart.iter().find(|c| c.currency == "USD").unwrap();
    let shown: i64 = usd.months.iter().map(|month| month.total.minor).sum();
    assert_eq!(shown, 4_000, "the old 1000.00 USD is in no bar");
    assert_eq!(total("EUR", month(2021, 12)), Some(Money::zero("EUR")));
    for series in &chart {
        assert_eq!(series.months.len(), 12);
        assert!(series
            .months
            .iter()
            .all(|month| month.total.currency == series.currency));
    }
}

#[test]
fn the_credit_chart_crosses_a_year_end_at_the_last_second_of_december() {
    let credits = vec![
        credit(
            "dec",
            Money::new(1_000, "USD"),
            utc(2021, 12, 31, 23, 59, 59),
        ),
        credit("feb", Money::new(2_000, "USD"), utc(2021, 2, 1, 0, 0, 0)),
        credit(
            "jan",
            Money::new(4_000, "USD"),
            utc(2021, 1, 31, 23, 59, 59),
        ),
    ];
    let last_second = utc(2021, 12, 31, 23, 59, 59);
    let chart = credits_by_month(&credits, last_second);
    let months: Vec<String> = chart[0]
        .months
        .iter()
        .map(|m| m.invoice_month.to_string())
        .collect();
    assert_eq!(months.first().map(String::as_str), Some("2021-02"));
    assert_eq!(months.last().map(String::as_str), Some("2022-01"));
    assert_eq!(chart[0].months[11].total, Money::new(1_000, "USD"));
    // The credit booked on 31 Jan 2021 shows on the February invoice, the oldest bar.
    assert_eq!(chart[0].months[0].total, Money::new(4_000, "USD"));
    // The credit booked on 1 Feb 2021 shows on the March invoice.
    assert_eq!(chart[0].months[1].total, Money::new(2_000, "USD"));
    let next_year = credits_by_month(&credits, last_second + secs(1));
    let months: Vec<String> = next_year[0]
        .months
        .iter()
        .map(|m| m.invoice_month.to_string())
        .collect();
    assert_eq!(months.first().map(String::as_str), Some("2021-03"));
    assert_eq!(months.last().map(String::as_str), Some("2022-02"));
}
