//! Adding customers, importing them from CSV, and the rules for accounts, at their edges,
//! through `execute` as a page calls it.

mod common;

use common::*;
use csp_domain::accounts::{
    change_account, Account, AccountChange, NewAccount, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS,
};
use csp_domain::customer::{IMPORT_COLUMNS, MAX_COMPANY_NAME, MAX_IMPORT_ROWS};
use csp_domain::execute::Randomness;
use csp_domain::seed::{demo_events, demo_now};
use csp_domain::*;

// ---------------------------------------------------------------- fixtures

/// Counts up, so every drawn id differs and a run is repeatable.
struct Counting(u8);

impl Randomness for Counting {
    fn fill(&mut self, bytes: &mut [u8]) {
        for byte in bytes {
            self.0 = self.0.wrapping_add(41);
            *byte = self.0;
        }
    }
}

fn demo_desk() -> Desk {
    Desk::from_events(&demo_events())
}

/// Gale, the Global admin.
fn global_admin() -> User {
    user("gale")
}

/// Sam, the Sales agent.
fn sales_agent() -> User {
    user("sam")
}

const TENANT: &str = "9A8B7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D";
const HEADER: &str = "name,defaultDomain,tenantId,market,currency";

fn form(name: &str, domain: &str, tenant: &str, market: &str, currency: &str) -> CustomerForm {
    CustomerForm {
        name: name.into(),
        default_domain: domain.into(),
        tenant_id: tenant.into(),
        market: market.into(),
        currency: currency.into(),
    }
}

/// Lamna Healthcare as someone types it: blanks around the name, capitals where they are not kept.
fn lamna() -> CustomerForm {
    form(
        "  Lamna Healthcare, Inc.  ",
        "LamnaHealthcare.OnMicrosoft.COM",
        TENANT,
        "us",
        "usd",
    )
}

/// A tenant GUID that no demo customer has, different for every `n`.
fn tenant(n: usize) -> String {
    format!("{n:08x}-0000-4000-8000-{n:012x}")
}

/// A CSV row of a valid, new customer, different for every `n`.
fn row(n: usize) -> String {
    format!(
        "Customer {n},customer{n}.onmicrosoft.com,{},NL,EUR",
        tenant(n)
    )
}

/// A file with the header and `rows` valid rows.
fn file_of(rows: usize) -> String {
    let mut text = String::with_capacity(80 * (rows + 1));
    text.push_str(HEADER);
    text.push('\n');
    for n in 0..rows {
        text.push_str(&row(n));
        text.push('\n');
    }
    text
}

fn add(desk: &mut Desk, actor: &User, form: CustomerForm) -> Result<Executed, Refusal> {
    let mut random = Counting(0);
    execute(
        desk,
        actor,
        demo_now(),
        &mut random,
        Intent::AddCustomer { form },
    )
}

fn import(desk: &mut Desk, actor: &User, csv: impl Into<String>) -> Result<Executed, Refusal> {
    let mut random = Counting(0);
    let csv = csv.into();
    execute(
        desk,
        actor,
        demo_now(),
        &mut random,
        Intent::ImportCustomers { csv },
    )
}

/// The customer an accepted "Add customer" answers with.
fn added(executed: Executed) -> Customer {
    match executed.reply {
        Ok(Reply::Customer(customer)) => customer,
        other => panic!("expected the customer added, got {other:?}"),
    }
}

/// The customers an accepted import answers with.
fn imported(executed: Executed) -> Vec<Customer> {
    match executed.reply {
        Ok(Reply::Customers(customers)) => customers,
        other => panic!("expected the customers imported, got {other:?}"),
    }
}

/// Why the Admin agent's "Add customer" with `form` is refused on the demo desk, checking
/// that the refusal applied nothing.
fn refusal_of(form: CustomerForm) -> Refusal {
    let mut desk = demo_desk();
    let before = desk.clone();
    let refusal = add(&mut desk, &admin(), form).expect_err("the form should be refused");
    assert_eq!(desk, before, "a refused form changed the desk");
    refusal
}

fn invalid(field: FormField, problem: FieldProblem) -> Refusal {
    Refusal::InvalidField { field, problem }
}

/// Why the Admin agent's import of `csv` is refused on the demo desk, checking that the
/// refusal added nobody.
fn import_refusal(csv: impl Into<String>) -> Refusal {
    let mut desk = demo_desk();
    let before = desk.clone();
    let refusal = import(&mut desk, &admin(), csv).expect_err("the import should be refused");
    assert_eq!(desk.customers().len(), before.customers().len());
    assert_eq!(desk, before, "a refused import changed the desk");
    refusal
}

fn rejected(problems: &[(usize, Option<FormField>, FieldProblem)]) -> Refusal {
    Refusal::ImportRejected {
        problems: problems
            .iter()
            .map(|(row, field, problem)| RowProblem {
                row: *row,
                field: *field,
                problem: problem.clone(),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------- adding a customer: who

#[test]
fn an_admin_agent_adds_a_customer_and_the_desk_then_has_it() {
    let mut desk = demo_desk();
    let before = desk.customers().len();
    let customer = added(add(&mut desk, &admin(), lamna()).unwrap());
    assert_eq!(desk.customers().len(), before + 1);
    assert_eq!(desk.customer(&customer.id), Some(&customer));
}

#[test]
fn a_global_admin_adds_a_customer() {
    let mut desk = demo_desk();
    let customer = added(add(&mut desk, &global_admin(), lamna()).unwrap());
    assert_eq!(desk.customer(&customer.id), Some(&customer));
}

#[test]
fn a_sales_agent_may_neither_add_nor_import_customers_and_nothing_is_added() {
    let mut desk = demo_desk();
    let before = desk.clone();
    let refusal = add(&mut desk, &sales_agent(), lamna()).unwrap_err();
    assert!(
        matches!(
            refusal,
            Refusal::MissingRole {
                action: Action::BuyProducts,
                ..
            }
        ),
        "{refusal:?}"
    );
    let refusal = import(&mut desk, &sales_agent(), file_of(2)).unwrap_err();
    assert!(
        matches!(
            refusal,
            Refusal::MissingRole {
                action: Action::BuyProducts,
                ..
            }
        ),
        "{refusal:?}"
    );
    assert_eq!(desk, before);
}

// ---------------------------------------------------------------- adding a customer: what is kept

#[test]
fn a_new_customer_is_kept_under_its_lower_case_tenant_guid_with_its_fields_tidied() {
    let mut desk = demo_desk();
    let customer = added(add(&mut desk, &admin(), lamna()).unwrap());
    let tenant = TENANT.to_lowercase();
    assert_eq!(customer.id, CustomerId(tenant.clone()));
    assert_eq!(customer.tenant_id, tenant);
    assert_eq!(customer.name, "Lamna Healthcare, Inc.");
    assert_eq!(customer.default_domain, "lamnahealthcare.onmicrosoft.com");
    assert_eq!(customer.market.code(), "US");
    assert_eq!(customer.currency, "USD");
}

// ---------------------------------------------------------------- adding a customer: each field

#[test]
fn every_field_left_empty_or_blank_is_refused_as_missing() {
    type Set = fn(&mut CustomerForm, &str);
    let fields: [(FormField, Set); 5] = [
        (FormField::CompanyName, |f, text| f.name = text.into()),
        (FormField::DefaultDomain, |f, text| {
            f.default_domain = text.into()
        }),
        (FormField::TenantId, |f, text| f.tenant_id = text.into()),
        (FormField::Market, |f, text| f.market = text.into()),
        (FormField::Currency, |f, text| f.currency = text.into()),
    ];
    for (field, set) in fields {
        // Blank as well as empty: what a person leaves with the space bar.
        for blank in ["", "   "] {
            let mut form = lamna();
            set(&mut form, blank);
            assert_eq!(
                refusal_of(form),
                invalid(field, FieldProblem::Missing),
                "{field:?} left {blank:?}"
            );
        }
    }
}

#[test]
fn a_company_name_of_100_characters_is_kept_and_one_of_101_is_too_long() {
    assert_eq!(MAX_COMPANY_NAME, 100);
    // Multi-byte letters: the limit counts characters, not bytes.
    for letter in ["a", "ü"] {
        let mut desk = demo_desk();
        let longest = letter.repeat(100);
        let name_form = CustomerForm {
            name: format!(" {longest} "),
            ..lamna()
        };
        let customer = added(add(&mut desk, &admin(), name_form).unwrap());
        assert_eq!(customer.name, longest);

        let too_long = CustomerForm {
            name: letter.repeat(101),
            ..lamna()
        };
        assert_eq!(
            refusal_of(too_long),
            invalid(FormField::CompanyName, FieldProblem::TooLong { max: 100 })
        );
    }
}

/// A name is text: a NUL, an escape or a line break in it is refused, by the form and by an
/// import, naming the row; letters of any script and inner blanks are kept.
#[test]
fn a_company_name_with_a_control_character_is_refused_as_not_text() {
    for name in [
        "Lamna\0Ltd",
        "Lamna\u{1b}[31mLtd",
        "Lamna\nLtd",
        "Lamna\u{7f}",
    ] {
        let form = CustomerForm {
            name: name.into(),
            ..lamna()
        };
        assert_eq!(
            refusal_of(form),
            invalid(FormField::CompanyName, FieldProblem::NotText),
            "{name:?}"
        );
    }
    let csv = format!(
        "{HEADER}\n{}\nNul\0Name,nul.onmicrosoft.com,{},DE,EUR\n",
        row(1),
        tenant(2)
    );
    assert_eq!(
        import_refusal(csv),
        rejected(&[(3, Some(FormField::CompanyName), FieldProblem::NotText)])
    );
    let mut desk = demo_desk();
    let kept = CustomerForm {
        name: "Lamna  Őrség Ωμέγα".into(),
        ..lamna()
    };
    assert_eq!(
        added(add(&mut desk, &admin(), kept).unwrap()).name,
        "Lamna  Őrség Ωμέγα"
    );
}

#[test]
fn a_domain_without_a_dot_with_an_empty_label_or_a_label_starting_with_a_hyphen_is_not_a_domain() {
    for domain in [
        "fabrikam",
        "fabrikam..com",
        ".fabrikam.com",
        "fabrikam.com.",
        "-fabrikam.onmicrosoft.com",
        "fabrikam.-onmicrosoft.com",
    ] {
        let form = CustomerForm {
            default_domain: domain.into(),
            ..lamna()
        };
        assert_eq!(
            refusal_of(form),
            invalid(FormField::DefaultDomain, FieldProblem::NotADomain),
            "{domain:?}"
        );
    }
}

#[test]
fn a_tenant_guid_one_character_short_or_long_or_with_a_non_hex_digit_is_not_a_tenant_guid() {
    let short = &TENANT[..35];
    let long = format!("{TENANT}0");
    let non_hex = TENANT.replacen('F', "G", 1);
    let no_hyphens = TENANT.replace('-', "");
    assert_eq!((short.len(), long.len(), non_hex.len()), (35, 37, 36));
    for tenant in [short, &long, &non_hex, &no_hyphens] {
        let form = CustomerForm {
            tenant_id: tenant.into(),
            ..lamna()
        };
        assert_eq!(
            refusal_of(form),
            invalid(FormField::TenantId, FieldProblem::NotATenantGuid),
            "{tenant:?}"
        );
    }
}

#[test]
fn an_unknown_market_is_refused_and_a_known_one_is_accepted_in_lower_case() {
    let unknown = CustomerForm {
        market: "XX".into(),
        ..lamna()
    };
    assert_eq!(
        refusal_of(unknown),
        invalid(FormField::Market, FieldProblem::UnknownMarket)
    );
    let mut desk = demo_desk();
    let german = CustomerForm {
        market: "de".into(),
        currency: "eur".into(),
        ..lamna()
    };
    let customer = added(add(&mut desk, &admin(), german).unwrap());
    assert_eq!(customer.market, Market::new("DE").unwrap());
    assert_eq!(customer.currency, "EUR");
}

#[test]
fn a_currency_without_a_price_list_is_refused() {
    let form = CustomerForm {
        currency: "ZZZ".into(),
        ..lamna()
    };
    assert_eq!(
        refusal_of(form),
        invalid(FormField::Currency, FieldProblem::NoPriceList)
    );
}

#[test]
fn a_domain_of_a_demo_customer_in_any_case_is_taken() {
    for domain in [
        "contoso.onmicrosoft.com",
        "CONTOSO.onmicrosoft.COM",
        "  NorthwindTraders.OnMicrosoft.com ",
    ] {
        let form = CustomerForm {
            default_domain: domain.into(),
            ..lamna()
        };
        assert_eq!(
            refusal_of(form),
            invalid(FormField::DefaultDomain, FieldProblem::Taken),
            "{domain:?}"
        );
    }
}

#[test]
fn a_tenant_of_a_demo_customer_in_any_case_is_taken() {
    let northwind = "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a05";
    for tenant in [
        northwind.to_owned(),
        northwind.to_uppercase(),
        format!(" {} ", northwind.to_uppercase()),
    ] {
        let form = CustomerForm {
            tenant_id: tenant.clone(),
            ..lamna()
        };
        assert_eq!(
            refusal_of(form),
            invalid(FormField::TenantId, FieldProblem::Taken),
            "{tenant:?}"
        );
    }
}

#[test]
fn the_same_customer_added_twice_is_refused_the_second_time_and_added_once() {
    let mut desk = demo_desk();
    add(&mut desk, &admin(), lamna()).unwrap();
    let after_first = desk.clone();
    let again = CustomerForm {
        default_domain: "other.onmicrosoft.com".into(),
        tenant_id: TENANT.to_lowercase(),
        ..lamna()
    };
    assert_eq!(
        add(&mut desk, &admin(), again).unwrap_err(),
        invalid(FormField::TenantId, FieldProblem::Taken)
    );
    assert_eq!(desk, after_first);
}

// ---------------------------------------------------------------- import: the header

#[test]
fn the_header_names_the_columns_in_any_order_and_case() {
    let mut desk = demo_desk();
    let csv = format!(
        "CURRENCY, Market ,tenantid,DefaultDomain,NAME\n\
         eur,de,{TENANT},LamnaHealthcare.OnMicrosoft.com,  Lamna GmbH  \n\
         USD,US,{},second.onmicrosoft.com,Second\n",
        tenant(2)
    );
    let customers = imported(import(&mut desk, &admin(), csv).unwrap());
    assert_eq!(
        customers[0],
        Customer {
            id: CustomerId(TENANT.to_lowercase()),
            name: "Lamna GmbH".into(),
            default_domain: "lamnahealthcare.onmicrosoft.com".into(),
            tenant_id: TENANT.to_lowercase(),
            market: Market::new("DE").unwrap(),
            currency: "EUR".into(),
        }
    );
    assert_eq!(customers[1].name, "Second");
    assert_eq!(customers[1].market.code(), "US");
    assert_eq!(desk.customer(&customers[0].id), Some(&customers[0]));
}

#[test]
fn a_header_without_a_column_is_refused_naming_row_1_and_that_column() {
    for (missing, field) in IMPORT_COLUMNS {
        let header: Vec<_> = IMPORT_COLUMNS
            .iter()
            .map(|(name, _)| if *name == missing { "notes" } else { name })
            .collect();
        let csv = format!("{}\n{}\n", header.join(","), row(1));
        assert_eq!(
            import_refusal(csv),
            rejected(&[(1, Some(field), FieldProblem::Missing)]),
            "without {missing}"
        );
    }
}

#[test]
fn a_file_with_only_a_header_has_nothing_to_import() {
    for csv in [
        HEADER.to_owned(),
        format!("{HEADER}\n"),
        format!("{HEADER}\r\n\r\n"),
    ] {
        assert_eq!(import_refusal(csv), Refusal::NothingToImport);
    }
}

#[test]
fn an_empty_file_has_nothing_to_import() {
    for csv in ["", "\n", "\r\n", "\u{feff}", "  \n\n"] {
        assert_eq!(import_refusal(csv), Refusal::NothingToImport, "{csv:?}");
    }
}

// ---------------------------------------------------------------- import: the rows

#[test]
fn one_bad_row_among_50_is_named_by_its_line_counting_the_header_as_1_and_nothing_is_added() {
    let mut lines: Vec<String> = (0..50).map(row).collect();
    // The 37th customer, on line 38 of the file.
    lines[36] = "Customer 36,customer36.onmicrosoft.com,not-a-guid,NL,EUR".into();
    let csv = format!("{HEADER}\n{}\n", lines.join("\n"));
    assert_eq!(
        import_refusal(csv),
        rejected(&[(38, Some(FormField::TenantId), FieldProblem::NotATenantGuid)])
    );
}

#[test]
fn every_problem_of_every_bad_row_is_named() {
    let csv = format!(
        "{HEADER}\n{}\n,nodot,{},XX,ZZZ\n{}\n",
        row(1),
        tenant(2),
        row(3)
    );
    assert_eq!(
        import_refusal(csv),
        rejected(&[
            (3, Some(FormField::CompanyName), FieldProblem::Missing),
            (3, Some(FormField::DefaultDomain), FieldProblem::NotADomain),
            (3, Some(FormField::Market), FieldProblem::UnknownMarket),
            (3, Some(FormField::Currency), FieldProblem::NoPriceList),
        ])
    );
}

#[test]
fn a_tenant_twice_in_one_file_is_taken_on_its_second_row() {
    let first = tenant(7);
    let csv = format!(
        "{HEADER}\n\
         First,first.onmicrosoft.com,{first},NL,EUR\n\
         Second,second.onmicrosoft.com,{},NL,EUR\n",
        first.to_uppercase()
    );
    assert_eq!(
        import_refusal(csv),
        rejected(&[(3, Some(FormField::TenantId), FieldProblem::Taken)])
    );
}

#[test]
fn a_domain_twice_in_one_file_is_taken_on_its_second_row() {
    let csv = format!(
        "{HEADER}\n\
         First,same.onmicrosoft.com,{},NL,EUR\n\
         Second,SAME.onmicrosoft.com,{},NL,EUR\n",
        tenant(1),
        tenant(2)
    );
    assert_eq!(
        import_refusal(csv),
        rejected(&[(3, Some(FormField::DefaultDomain), FieldProblem::Taken)])
    );
}

#[test]
fn a_row_naming_a_demo_customers_tenant_is_taken() {
    let csv = format!(
        "{HEADER}\n{}\nAgain,again.onmicrosoft.com,7E8F9A0B-1C2D-4E3F-8A4B-5C6D7E8F9A05,DE,EUR\n",
        row(1)
    );
    assert_eq!(
        import_refusal(csv),
        rejected(&[(3, Some(FormField::TenantId), FieldProblem::Taken)])
    );
}

#[test]
fn a_quoted_name_keeps_its_comma_and_its_doubled_quote_exactly() {
    let mut desk = demo_desk();
    let csv = format!(
        "{HEADER}\n\"Contoso \"\"East\"\", Inc.\",east.onmicrosoft.com,{},US,USD\n{}\n",
        tenant(1),
        row(2)
    );
    let customers = imported(import(&mut desk, &admin(), csv).unwrap());
    assert_eq!(customers[0].name, "Contoso \"East\", Inc.");
    assert_eq!(
        desk.customer(&customers[0].id).map(|c| c.name.as_str()),
        Some("Contoso \"East\", Inc.")
    );
}

#[test]
fn a_row_with_more_or_fewer_columns_than_the_header_is_not_csv() {
    let short = format!("Short,short.onmicrosoft.com,{},NL", tenant(2));
    let long = format!("{},extra", row(3));
    let csv = format!("{HEADER}\n{}\n{short}\n{long}\n", row(1));
    assert_eq!(
        import_refusal(csv),
        rejected(&[
            (3, None, FieldProblem::NotCsv),
            (4, None, FieldProblem::NotCsv)
        ])
    );
}

#[test]
fn a_quote_never_closed_is_not_csv_on_the_line_where_it_opened() {
    let csv = format!(
        "{HEADER}\n{}\n{}\n\"Open, Inc,open.onmicrosoft.com,{},NL,EUR\n{}\n",
        row(1),
        row(2),
        tenant(3),
        row(4)
    );
    assert_eq!(
        import_refusal(csv),
        rejected(&[(4, None, FieldProblem::NotCsv)])
    );
}

#[test]
fn a_file_with_crlf_line_ends_and_a_byte_order_mark_is_read_like_any_other() {
    let mut desk = demo_desk();
    let csv = format!(
        "\u{feff}{HEADER}\r\n{}\r\n\"Quoted, Ltd\",quoted.onmicrosoft.com,{},GB,GBP\r\n",
        row(1),
        tenant(2)
    );
    let customers = imported(import(&mut desk, &admin(), csv).unwrap());
    let names: Vec<_> = customers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Customer 1", "Quoted, Ltd"]);
    // No carriage return is left at the end of the last column.
    assert_eq!(customers[1].currency, "GBP");
    assert_eq!(customers[0].currency, "EUR");
}

#[test]
fn an_import_answers_with_every_customer_added_in_file_order() {
    let mut desk = demo_desk();
    let before = desk.customers().len();
    // Names in reverse alphabetical order, so no sorting can pass for file order.
    let csv = format!(
        "{HEADER}\n\
         Zeta,zeta.onmicrosoft.com,{},NL,EUR\n\
         Mu,mu.onmicrosoft.com,{},US,USD\n\
         Alpha,alpha.onmicrosoft.com,{},DE,EUR\n",
        tenant(1),
        tenant(2),
        tenant(3)
    );
    let customers = imported(import(&mut desk, &admin(), csv).unwrap());
    let names: Vec<_> = customers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Zeta", "Mu", "Alpha"]);
    let ids: Vec<_> = customers.iter().map(|c| c.id.0.clone()).collect();
    assert_eq!(ids, [tenant(1), tenant(2), tenant(3)]);
    assert_eq!(desk.customers().len(), before + 3);
    for customer in &customers {
        assert_eq!(desk.customer(&customer.id), Some(customer));
    }
}

#[test]
fn an_import_of_one_row_answers_with_a_list_of_one_customer() {
    let mut desk = demo_desk();
    let csv = format!("{HEADER}\n{}\n", row(1));
    let executed = import(&mut desk, &admin(), csv).unwrap();
    assert_eq!(desk.customers().len(), demo_desk().customers().len() + 1);
    let customers = imported(executed);
    assert_eq!(customers.len(), 1);
    assert_eq!(customers[0].id.0, tenant(1));
}

#[test]
fn an_import_of_the_most_rows_is_accepted_and_one_more_row_is_refused() {
    assert_eq!(MAX_IMPORT_ROWS, 10_000);
    assert_eq!(
        import_refusal(file_of(MAX_IMPORT_ROWS + 1)),
        Refusal::TooManyRows {
            max: MAX_IMPORT_ROWS
        }
    );
    let mut desk = demo_desk();
    let before = desk.customers().len();
    let customers = imported(import(&mut desk, &admin(), file_of(MAX_IMPORT_ROWS)).unwrap());
    assert_eq!(customers.len(), MAX_IMPORT_ROWS);
    assert_eq!(customers[0].id.0, tenant(0));
    assert_eq!(
        customers[MAX_IMPORT_ROWS - 1].id.0,
        tenant(MAX_IMPORT_ROWS - 1)
    );
    assert_eq!(desk.customers().len(), before + MAX_IMPORT_ROWS);
}

#[test]
fn blank_lines_are_skipped_and_a_row_after_them_is_named_by_its_own_line() {
    let mut desk = demo_desk();
    let csv = format!("{HEADER}\n\n{}\n\n\n{}\n\n", row(1), row(2));
    assert_eq!(imported(import(&mut desk, &admin(), csv).unwrap()).len(), 2);
    let csv = format!(
        "{HEADER}\n\n{}\n\n,x.onmicrosoft.com,{},NL,EUR\n",
        row(1),
        tenant(2)
    );
    assert_eq!(
        import_refusal(csv),
        rejected(&[(5, Some(FormField::CompanyName), FieldProblem::Missing)])
    );
}

#[test]
fn a_column_the_import_does_not_know_is_ignored() {
    let mut desk = demo_desk();
    let csv = format!(
        "notes,{HEADER},owner\nbig one,{},avery\n,{},\n",
        row(1),
        row(2)
    );
    let customers = imported(import(&mut desk, &admin(), csv).unwrap());
    let names: Vec<_> = customers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Customer 1", "Customer 2"]);
    assert_eq!(customers[0].default_domain, "customer1.onmicrosoft.com");
}

#[test]
fn a_tenant_repeated_after_a_bad_row_is_named_in_the_same_refusal() {
    let repeated = tenant(9);
    let csv = format!(
        "{HEADER}\n\
         First,first.onmicrosoft.com,{repeated},XX,EUR\n\
         Second,second.onmicrosoft.com,{repeated},NL,EUR\n"
    );
    assert_eq!(
        import_refusal(csv),
        rejected(&[
            (2, Some(FormField::Market), FieldProblem::UnknownMarket),
            (3, Some(FormField::TenantId), FieldProblem::Taken),
        ])
    );
}

// ---------------------------------------------------------------- accounts

fn partner_account(id: &str, roles: &[PartnerRole], disabled: bool) -> Account {
    Account {
        user: User::Partner {
            id: UserId(id.into()),
            name: id.into(),
            roles: roles.to_vec(),
        },
        email: format!("{id}@partner.example"),
        disabled,
    }
}

fn new_account(email: &str, password: &str) -> NewAccount {
    NewAccount {
        email: email.into(),
        name: "Ada Lovelace".into(),
        roles: vec![PartnerRole::AdminAgent],
        customer: None,
        password: password.into(),
    }
}

fn add_account(email: &str, password: &str) -> Result<Account, Refusal> {
    new_account(email, password).account(None, &[], UserId("ada".into()))
}

#[test]
fn a_password_of_11_characters_is_too_short_and_one_of_12_is_accepted() {
    assert_eq!(MIN_PASSWORD_CHARS, 12);
    assert_eq!(
        add_account("ada@partner.example", &"p".repeat(11)),
        Err(invalid(
            FormField::Password,
            FieldProblem::TooShort { min: 12 }
        ))
    );
    assert!(add_account("ada@partner.example", &"p".repeat(12)).is_ok());
}

#[test]
fn a_password_of_256_characters_is_accepted_and_one_of_257_is_too_long() {
    assert_eq!(MAX_PASSWORD_CHARS, 256);
    assert!(add_account("ada@partner.example", &"p".repeat(256)).is_ok());
    assert_eq!(
        add_account("ada@partner.example", &"p".repeat(257)),
        Err(invalid(
            FormField::Password,
            FieldProblem::TooLong { max: 256 }
        ))
    );
}

#[test]
fn a_password_is_counted_in_characters_not_bytes() {
    for letter in ["ü", "密", "🔑"] {
        assert!(
            add_account("ada@partner.example", &letter.repeat(12)).is_ok(),
            "12 × {letter}"
        );
        assert!(
            add_account("ada@partner.example", &letter.repeat(256)).is_ok(),
            "256 × {letter}"
        );
        assert_eq!(
            add_account("ada@partner.example", &letter.repeat(11)),
            Err(invalid(
                FormField::Password,
                FieldProblem::TooShort { min: 12 }
            )),
            "11 × {letter}"
        );
        assert_eq!(
            add_account("ada@partner.example", &letter.repeat(257)),
            Err(invalid(
                FormField::Password,
                FieldProblem::TooLong { max: 256 }
            )),
            "257 × {letter}"
        );
    }
}

#[test]
fn an_email_is_kept_trimmed_and_in_lower_case() {
    let account = add_account("  Ada.Lovelace@Partner.EXAMPLE \t", "long enough pw").unwrap();
    assert_eq!(account.email, "ada.lovelace@partner.example");
}

#[test]
fn text_that_is_not_an_email_is_refused() {
    for email in ["not an email", "ada@", "@partner.example", "ada@partner"] {
        assert_eq!(
            add_account(email, "long enough pw"),
            Err(invalid(FormField::Email, FieldProblem::NotAnEmail)),
            "{email:?}"
        );
    }
}

#[test]
fn changing_a_user_who_does_not_exist_is_refused_naming_them() {
    let admin = partner_account("admin", &[PartnerRole::GlobalAdmin], false);
    let ghost = UserId("ghost".into());
    for change in [
        AccountChange::Disabled(true),
        AccountChange::Roles(vec![PartnerRole::AdminAgent]),
    ] {
        assert_eq!(
            change_account(&admin.user, std::slice::from_ref(&admin), &ghost, change),
            Err(Refusal::UnknownUser {
                user: ghost.clone()
            })
        );
    }
}

#[test]
fn one_of_two_global_admins_can_be_disabled() {
    let first = partner_account("first", &[PartnerRole::GlobalAdmin], false);
    let second = partner_account("second", &[PartnerRole::GlobalAdmin], false);
    let accounts = [first.clone(), second.clone()];
    let changed = change_account(
        &first.user,
        &accounts,
        second.user.id(),
        AccountChange::Disabled(true),
    )
    .unwrap();
    assert!(changed.disabled);
    assert_eq!(changed.user, second.user);
    // Disabling oneself is the same change, and allowed too while another admin is active.
    let myself = change_account(
        &first.user,
        &accounts,
        first.user.id(),
        AccountChange::Disabled(true),
    );
    assert!(myself.unwrap().disabled);
}

#[test]
fn a_disabled_global_admin_does_not_count_so_the_only_active_one_cannot_be_disabled() {
    let active = partner_account("active", &[PartnerRole::GlobalAdmin], false);
    let disabled = partner_account("disabled", &[PartnerRole::GlobalAdmin], true);
    let accounts = [active.clone(), disabled];
    assert_eq!(
        change_account(
            &active.user,
            &accounts,
            active.user.id(),
            AccountChange::Disabled(true),
        ),
        Err(Refusal::LastGlobalAdmin)
    );
    assert_eq!(
        change_account(
            &active.user,
            &accounts,
            active.user.id(),
            AccountChange::Roles(vec![PartnerRole::AdminAgent]),
        ),
        Err(Refusal::LastGlobalAdmin)
    );
    // Enabling the other one again is what makes room.
    let enabled = change_account(
        &active.user,
        &accounts,
        &UserId("disabled".into()),
        AccountChange::Disabled(false),
    )
    .unwrap();
    assert!(enabled.is_active_global_admin());
}
