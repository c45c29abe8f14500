//! `csp-server --listen 127.0.0.1:8080 --db PATH --static DIR`: the csp-desk backend.

use std::process::ExitCode;

use csp_server::Config;

const USAGE: &str = "usage: csp-server [--listen ADDR:PORT] [--db PATH|:memory:] [--static DIR]

  --listen   where to listen (default 127.0.0.1:8080)
  --db       the SQLite database file, created and seeded if new (default target/csp-desk.sqlite3);
             :memory: keeps nothing after exit
  --static   the built app to serve beside the API (default: none)

Logs go to stderr; RUST_LOG=debug shows more.";

fn parse(mut args: impl Iterator<Item = String>) -> Result<Config, String> {
    let mut config = Config::default();
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--listen" => {
                config.listen = value
                    .parse()
                    .map_err(|_| format!("--listen {value}: not an address like 127.0.0.1:8080"))?
            }
            "--db" => config.db = value,
            "--static" => config.static_dir = Some(value.into()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let config = match parse(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(problem) => {
            if problem.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("csp-server: {problem}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match csp_server::serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("csp-server: {error}");
            ExitCode::FAILURE
        }
    }
}
