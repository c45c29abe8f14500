//! Rebuilds a desk from 100,000 events and decides 10,000 commands, printing events per second.

use std::hint::black_box;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use csp_domain::seed::{demo_events, demo_users};
use csp_domain::*;

const EVENTS: usize = 100_000;
const COMMANDS: usize = 10_000;
const OFFICE: &str = "DG7GMGF0D7FV:0002";
const CUSTOMERS: [&str; 6] = [
    "contoso",
    "fabrikam",
    "wingtip",
    "northwind",
    "adatum",
    "woodgrove",
];

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 1, 1, 0, 0, 0).single().unwrap()
}

fn office_choice() -> Selection {
    Selection {
        version: Some("2021".into()),
        language: Some("English".into()),
        file_type: Some("64-bit".into()),
    }
}

/// The commands of one busy partner: buy Office, reveal its key, send a link, download six times.
fn commands_for(n: usize) -> Vec<Command> {
    let customer = CustomerId(CUSTOMERS[n % CUSTOMERS.len()].into());
    let order = OrderId(format!("B-{n}"));
    let item = ItemId::for_line(&order, 0);
    let token = LinkToken(format!("bench-link-token-{n:08}"));
    let mut commands = vec![
        Command::PlaceOrder {
            customer: customer.clone(),
            order,
            lines: vec![LineRequest {
                sku: OFFICE.into(),
                quantity: 1,
                billing_plan: BillingPlan::OneTime,
            }],
        },
        Command::RevealKey {
            customer: customer.clone(),
            item: item.clone(),
            selection: office_choice(),
            key: ProductKey(format!("BENCH{n:027}")),
        },
        Command::IssueDownloadLink {
            customer,
            item,
            selection: office_choice(),
            token: token.clone(),
        },
    ];
    commands.extend((0..6).map(|_| Command::DownloadViaLink {
        token: token.clone(),
    }));
    commands
}

/// Decides and applies `commands` one a second from `from`; returns the events.
fn run(desk: &mut Desk, admin: &User, from: DateTime<Utc>, commands: Vec<Command>) -> Vec<Event> {
    let mut events = Vec::new();
    for (i, cmd) in commands.into_iter().enumerate() {
        let now = from + Duration::seconds(i as i64);
        let decided = decide(desk, admin, now, cmd).expect("the bench commands follow the rules");
        for event in decided {
            evolve(desk, &event);
            events.push(event);
        }
    }
    events
}

fn build_log(admin: &User) -> (Vec<Event>, usize) {
    let mut log = demo_events();
    let mut desk = Desk::from_events(&log);
    let mut n = 0;
    while log.len() < EVENTS {
        let events = run(
            &mut desk,
            admin,
            start() + Duration::minutes(n as i64),
            commands_for(n),
        );
        log.extend(events);
        n += 1;
    }
    log.truncate(EVENTS);
    (log, n)
}

/// A CSV file of `rows` new customers.
fn import_file(rows: usize) -> String {
    let mut csv = String::from("name,defaultDomain,tenantId,market,currency\n");
    for n in 0..rows {
        csv.push_str(&format!(
            "Customer {n},customer{n}.onmicrosoft.com,00000000-0000-4000-8000-{n:012},NL,EUR\n"
        ));
    }
    csv
}

/// Counts up: the import draws nothing random, but `execute` takes a source.
struct Counting(u8);

impl execute::Randomness for Counting {
    fn fill(&mut self, bytes: &mut [u8]) {
        for byte in bytes {
            self.0 = self.0.wrapping_add(37);
            *byte = self.0;
        }
    }
}

fn per_second(count: usize, took: StdDuration) -> f64 {
    count as f64 / took.as_secs_f64()
}

fn bench(c: &mut Criterion) {
    let admin = demo_users()
        .into_iter()
        .find(|u| u.id().0 == "avery")
        .unwrap();
    let (log, cycles) = build_log(&admin);
    let later = start() + Duration::minutes(cycles as i64 + 1);
    let commands: Vec<Command> = (cycles..).flat_map(commands_for).take(COMMANDS).collect();

    // One plain timing each, so the figures are printed whatever criterion's settings.
    let began = Instant::now();
    let desk = Desk::from_events(&log);
    let rebuild = began.elapsed();
    let mut working = desk.clone();
    let began = Instant::now();
    let decided = run(&mut working, &admin, later, commands.clone());
    let deciding = began.elapsed();
    println!(
        "rebuild: {} events in {:.1} ms = {:.0} events/s",
        log.len(),
        rebuild.as_secs_f64() * 1e3,
        per_second(log.len(), rebuild)
    );
    println!(
        "decide+evolve: {} commands ({} events) in {:.1} ms = {:.0} commands/s, {:.0} events/s",
        commands.len(),
        decided.len(),
        deciding.as_secs_f64() * 1e3,
        per_second(commands.len(), deciding),
        per_second(decided.len(), deciding)
    );

    // An import of the most customers one file may hold: checked and decided as the browser
    // backend does it, on one thread.
    let csv = import_file(customer::MAX_IMPORT_ROWS);
    let mut importing = Desk::from_events(&demo_events());
    let began = Instant::now();
    let mut random = Counting(0);
    let imported = execute(
        &mut importing,
        &admin,
        later,
        &mut random,
        Intent::ImportCustomers { csv: csv.clone() },
    )
    .expect("the import is accepted");
    let import = began.elapsed();
    println!(
        "import: {} customers from CSV in {:.1} ms",
        imported.events.len(),
        import.as_secs_f64() * 1e3
    );

    let mut group = c.benchmark_group("desk");
    group.sample_size(10);
    group.measurement_time(StdDuration::from_secs(8));
    group.throughput(Throughput::Elements(log.len() as u64));
    group.bench_function("rebuild from 100000 events", |b| {
        b.iter(|| Desk::from_events(black_box(&log)))
    });
    group.throughput(Throughput::Elements(commands.len() as u64));
    group.bench_function("decide and apply 10000 commands", |b| {
        b.iter_batched(
            || (desk.clone(), commands.clone()),
            |(mut desk, commands)| run(&mut desk, &admin, later, commands),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
