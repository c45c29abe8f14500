//! Strings of selling: customer tabs, Add products, review, subscriptions, order history.

use csp_domain::{BillingPlan, ProductKind, Term};

use super::catalog::{catalog, fill, plural};
use super::format;

catalog! {
    /// The selling pages' strings.
    pub struct SellingTexts in "selling" {
        subscriptions: "Subscriptions",
        software: "Software",
        order_history: "Order history",
        customer_tabs: "Customer sections",
        add_products: "Add products",
        add_products_needs_role: "Buying products needs the Admin agent or Global admin role.",
        needs_admin_agent: "This needs the Admin agent role.",

        add_products_for: "Add products for {customer}",
        choose_products: "1. Choose products",
        review_and_submit: "2. Review and submit",
        product: "Product",
        kind: "Kind",
        term: "Term",
        price_per_unit: "Price per unit and term",
        quantity: "Quantity",
        quantity_of: "Quantity of {product}, {term}",
        billing_plan: "Billing plan",
        billing_plan_of: "Billing plan of {product}, {term}",
        billing_plans_available: "Billing plans available",
        add_to_order: "Add to order",
        add_product_to_order: "Add {product}, {term} to order",
        not_available: "Not available",
        your_order: "Your order",
        nothing_chosen: "No products chosen yet. Add one above.",
        added_to_order: "Added to your order: {line}.",
        order_lines_one: "{lines} line",
        order_lines: "{lines} lines",
        remove: "Remove",
        remove_from_order: "Remove {product} from order",
        review: "Review",
        back_to_products: "Back to products",
        price_per_billing_period: "Price per billing period",
        total_for_term: "Total for the term",
        billed_now: "Billed now",
        order_total: "Order total",
        submit_order: "Submit order",
        submitting: "Submitting…",
        order_status: "Order status",
        order_placed: "Order {order} was placed.",
        view_order: "View the order",
        loading_catalog: "Loading the catalog…",
        quantity_invalid: "Enter a whole number from 1 to 10,000.",
        mixed_currencies: "—",

        loading_subscriptions: "Loading subscriptions…",
        no_subscriptions: "No subscriptions bought on or after 14 October 2021. Purchases before that date are in Order history.",
        subscription_id: "Subscription ID",
        status: "Status",
        start: "Start",
        end: "End",
        billing_frequency: "Billing frequency",
        autorenew: "Autorenew",
        cancellation_window: "Cancellation window",
        window_until: "Until {at}",
        window_closed: "Window closed",
        on: "On",
        off: "Off",

        loading_subscription: "Loading subscription…",
        subscription_details: "Subscription details",
        order: "Order",
        term_number: "Term {number}",
        from_next_term: "{plan} from the next term",
        autorenew_help: "When autorenew is on, a new term starts when this one ends, with a new 7-day cancellation window. When it is off, the subscription expires at the end of the term.",
        autorenew_on_saved: "Autorenew is on.",
        autorenew_off_saved: "Autorenew is off.",
        billing_help: "A new billing frequency applies from the next term.",
        billing_saved: "The billing frequency will be {plan} from the next term.",
        no_billing_choice: "This subscription is billed once per term; there is no other frequency to choose.",
        submit: "Submit",
        saving: "Saving…",
        status_section: "Status",
        cancel_subscription: "Cancel subscription",
        cancel_window_open: "You can cancel until {at}, with a prorated refund.",
        cancel_window_closed: "The cancellation window closed on {at}. After 7 days a subscription cannot be cancelled and is billed for the full term.",
        prorated_refund: "Prorated refund: {amount}",
        confirm_cancel: "Do you want to cancel this subscription?",
        yes: "Yes",
        no: "No",
        customer: "Customer",
        subscription_cancelled: "The subscription was cancelled. A credit of {amount} will show on the next monthly invoice. The dashboard may take up to 15 minutes to show the cancellation.",
        report_a_problem: "Report a problem",
        back_to_subscriptions: "Back to subscriptions",

        loading_orders: "Loading orders…",
        no_orders: "No orders yet.",
        order_id: "Order ID",
        date: "Date",
        items: "Items",
        total: "Total",
        order_heading: "Order {order}",
        line_items: "Line items",
        line: "Line",
        cancelled_line: "0 (cancelled, {ordered} ordered)",
        back_to_orders: "Back to order history",

        plan_monthly: "Monthly",
        plan_annual: "Annual",
        plan_triennial: "Triennial",
        plan_one_time: "One time",
        plan_unknown: "Unknown",
        term_one_year: "1 year",
        term_three_years: "3 years",
        term_perpetual: "Perpetual",
        kind_azure_reservation: "Azure reservation",
        kind_software_subscription: "Software subscription",
        kind_perpetual_software: "Perpetual software",
        kind_license_only: "License only",
        kind_extended_security_updates: "Extended Security Updates",
        kind_software_plan: "Software plan",
    }
}

impl SellingTexts {
    pub fn add_products_for(&self, customer: &str) -> String {
        fill(self.add_products_for, &[("customer", customer)])
    }

    pub fn quantity_of(&self, product: &str, term: &str) -> String {
        fill(self.quantity_of, &[("product", product), ("term", term)])
    }

    pub fn billing_plan_of(&self, product: &str, term: &str) -> String {
        fill(
            self.billing_plan_of,
            &[("product", product), ("term", term)],
        )
    }

    pub fn add_product_to_order(&self, product: &str, term: &str) -> String {
        fill(
            self.add_product_to_order,
            &[("product", product), ("term", term)],
        )
    }

    pub fn added_to_order(&self, line: &str) -> String {
        fill(self.added_to_order, &[("line", line)])
    }

    pub fn remove_from_order(&self, product: &str) -> String {
        fill(self.remove_from_order, &[("product", product)])
    }

    pub fn order_placed(&self, order: &str) -> String {
        fill(self.order_placed, &[("order", order)])
    }

    pub fn window_until(&self, at: &str) -> String {
        fill(self.window_until, &[("at", at)])
    }

    pub fn term_number(&self, number: u32) -> String {
        fill(
            self.term_number,
            &[("number", &format::integer(number as i64))],
        )
    }

    pub fn from_next_term(&self, plan: &str) -> String {
        fill(self.from_next_term, &[("plan", plan)])
    }

    pub fn billing_saved(&self, plan: &str) -> String {
        fill(self.billing_saved, &[("plan", plan)])
    }

    pub fn cancel_window_open(&self, at: &str) -> String {
        fill(self.cancel_window_open, &[("at", at)])
    }

    pub fn cancel_window_closed(&self, at: &str) -> String {
        fill(self.cancel_window_closed, &[("at", at)])
    }

    pub fn prorated_refund(&self, amount: &str) -> String {
        fill(self.prorated_refund, &[("amount", amount)])
    }

    pub fn subscription_cancelled(&self, amount: &str) -> String {
        fill(self.subscription_cancelled, &[("amount", amount)])
    }

    pub fn order_heading(&self, order: &str) -> String {
        fill(self.order_heading, &[("order", order)])
    }

    pub fn cancelled_line(&self, ordered: u32) -> String {
        fill(
            self.cancelled_line,
            &[("ordered", &format::integer(ordered as i64))],
        )
    }

    pub fn order_lines(&self, lines: usize) -> String {
        let template = plural(lines as i64, self.order_lines_one, self.order_lines);
        fill(template, &[("lines", &format::integer(lines as i64))])
    }

    pub fn autorenew_saved(&self, on: bool) -> String {
        let text = if on {
            self.autorenew_on_saved
        } else {
            self.autorenew_off_saved
        };
        text.to_owned()
    }

    pub fn plan_name(&self, plan: BillingPlan) -> &'static str {
        match plan {
            BillingPlan::Monthly => self.plan_monthly,
            BillingPlan::Annual => self.plan_annual,
            BillingPlan::Triennial => self.plan_triennial,
            BillingPlan::OneTime => self.plan_one_time,
            BillingPlan::Unknown => self.plan_unknown,
        }
    }

    pub fn term_name(&self, term: Term) -> &'static str {
        match term {
            Term::OneYear => self.term_one_year,
            Term::ThreeYears => self.term_three_years,
            Term::Perpetual => self.term_perpetual,
        }
    }

    pub fn kind_name(&self, kind: ProductKind) -> &'static str {
        match kind {
            ProductKind::AzureReservation => self.kind_azure_reservation,
            ProductKind::SoftwareSubscription => self.kind_software_subscription,
            ProductKind::PerpetualSoftware => self.kind_perpetual_software,
            ProductKind::LicenseOnly => self.kind_license_only,
            ProductKind::ExtendedSecurityUpdates => self.kind_extended_security_updates,
            ProductKind::SoftwarePlan => self.kind_software_plan,
        }
    }
}
