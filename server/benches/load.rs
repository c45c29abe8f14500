//! A small load generator: starts csp-server (built with the bench/release profile) on
//! loopback with a real database file, then, per scenario, keeps `LOAD_CONCURRENCY` clients
//! busy for `LOAD_SECONDS` (or until `LOAD_MAX_REQUESTS`) and prints requests per second and
//! p50/p99 latency. It stops by itself.
//!
//! `cargo bench -p csp-server --bench load` (see server/README.md for the profile it used).

use std::time::{Duration, Instant};

use serde_json::json;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

struct Scenario {
    name: &'static str,
    method: reqwest::Method,
    path: &'static str,
    body: Option<serde_json::Value>,
    expect: u16,
}

struct Figures {
    requests: usize,
    failures: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

async fn run(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    scenario: &Scenario,
    concurrency: usize,
    duration: Duration,
    max_requests: usize,
) -> Figures {
    let started = Instant::now();
    let deadline = started + duration;
    let budget = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(max_requests));
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let client = client.clone();
        let url = format!("{base}{}", scenario.path);
        let token = token.to_owned();
        let method = scenario.method.clone();
        let body = scenario.body.clone();
        let expect = scenario.expect;
        let budget = budget.clone();
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0;
            while Instant::now() < deadline
                && budget
                    .fetch_update(
                        std::sync::atomic::Ordering::Relaxed,
                        std::sync::atomic::Ordering::Relaxed,
                        |left| left.checked_sub(1),
                    )
                    .is_ok()
            {
                let mut request = client.request(method.clone(), &url).bearer_auth(&token);
                if let Some(body) = &body {
                    request = request.json(body);
                }
                let sent = Instant::now();
                let ok = match request.send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        response.bytes().await.is_ok() && status == expect
                    }
                    Err(_) => false,
                };
                latencies.push(sent.elapsed());
                if !ok {
                    failures += 1;
                }
            }
            (latencies, failures)
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    for worker in workers {
        if let Ok((mut some, failed)) = worker.await {
            latencies.append(&mut some);
            failures += failed;
        }
    }
    let elapsed = started.elapsed();
    latencies.sort();
    Figures {
        requests: latencies.len(),
        failures,
        elapsed,
        latencies,
    }
}

/// How many customers the large-list figures are taken with (besides the demo's own).
const LARGE_LIST: usize = 100_000;

/// Adds `LARGE_LIST` customers, then prints the time and size of the first page of
/// `GET /v1/customers` (median and worst of 20, one client at a time), and checks that walking
/// every page by its continuation token meets each customer once.
async fn large_list(client: &reqwest::Client, base: &str, token: &str) -> Result<(), String> {
    let rows_per_import = 10_000;
    for batch in 0..LARGE_LIST / rows_per_import {
        let mut csv = String::from("name,defaultDomain,tenantId,market,currency\n");
        for row in 0..rows_per_import {
            let n = batch * rows_per_import + row;
            csv.push_str(&format!(
                "Load Customer {n:06},load{n}.onmicrosoft.com,{n:08x}-0000-4000-8000-000000000000,DE,EUR\n"
            ));
        }
        let answer = client
            .post(format!("{base}/v1/customers/import"))
            .bearer_auth(token)
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await
            .map_err(|error| error.to_string())?;
        if answer.status() != 201 {
            return Err(format!(
                "import answered {}: {}",
                answer.status(),
                answer.text().await.unwrap_or_default()
            ));
        }
    }
    let read = |path: String| async move {
        client
            .get(format!("{base}{path}"))
            .bearer_auth(token)
            .send()
            .await
            .and_then(|answer| answer.error_for_status())
            .map_err(|error| error.to_string())?
            .bytes()
            .await
            .map_err(|error| error.to_string())
    };
    // Each path read in turn, one client at a time: the median and worst time, and the
    // bytes of the last answer.
    let timed = |paths: Vec<String>| async move {
        let mut times = Vec::new();
        let mut bytes = 0;
        for path in paths {
            let started = Instant::now();
            bytes = read(path).await?.len();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        Ok::<_, String>((times[times.len() / 2], times[times.len() - 1], bytes))
    };
    let (median, worst, bytes) = timed(vec!["/v1/customers".to_owned(); 20]).await?;
    println!(
        "GET /v1/customers, first page of {LARGE_LIST} customers: {bytes} bytes, median {median:.2} ms, worst {worst:.2} ms",
    );
    // A search as typed into the app, one letter at a time and back: each keystroke asks for
    // the first page of what the text finds ("1" finds about half of the customers).
    let typed = ["1", "12", "123", "12", "1"].repeat(4);
    let searches = typed
        .iter()
        .map(|search| format!("/v1/customers?search={search}"));
    let (median, worst, bytes) = timed(searches.collect()).await?;
    println!(
        "GET /v1/customers?search=, keystrokes 1 12 123 12 1 (x4) in {LARGE_LIST} customers: median {median:.2} ms, worst {worst:.2} ms, last page {bytes} bytes",
    );
    let started = Instant::now();
    let mut seen = std::collections::HashSet::new();
    let mut pages = 0;
    let mut next = Some("/v1/customers?size=500".to_owned());
    let mut total = 0;
    while let Some(path) = next {
        let page: serde_json::Value =
            serde_json::from_slice(&read(path).await?).map_err(|error| error.to_string())?;
        total = page["totalCount"].as_u64().unwrap_or(0) as usize;
        for item in page["items"].as_array().into_iter().flatten() {
            if !seen.insert(item["id"].as_str().unwrap_or_default().to_owned()) {
                return Err(format!("{} came twice", item["id"]));
            }
        }
        pages += 1;
        next = page["links"]["next"]["uri"].as_str().map(str::to_owned);
    }
    println!(
        "walking every page of 500 by continuation token: {pages} pages, {} customers, each once, {:.0} ms",
        seen.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    if seen.len() != total {
        return Err(format!("the walk met {} of {total} customers", seen.len()));
    }
    Ok(())
}

fn main() {
    let seconds = setting("LOAD_SECONDS", 5);
    let concurrency = setting("LOAD_CONCURRENCY", 16) as usize;
    let max_requests = setting("LOAD_MAX_REQUESTS", 500_000) as usize;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async move {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let db = folder.path().join("load.sqlite3");
        let state = csp_server::AppState::open(db.to_str().unwrap()).expect("the database opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(csp_server::serve_on(listener, state, None, async move {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(concurrency)
            .build()
            .unwrap();
        let session: serde_json::Value = client
            .post(format!("{base}/v1/session"))
            .json(&json!({"user": "avery"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = session["token"].as_str().unwrap().to_owned();
        let scenarios = [
            Scenario {
                name: "GET /v1/customers",
                method: reqwest::Method::GET,
                path: "/v1/customers",
                body: None,
                expect: 200,
            },
            Scenario {
                name: "GET /v1/customers/adatum/subscriptions",
                method: reqwest::Method::GET,
                path: "/v1/customers/adatum/subscriptions",
                body: None,
                expect: 200,
            },
            Scenario {
                name: "POST /v1/customers/adatum/orders",
                method: reqwest::Method::POST,
                path: "/v1/customers/adatum/orders",
                body: Some(json!({"lineItems": [
                    {"offerId": "DG7GMGF0D5RK:0001", "quantity": 1, "billingCycle": "annual"}
                ]})),
                expect: 201,
            },
        ];
        println!(
            "csp-server load: {concurrency} concurrent clients, {seconds} s per scenario, \
             loopback, SQLite file in WAL mode with synchronous=FULL"
        );
        println!(
            "{:<42} {:>9} {:>8} {:>10} {:>10} {:>10}",
            "scenario", "requests", "failed", "req/s", "p50 ms", "p99 ms"
        );
        let mut failed_scenarios = Vec::new();
        for scenario in &scenarios {
            let figures = run(
                &client,
                &base,
                &token,
                scenario,
                concurrency,
                Duration::from_secs(seconds),
                max_requests,
            )
            .await;
            let per_second = figures.requests as f64 / figures.elapsed.as_secs_f64();
            println!(
                "{:<42} {:>9} {:>8} {:>10.0} {:>10.2} {:>10.2}",
                scenario.name,
                figures.requests,
                figures.failures,
                per_second,
                percentile(&figures.latencies, 0.50).as_secs_f64() * 1000.0,
                percentile(&figures.latencies, 0.99).as_secs_f64() * 1000.0,
            );
            if figures.failures > 0 || figures.requests == 0 {
                failed_scenarios.push(scenario.name);
            }
        }
        if let Err(problem) = large_list(&client, &base, &token).await {
            failed_scenarios.push("100,000 customers");
            eprintln!("{problem}");
        }
        let _ = stop.send(());
        drop(client);
        let _ = tokio::time::timeout(Duration::from_secs(5), server).await;
        // Figures from a server that failed requests measure nothing; make test must see it.
        if !failed_scenarios.is_empty() {
            eprintln!(
                "requests failed under load: {}",
                failed_scenarios.join(", ")
            );
            std::process::exit(1);
        }
    });
}
