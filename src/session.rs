//! Who is signed in, and the revision of the data every page shows.

use csp_domain::{Action, User};
use leptos::prelude::*;

/// The signed-in user and a counter that moves whenever the data changes (a command, a
/// new user, the clock), so every page's resources refetch together.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: RwSignal<Option<User>>,
    revision: RwSignal<u64>,
}

impl Session {
    /// A session for `user`.
    pub fn new(user: Option<User>) -> Session {
        Session {
            user: RwSignal::new(user),
            revision: RwSignal::new(0),
        }
    }

    /// Subscribes the caller (a resource) to every change of the data.
    pub fn track(&self) {
        self.revision.track();
    }

    /// The data's revision, read tracked: it moves with every change of the data.
    pub fn revision(&self) -> u64 {
        self.revision.get()
    }

    /// Says the data changed: every page refetches.
    pub fn changed(&self) {
        self.revision.update(|revision| *revision += 1);
    }

    /// Whether the signed-in user may do `action`; the page uses it to say so up front, the
    /// backend refuses regardless.
    pub fn may(&self, action: Action) -> bool {
        self.user
            .with(|user| user.as_ref().is_some_and(|user| user.may(action)))
    }
}

/// The session provided by the shell.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
