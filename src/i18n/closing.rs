//! Strings of Closing soon, the exports and the Billing chart.

use csp_domain::{DeadlineKind, Horizon};

use super::catalog::{catalog, fill, plural};

catalog! {
    /// Closing soon's strings, the download buttons' and the credits chart's.
    pub struct ClosingTexts in "closing" {
        closing_soon: "Closing soon",
        closing_soon_summary: "Every cancellation window, renewal and deadline of your customers, soonest first.",
        closing_soon_intro: "Every deadline of the customers you can see, soonest first, in your time zone. Cancelled, expired and passed items leave the list by themselves.",
        /// The count beside the page's name, read out in full.
        closing_today_one: "{count} closes within 24 hours",
        closing_today: "{count} close within 24 hours",
        loading_deadlines: "Loading deadlines…",
        kind: "Kind",
        all_kinds: "All kinds",
        customer: "Customer",
        within: "Within",
        within_24h: "24 hours",
        within_7d: "7 days",
        within_30d: "30 days",
        within_90d: "90 days",
        deadlines_one: "{count} deadline",
        deadlines: "{count} deadlines",
        no_deadlines: "Nothing closes in this period.",
        due: "Deadline",
        time_left: "Time left",
        what_happens: "What happens",
        item: "Item",
        act: "Where to act",

        kind_subscription_cancellation: "Cancellation window closes (subscription)",
        kind_perpetual_cancellation: "Cancellation window closes (perpetual)",
        kind_term_renews: "Term ends and renews",
        kind_term_expires: "Term ends and expires",
        kind_link_expires: "Download link expires",
        kind_mak_deployment: "MAK deadline (moving from VL)",

        happens_subscription_cancellation: "The 7-day cancellation window closes; cancelling now credits {amount}.",
        happens_perpetual_cancellation: "The 30-day cancellation window closes; cancelling now credits {amount}, 100%.",
        happens_term_renews: "Renews and charges {amount}.",
        happens_term_expires: "Expires: autorenew is off.",
        happens_link_expires: "The download link stops working; get keys and downloads again for a fresh one.",
        happens_mak_deployment: "The last KMS activation runs out: deploy the MAK before, or devices may be limited until reactivated.",
        mak_item: "Move from volume licensing",

        act_cancel: "Open the cancel dialog",
        act_autorenew: "Open the autorenew switch",
        act_software: "Open Software",
        act_vl_to_csp: "Open VL to CSP",

        download_csv: "Download CSV",
        download_calendar: "Add to calendar (.ics)",
        /// A calendar event's title: the kind, then whose and what.
        event_title: "{kind}: {customer}, {item}",

        remember_for: "Remember this deadline for customer",
        remember: "Remember deadline",
        remembering: "Saving…",
        remembered: "Remembered: Closing soon lists the MAK deadline of {customer} until {deadline}.",

        credits_chart: "Credits per invoice month",
        credits_chart_in: "Credits of the last 12 invoice months in {currency}",
        invoice_month: "Invoice month",
        credits_total: "Credits",
    }
}

impl ClosingTexts {
    /// "3 close within 24 hours".
    pub fn closing_today(&self, count: usize) -> String {
        let template = plural(count as i64, self.closing_today_one, self.closing_today);
        fill(template, &[("count", &count.to_string())])
    }

    /// "12 deadlines".
    pub fn deadlines(&self, count: usize) -> String {
        let template = plural(count as i64, self.deadlines_one, self.deadlines);
        fill(
            template,
            &[("count", &super::format::integer(count as i64))],
        )
    }

    /// The name of a kind of deadline, as the filter and the calendar call it.
    pub fn kind_name(&self, kind: DeadlineKind) -> &'static str {
        match kind {
            DeadlineKind::SubscriptionCancellation => self.kind_subscription_cancellation,
            DeadlineKind::PerpetualCancellation => self.kind_perpetual_cancellation,
            DeadlineKind::TermRenews => self.kind_term_renews,
            DeadlineKind::TermExpires => self.kind_term_expires,
            DeadlineKind::LinkExpires => self.kind_link_expires,
            DeadlineKind::MakDeployment => self.kind_mak_deployment,
        }
    }

    /// What happens at a deadline of `kind`, with its amount written out where it has one.
    pub fn what_happens(&self, kind: DeadlineKind, amount: &str) -> String {
        let template = match kind {
            DeadlineKind::SubscriptionCancellation => self.happens_subscription_cancellation,
            DeadlineKind::PerpetualCancellation => self.happens_perpetual_cancellation,
            DeadlineKind::TermRenews => self.happens_term_renews,
            DeadlineKind::TermExpires => self.happens_term_expires,
            DeadlineKind::LinkExpires => self.happens_link_expires,
            DeadlineKind::MakDeployment => self.happens_mak_deployment,
        };
        fill(template, &[("amount", amount)])
    }

    /// The name of a horizon in the filter.
    pub fn horizon_name(&self, horizon: Horizon) -> &'static str {
        match horizon {
            Horizon::Day => self.within_24h,
            Horizon::Week => self.within_7d,
            Horizon::Month => self.within_30d,
            Horizon::Quarter => self.within_90d,
        }
    }

    /// A calendar event's title.
    pub fn event_title(&self, kind: DeadlineKind, customer: &str, item: &str) -> String {
        fill(
            self.event_title,
            &[
                ("kind", self.kind_name(kind)),
                ("customer", customer),
                ("item", item),
            ],
        )
    }

    /// The confirmation once a MAK deadline is remembered.
    pub fn remembered(&self, customer: &str, deadline: &str) -> String {
        fill(
            self.remembered,
            &[("customer", customer), ("deadline", deadline)],
        )
    }

    /// The chart's accessible name and caption.
    pub fn credits_chart_in(&self, currency: &str) -> String {
        fill(self.credits_chart_in, &[("currency", currency)])
    }
}
