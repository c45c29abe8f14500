//! Shared fixtures for the rule tests: the demo customers and users, and a desk that applies
//! what `decide` returns.
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use csp_domain::seed::{demo_customers, demo_start, demo_users};
use csp_domain::*;

pub fn utc(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, s).single().unwrap()
}

pub fn secs(n: i64) -> Duration {
    Duration::seconds(n)
}

pub fn days(n: i64) -> Duration {
    Duration::days(n)
}

pub fn user(id: &str) -> User {
    demo_users()
        .into_iter()
        .find(|u| u.id().0 == id)
        .unwrap_or_else(|| panic!("no demo user {id}"))
}

/// Avery, the Admin agent.
pub fn admin() -> User {
    user("avery")
}

pub fn cid(id: &str) -> CustomerId {
    CustomerId(id.to_owned())
}

pub fn oid(id: &str) -> OrderId {
    OrderId(id.to_owned())
}

pub fn item(order: &str, line: u32) -> ItemId {
    ItemId::for_line(&oid(order), line)
}

pub fn key(n: u32) -> ProductKey {
    ProductKey(format!("MAK{n:029}"))
}

pub fn token(n: u32) -> LinkToken {
    LinkToken(format!("link-token-{n:012}"))
}

pub const WS_1Y: &str = "DG7GMGF0D5RK:0001";
pub const WS_3Y: &str = "DG7GMGF0D5RK:0002";
pub const RDS_1Y: &str = "DG7GMGF0F4MH:0001";
pub const DATACENTER: &str = "DG7GMGF0D65N:0002";
pub const OFFICE: &str = "DG7GMGF0D7FV:0002";
pub const USER_CAL: &str = "DG7GMGF0D5VX:0005";
pub const WIN7_ESU: &str = "DG7GMGF0FKZW:0001";
pub const SERVER_ESU: &str = "DG7GMGF0K4DL:0001";
pub const RESERVATION_1Y: &str = "DZH318Z0BQ3Q:0001";
pub const REDHAT_1Y: &str = "DZH318Z0BXWC:0001";
pub const SUSE_1Y: &str = "DZH318Z0BXWD:0001";

pub fn office_choice() -> Selection {
    Selection {
        version: Some("2021".into()),
        language: Some("English".into()),
        file_type: Some("64-bit".into()),
    }
}

pub fn datacenter_choice() -> Selection {
    Selection {
        version: Some("2022".into()),
        language: Some("German".into()),
        file_type: Some("ISO (64-bit)".into()),
    }
}

/// A desk with the demo customers and nothing bought yet.
pub struct World {
    pub desk: Desk,
    pub log: Vec<Event>,
}

impl Default for World {
    fn default() -> World {
        World::new()
    }
}

impl World {
    pub fn new() -> World {
        let log: Vec<Event> = demo_customers()
            .into_iter()
            .map(|customer| Event {
                at: demo_start(),
                actor: None,
                kind: EventKind::CustomerAdded { customer },
            })
            .collect();
        World {
            desk: Desk::from_events(&log),
            log,
        }
    }

    /// Decides and, when accepted, applies the events.
    pub fn run(
        &mut self,
        actor: &User,
        now: DateTime<Utc>,
        cmd: Command,
    ) -> Result<Vec<Event>, Refusal> {
        let events = decide(&self.desk, actor, now, cmd)?;
        for event in &events {
            evolve(&mut self.desk, event);
        }
        self.log.extend(events.iter().cloned());
        Ok(events)
    }

    /// Places a one-line order as the Admin agent.
    pub fn buy(
        &mut self,
        customer: &str,
        order: &str,
        sku: &str,
        quantity: u32,
        plan: BillingPlan,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Refusal> {
        self.run(
            &admin(),
            now,
            place(customer, order, &[(sku, quantity, plan)]),
        )
    }
}

pub fn place(customer: &str, order: &str, lines: &[(&str, u32, BillingPlan)]) -> Command {
    Command::PlaceOrder {
        customer: cid(customer),
        order: oid(order),
        lines: lines
            .iter()
            .map(|&(sku, quantity, billing_plan)| LineRequest {
                sku: sku.into(),
                quantity,
                billing_plan,
            })
            .collect(),
    }
}

pub fn cancel_subscription(customer: &str, order: &str) -> Command {
    Command::CancelSubscription {
        customer: cid(customer),
        subscription: item(order, 0),
        acknowledged: true,
    }
}

pub fn cancel_lines(customer: &str, order: &str, lines: &[u32]) -> Command {
    Command::CancelOrderLines {
        customer: cid(customer),
        order: oid(order),
        lines: lines.to_vec(),
        acknowledged: true,
    }
}
