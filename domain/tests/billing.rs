//! Billing period by billing period: each period's charge as the clock passes its start.

mod common;

use common::*;
use csp_domain::*;

use BillingPlan::*;

/// The charges recorded by `events`: each period billed and each renewal, in order.
fn charges(events: &[Event]) -> Vec<(DateTime, Money)> {
    events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::PeriodBilled { charge, period, .. } => {
                assert_eq!(event.at, period.opens, "billed as the period opens");
                Some((event.at, charge.clone()))
            }
            EventKind::TermRenewed { charge, .. } => Some((event.at, charge.clone())),
            _ => None,
        })
        .collect()
}

type DateTime = chrono::DateTime<chrono::Utc>;

fn end_due_terms(world: &mut World, now: DateTime) -> Vec<Event> {
    world.run(&admin(), now, Command::EndDueTerms).unwrap()
}

fn billed(world: &World) -> Money {
    world
        .desk
        .subscription(&item("A", 0))
        .unwrap()
        .billed
        .clone()
}

// 84.00 USD a year per RDS CAL 2022, 12 CALs: 1008.00 a year, 84.00 a month.
const MONTH: i64 = 8_400;

#[test]
fn a_monthly_subscription_is_billed_its_second_month_when_the_month_opens_not_a_second_before() {
    let mut world = World::new();
    let bought = utc(2021, 10, 22, 0, 0, 0);
    world
        .buy("contoso", "A", RDS_1Y, 12, Monthly, bought)
        .unwrap();
    assert!(end_due_terms(&mut world, utc(2021, 11, 21, 23, 59, 59)).is_empty());
    assert_eq!(billed(&world), Money::new(MONTH, "USD"));
    let events = end_due_terms(&mut world, utc(2021, 11, 22, 0, 0, 0));
    let opens = utc(2021, 11, 22, 0, 0, 0);
    assert_eq!(
        events,
        vec![Event {
            at: opens,
            actor: None,
            kind: EventKind::PeriodBilled {
                customer: cid("contoso"),
                subscription: item("A", 0),
                period: Window {
                    opens,
                    closes: utc(2021, 12, 22, 0, 0, 0),
                },
                charge: Money::new(MONTH, "USD"),
            },
        }]
    );
    assert_eq!(billed(&world), Money::new(2 * MONTH, "USD"));
    // Recorded once: the same moment again bills nothing more.
    assert!(end_due_terms(&mut world, opens).is_empty());
}

#[test]
fn after_a_year_a_monthly_subscription_has_12_charges_and_its_renewal_bills_the_next_first_month() {
    let mut world = World::new();
    let bought = utc(2021, 10, 22, 0, 0, 0);
    world
        .buy("contoso", "A", RDS_1Y, 12, Monthly, bought)
        .unwrap();
    let events = end_due_terms(&mut world, utc(2022, 10, 21, 23, 59, 59));
    assert_eq!(
        charges(&events).len(),
        11,
        "the first month was billed at purchase"
    );
    assert_eq!(billed(&world), Money::new(12 * MONTH, "USD"));
    let ledger: Vec<&Charge> = world
        .desk
        .charges()
        .iter()
        .filter(|c| c.item == item("A", 0))
        .collect();
    assert_eq!(ledger.len(), 12);
    assert_eq!(
        ledger[11].period.unwrap().closes,
        utc(2022, 10, 22, 0, 0, 0)
    );
    let renewal = end_due_terms(&mut world, utc(2022, 10, 22, 0, 0, 0));
    assert!(matches!(
        renewal[..],
        [Event {
            kind: EventKind::TermRenewed { .. },
            ..
        }]
    ));
    assert_eq!(
        charges(&renewal),
        vec![(utc(2022, 10, 22, 0, 0, 0), Money::new(MONTH, "USD"))]
    );
    assert_eq!(billed(&world), Money::new(13 * MONTH, "USD"));
    assert_eq!(world.desk.charges().len(), 13);
}

#[test]
fn a_clock_moved_two_years_at_once_bills_each_month_once_in_time_order_before_each_renewal() {
    let mut world = World::new();
    let bought = utc(2021, 10, 22, 0, 0, 0);
    world
        .buy("contoso", "A", RDS_1Y, 12, Monthly, bought)
        .unwrap();
    let events = end_due_terms(&mut world, utc(2023, 10, 22, 1, 0, 0));
    assert!(
        events.windows(2).all(|w| w[0].at < w[1].at),
        "in time order"
    );
    let renewals: Vec<usize> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, EventKind::TermRenewed { .. }))
        .map(|(at, _)| at)
        .collect();
    // 11 months, the renewal, 11 months, the renewal.
    assert_eq!(renewals, vec![11, 23]);
    assert_eq!(events.len(), 24);
    assert_eq!(billed(&world), Money::new(25 * MONTH, "USD"));
    assert!(end_due_terms(&mut world, utc(2023, 10, 22, 1, 0, 0)).is_empty());
}

#[test]
fn a_3_year_subscription_billed_annually_is_charged_at_years_2_and_3_and_pays_its_term_exactly() {
    let mut world = World::new();
    let bought = utc(2021, 11, 1, 12, 0, 0);
    world.buy("contoso", "A", WS_3Y, 1, Annual, bought).unwrap();
    let first = billed(&world);
    let term_price = world
        .desk
        .subscription(&item("A", 0))
        .unwrap()
        .unit_price
        .clone();
    assert!(end_due_terms(&mut world, utc(2022, 11, 1, 11, 59, 59)).is_empty());
    let year_2 = end_due_terms(&mut world, utc(2022, 11, 1, 12, 0, 0));
    assert_eq!(
        charges(&year_2),
        vec![(utc(2022, 11, 1, 12, 0, 0), first.clone())]
    );
    let year_3 = end_due_terms(&mut world, utc(2024, 11, 1, 11, 0, 0));
    assert_eq!(charges(&year_3).len(), 1);
    assert_eq!(charges(&year_3)[0].0, utc(2023, 11, 1, 12, 0, 0));
    // The last year takes what rounding down left, so the three add up to the term's price.
    assert_eq!(billed(&world), term_price);
}

#[test]
fn a_cancelled_monthly_subscription_is_not_billed_again() {
    let mut world = World::new();
    let bought = utc(2021, 10, 22, 0, 0, 0);
    world
        .buy("contoso", "A", RDS_1Y, 12, Monthly, bought)
        .unwrap();
    world
        .run(
            &admin(),
            bought + days(3),
            cancel_subscription("contoso", "A"),
        )
        .unwrap();
    assert!(end_due_terms(&mut world, utc(2023, 1, 1, 0, 0, 0)).is_empty());
    assert_eq!(billed(&world), Money::new(MONTH, "USD"));
}

#[test]
fn a_monthly_subscription_without_autorenew_is_billed_its_term_then_expires_and_is_not_billed_again(
) {
    let mut world = World::new();
    let bought = utc(2021, 10, 22, 0, 0, 0);
    world
        .buy("contoso", "A", RDS_1Y, 12, Monthly, bought)
        .unwrap();
    let set_off = Command::SetAutorenew {
        customer: cid("contoso"),
        subscription: item("A", 0),
        enabled: false,
    };
    world.run(&admin(), bought + days(10), set_off).unwrap();
    let events = end_due_terms(&mut world, utc(2023, 1, 1, 0, 0, 0));
    assert_eq!(charges(&events).len(), 11);
    assert!(matches!(
        events.last().unwrap().kind,
        EventKind::SubscriptionExpired { .. }
    ));
    assert!(end_due_terms(&mut world, utc(2024, 1, 1, 0, 0, 0)).is_empty());
    assert_eq!(billed(&world), Money::new(12 * MONTH, "USD"));
}

/// A monthly subscription bought 1 Nov 2021, renewed 1 Nov 2022, cancelled `after` the renewal.
fn cancel_after_renewal(after: chrono::Duration) -> (World, Result<Vec<Event>, Refusal>) {
    let mut world = World::new();
    let bought = utc(2021, 11, 1, 0, 0, 0);
    world
        .buy("contoso", "A", RDS_1Y, 12, Monthly, bought)
        .unwrap();
    let renewal = utc(2022, 11, 1, 0, 0, 0);
    let cancelled = world.run(
        &admin(),
        renewal + after,
        cancel_subscription("contoso", "A"),
    );
    (world, cancelled)
}

#[test]
fn a_monthly_subscription_cancelled_on_day_3_of_a_renewed_term_is_refunded_that_month_prorated() {
    let (world, cancelled) = cancel_after_renewal(days(2));
    cancelled.unwrap();
    // November 2022 has 30 days, 28 unused: 8400 × 28 / 30 = 7840, not the 13 months billed.
    assert_eq!(world.desk.credits()[0].amount, Money::new(7_840, "USD"));
    assert_eq!(billed(&world), Money::new(13 * MONTH, "USD"));
}

#[test]
fn a_renewed_monthly_subscription_is_refunded_on_its_7th_day_and_refused_on_its_8th() {
    let (world, cancelled) = cancel_after_renewal(days(6) + chrono::Duration::hours(12));
    cancelled.unwrap();
    // 23 whole days of 30 unused: 8400 × 23 / 30 = 6440.
    assert_eq!(world.desk.credits()[0].amount, Money::new(6_440, "USD"));
    let (_, refused) = cancel_after_renewal(days(7) + chrono::Duration::hours(12));
    assert_eq!(
        refused,
        Err(Refusal::CancellationWindowClosed {
            item: item("A", 0),
            closed_at: utc(2022, 11, 8, 0, 0, 0),
        })
    );
}

#[test]
fn a_month_bought_on_the_31st_is_billed_on_the_last_day_of_a_shorter_month_then_on_the_31st_again()
{
    let mut world = World::new();
    let bought = utc(2022, 1, 31, 9, 0, 0);
    world
        .buy("contoso", "A", RDS_1Y, 12, Monthly, bought)
        .unwrap();
    let events = end_due_terms(&mut world, utc(2022, 4, 1, 0, 0, 0));
    let opened: Vec<DateTime> = charges(&events).into_iter().map(|(at, _)| at).collect();
    assert_eq!(
        opened,
        vec![utc(2022, 2, 28, 9, 0, 0), utc(2022, 3, 31, 9, 0, 0)]
    );
}
