//! Strings of selling: customer tabs, Add products, review, subscriptions, order history.

/// The selling pages' strings.
pub struct SellingTexts {
    pub subscriptions: &'static str,
    pub software: &'static str,
    pub order_history: &'static str,
    pub customer_tabs: &'static str,
    pub add_products: &'static str,
    pub add_products_needs_role: &'static str,
}

pub(super) const ENGLISH: SellingTexts = SellingTexts {
    subscriptions: "Subscriptions",
    software: "Software",
    order_history: "Order history",
    customer_tabs: "Customer sections",
    add_products: "Add products",
    add_products_needs_role: "Buying products needs the Admin agent or Global admin role.",
};
