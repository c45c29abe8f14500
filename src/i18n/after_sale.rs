//! Strings of after the sale: software, keys and downloads, cancelling purchases, billing,
//! the activity log, support requests, the customer's view, the clock, VL to CSP.

/// The after-sale pages' strings.
pub struct AfterSaleTexts {
    pub simulation_clock: &'static str,
}

pub(super) const ENGLISH: AfterSaleTexts = AfterSaleTexts {
    simulation_clock: "Simulation clock",
};
