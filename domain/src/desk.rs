use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::customer::{Customer, CustomerId};
use crate::event::{Event, EventKind};

/// Everything the partner's console knows, rebuilt by folding the event log with [`evolve`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Desk {
    customers: BTreeMap<CustomerId, Customer>,
}

impl Desk {
    /// The desk after every event of `log`, in order.
    pub fn from_events<'a>(log: impl IntoIterator<Item = &'a Event>) -> Desk {
        let mut desk = Desk::default();
        for event in log {
            evolve(&mut desk, event);
        }
        desk
    }

    /// Every customer, by name.
    pub fn customers(&self) -> Vec<&Customer> {
        let mut customers: Vec<_> = self.customers.values().collect();
        customers.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        customers
    }

    /// The customer with `id`, if there is one.
    pub fn customer(&self, id: &CustomerId) -> Option<&Customer> {
        self.customers.get(id)
    }
}

/// Applies one event to the desk. Events are facts: this never refuses.
pub fn evolve(desk: &mut Desk, event: &Event) {
    match &event.kind {
        EventKind::CustomerAdded { customer } => {
            desk.customers.insert(customer.id.clone(), customer.clone());
        }
    }
}
