//! Dates and money as each locale writes them, formatted by the browser.

use chrono::{TimeZone, Utc};
use csp_desk::i18n::format::{date, integer, list_or, money, set_locale};
use csp_domain::Money;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn money_is_written_as_each_locale_writes_its_currency() {
    set_locale("de-DE");
    assert_eq!(
        money(&Money::new(123_456, "EUR")).replace('\u{a0}', " "),
        "1.234,56 €"
    );
    set_locale("zh-CN");
    assert_eq!(money(&Money::new(123_456, "CNY")), "¥1,234.56");
    set_locale("en-GB");
    assert_eq!(money(&Money::new(-5, "USD")), "-US$0.05");
    set_locale("de-DE");
}

#[wasm_bindgen_test]
fn forints_have_no_decimals_where_the_amount_has_none() {
    set_locale("hu-HU");
    let whole = money(&Money::new(1_234_500, "HUF")).replace(['\u{a0}', '\u{202f}'], " ");
    assert_eq!(whole, "12 345 Ft");
    let part = money(&Money::new(1_234_550, "HUF")).replace(['\u{a0}', '\u{202f}'], " ");
    assert_eq!(part, "12 345,5 Ft");
    set_locale("en-GB");
}

#[wasm_bindgen_test]
fn dates_counts_and_lists_follow_the_locale() {
    let at = Utc.with_ymd_and_hms(2021, 11, 15, 12, 0, 0).unwrap();
    set_locale("de-DE");
    assert!(date(at).contains("Nov. 2021"), "{}", date(at));
    assert_eq!(integer(4034), "4.034");
    assert_eq!(list_or(&["A", "B", "C"]), "A, B oder C");
    set_locale("en-GB");
    assert_eq!(integer(4034), "4,034");
    assert_eq!(list_or(&["A", "B", "C"]), "A, B or C");
}
