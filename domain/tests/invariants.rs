//! Invariants over random command sequences: whatever users ask, in whatever order, the rules
//! hold.

mod common;

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use common::*;
use csp_domain::*;
use proptest::prelude::*;

const CUSTOMERS: [&str; 4] = ["contoso", "wingtip", "lucerne", "northwind"];
const SKUS: [(&str, BillingPlan); 8] = [
    (WS_1Y, BillingPlan::Annual),
    (WS_3Y, BillingPlan::Annual),
    (WS_3Y, BillingPlan::Triennial),
    (RDS_1Y, BillingPlan::Monthly),
    (OFFICE, BillingPlan::OneTime),
    (DATACENTER, BillingPlan::OneTime),
    (REDHAT_1Y, BillingPlan::Annual),
    (RESERVATION_1Y, BillingPlan::Annual),
];
const ACTORS: [&str; 4] = ["avery", "gale", "sam", "contoso-admin"];

#[derive(Debug, Clone)]
enum Step {
    Buy {
        customer: usize,
        sku: usize,
        quantity: u32,
    },
    Cancel {
        order: usize,
    },
    Autorenew {
        order: usize,
        enabled: bool,
    },
    Reveal {
        order: usize,
    },
    Issue {
        order: usize,
    },
    DownloadVia {
        link: usize,
    },
    Download {
        order: usize,
    },
    EndTerms,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..CUSTOMERS.len(), 0..SKUS.len(), 1u32..5)
            .prop_map(|(customer, sku, quantity)| Step::Buy { customer, sku, quantity }),
        2 => (0usize..12).prop_map(|order| Step::Cancel { order }),
        1 => (0usize..12, any::<bool>()).prop_map(|(order, enabled)| Step::Autorenew { order, enabled }),
        2 => (0usize..12).prop_map(|order| Step::Reveal { order }),
        2 => (0usize..12).prop_map(|order| Step::Issue { order }),
        3 => (0usize..12).prop_map(|link| Step::DownloadVia { link }),
        1 => (0usize..12).prop_map(|order| Step::Download { order }),
        1 => Just(Step::EndTerms),
    ]
}

/// How far the clock moves before a step: seconds up to months.
fn advance() -> impl Strategy<Value = Duration> {
    prop_oneof![
        (0i64..120).prop_map(Duration::seconds),
        (0i64..48).prop_map(Duration::hours),
        (0i64..40).prop_map(Duration::days),
        (0i64..400).prop_map(Duration::days),
    ]
}

struct Run {
    world: World,
    now: DateTime<Utc>,
    orders: Vec<(String, String)>,
    links: usize,
    keys: u32,
}

impl Run {
    fn order(&self, n: usize) -> Option<(String, String)> {
        if self.orders.is_empty() {
            return None;
        }
        Some(self.orders[n % self.orders.len()].clone())
    }

    fn command(&mut self, step: &Step) -> Option<Command> {
        let choice = |desk: &Desk, order: &str| {
            let found = desk.item(&item(order, 0))?;
            let product = found.product()?;
            Some(Selection {
                version: product.versions.first().map(|s| s.to_string()),
                language: product.languages.first().map(|s| s.to_string()),
                file_type: product.file_types.first().map(|s| s.to_string()),
            })
        };
        Some(match step {
            Step::Buy {
                customer,
                sku,
                quantity,
            } => {
                let (sku, plan) = SKUS[*sku];
                let id = format!("O{}", self.orders.len());
                self.orders
                    .push((CUSTOMERS[*customer].to_owned(), id.clone()));
                place(CUSTOMERS[*customer], &id, &[(sku, *quantity, plan)])
            }
            Step::Cancel { order } => {
                let (customer, order) = self.order(*order)?;
                let (customer, order) = (customer.as_str(), order.as_str());
                cancel_lines(customer, order, &[0])
            }
            Step::Autorenew { order, enabled } => {
                let (customer, order) = self.order(*order)?;
                let (customer, order) = (customer.as_str(), order.as_str());
                Command::SetAutorenew {
                    customer: cid(customer),
                    subscription: item(order, 0),
                    enabled: *enabled,
                }
            }
            Step::Reveal { order } => {
                let (customer, order) = self.order(*order)?;
                let (customer, order) = (customer.as_str(), order.as_str());
                let selection = choice(&self.world.desk, order).unwrap_or_default();
                self.keys += 1;
                Command::RevealKey {
                    customer: cid(customer),
                    item: item(order, 0),
                    selection,
                    key: key(self.keys),
                }
            }
            Step::Issue { order } => {
                let (customer, order) = self.order(*order)?;
                let (customer, order) = (customer.as_str(), order.as_str());
                let selection = choice(&self.world.desk, order).unwrap_or_default();
                self.links += 1;
                Command::IssueDownloadLink {
                    customer: cid(customer),
                    item: item(order, 0),
                    selection,
                    token: token(self.links as u32),
                }
            }
            Step::DownloadVia { link } => Command::DownloadViaLink {
                token: token((link % self.links.max(1)) as u32 + 1),
            },
            Step::Download { order } => {
                let (customer, order) = self.order(*order)?;
                let (customer, order) = (customer.as_str(), order.as_str());
                let selection = choice(&self.world.desk, order).unwrap_or_default();
                Command::Download {
                    customer: cid(customer),
                    item: item(order, 0),
                    selection,
                }
            }
            Step::EndTerms => Command::EndDueTerms,
        })
    }
}

fn billed(desk: &Desk, id: &ItemId) -> Money {
    match desk.item(id) {
        Some(ItemRef::Subscription(s)) => s.billed.clone(),
        Some(ItemRef::Purchase(p)) => p.billed.clone(),
        None => panic!("a credit for an unknown item {id}"),
    }
}

/// What happened in one random run, with the rule breaks seen along the way.
struct Trace {
    desk: Desk,
    log: Vec<Event>,
    links: Vec<DownloadLink>,
    /// Items whose key was shown or bits downloaded after they were cancelled.
    used_after_cancellation: Vec<ItemId>,
    /// Cancelled items seen active, or showing a key, later on.
    revived: Vec<ItemId>,
}

fn simulate(steps: Vec<(Duration, usize, Step)>) -> Trace {
    let mut run = Run {
        world: World::new(),
        now: utc(2021, 10, 10, 0, 0, 0),
        orders: Vec::new(),
        links: 0,
        keys: 0,
    };
    let mut cancelled: BTreeSet<ItemId> = BTreeSet::new();
    let mut used_after_cancellation = Vec::new();
    let mut revived = Vec::new();
    for (advance, actor, step) in steps {
        run.now += advance;
        let Some(cmd) = run.command(&step) else {
            continue;
        };
        let actor = user(ACTORS[actor]);
        let Ok(events) = decide(&run.world.desk, &actor, run.now, cmd) else {
            continue;
        };
        for event in &events {
            if let EventKind::KeyRevealed { item, .. }
            | EventKind::SoftwareDownloaded { item, .. } = &event.kind
            {
                if cancelled.contains(item) {
                    used_after_cancellation.push(item.clone());
                }
            }
            evolve(&mut run.world.desk, event);
            run.world.log.push(event.clone());
        }
        for id in &cancelled {
            let found = run.world.desk.item(id).unwrap();
            if !found.is_cancelled()
                || found.state(run.now) == ItemState::Active
                || found.visible_key().is_some()
                || found.entitlement().key.is_some()
            {
                revived.push(id.clone());
            }
        }
        for event in &events {
            if let EventKind::LineCancelled { item, .. } = &event.kind {
                cancelled.insert(item.clone());
            }
        }
    }
    let links = run
        .orders
        .iter()
        .flat_map(|(_, order)| run.world.desk.links_of(&item(order, 0)))
        .cloned()
        .collect();
    Trace {
        desk: run.world.desk,
        log: run.world.log,
        links,
        used_after_cancellation,
        revived,
    }
}

fn steps() -> impl Strategy<Value = Vec<(Duration, usize, Step)>> {
    prop::collection::vec((advance(), 0..ACTORS.len(), step()), 1..60)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_revoked_key_is_never_revealed_again_nor_its_bits_downloaded(steps in steps()) {
        let trace = simulate(steps);
        prop_assert!(trace.used_after_cancellation.is_empty(), "{:?}", trace.used_after_cancellation);
    }

    #[test]
    fn a_cancelled_item_never_turns_active_again(steps in steps()) {
        let trace = simulate(steps);
        prop_assert!(trace.revived.is_empty(), "{:?}", trace.revived);
    }

    #[test]
    fn credits_never_exceed_what_was_billed(steps in steps()) {
        let trace = simulate(steps);
        let desk = &trace.desk;
        for credit in desk.credits() {
            let total: i64 = desk
                .credits()
                .iter()
                .filter(|c| c.item == credit.item)
                .map(|c| c.amount.minor)
                .sum();
            let billed = billed(desk, &credit.item);
            prop_assert!(credit.amount.minor >= 0);
            prop_assert!(total <= billed.minor, "{} credited {total} of {}", credit.item, billed.minor);
            prop_assert_eq!(&credit.amount.currency, &billed.currency);
        }
    }

    #[test]
    fn every_key_view_link_and_download_is_in_the_activity_log(steps in steps()) {
        let trace = simulate(steps);
        let logged = trace
            .log
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EventKind::KeyRevealed { .. }
                        | EventKind::DownloadLinkIssued { .. }
                        | EventKind::SoftwareDownloaded { .. }
                )
            })
            .count();
        let everything = Window {
            opens: utc(2000, 1, 1, 0, 0, 0),
            closes: utc(2100, 1, 1, 0, 0, 0),
        };
        let activity = trace.desk.activity(&user("gale"), everything).unwrap();
        prop_assert_eq!(activity.len(), logged);
        prop_assert!(trace.links.iter().all(|link| link.downloads <= 50));
    }

    #[test]
    fn evolve_over_the_decided_events_always_rebuilds_the_same_desk(steps in steps()) {
        let trace = simulate(steps);
        prop_assert_eq!(&Desk::from_events(&trace.log), &trace.desk);
        let json = serde_json::to_string(&trace.log).unwrap();
        let back: Vec<Event> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&Desk::from_events(&back), &trace.desk);
    }
}
