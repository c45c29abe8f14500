//! `csp-server [--demo] --listen 127.0.0.1:8080 --db PATH --static DIR`: the csp-desk backend;
//! `csp-server user add|list --db PATH ...`: its users.

use std::io::BufRead;
use std::process::ExitCode;

use csp_domain::accounts::NewAccount;
use csp_domain::{CustomerId, PartnerRole};
use csp_server::state::Mode;
use csp_server::{AppState, Config};

const USAGE: &str = "usage: csp-server [--demo] [--listen ADDR:PORT] [--db PATH|:memory:] [--static DIR]
       csp-server user add --db PATH --email EMAIL --name NAME --roles ROLE[,ROLE...] [--customer ID]
       csp-server user list --db PATH

  --demo     a shared demo: demo users picked from a list, the demo data, a simulation clock
             and a reset. Without it the server is real: users sign in with a password, the
             clock is the system's, and nothing wipes data.
  --listen   where to listen (default 127.0.0.1:8080)
  --db       the SQLite database file, created if new (default target/csp-desk.sqlite3);
             :memory: keeps nothing after exit
  --static   the built app to serve beside the API (default: none)

  user add   adds a user; the password (at least 12 characters) is read from standard input.
             Roles as the API names them: admin_agent, sales_agent, helpdesk_agent,
             global_admin, account_admin, billing_admin, referral_admin,
             marketing_content_admin. --customer ID adds a customer's own Global admin.
  user list  lists the users, without their passwords.

Logs go to stderr; RUST_LOG=debug shows more. Passwords and tokens are never logged.";

fn parse(mut args: impl Iterator<Item = String>) -> Result<Config, String> {
    let mut config = Config::default();
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--help" | "-h" => return Err(String::new()),
            "--demo" => {
                config.mode = Mode::Demo;
                continue;
            }
            _ => {}
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

/// The options of a `user` command, by name.
fn options(args: impl Iterator<Item = String>) -> Result<Vec<(String, String)>, String> {
    let mut args = args.peekable();
    let mut options = Vec::new();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        options.push((flag, value));
    }
    Ok(options)
}

fn option<'a>(options: &'a [(String, String)], name: &str) -> Option<&'a str> {
    options
        .iter()
        .find(|(flag, _)| flag == name)
        .map(|(_, value)| value.as_str())
}

fn role(name: &str) -> Result<PartnerRole, String> {
    serde_json::from_value(serde_json::Value::String(name.trim().to_owned())).map_err(|_| {
        format!("{name} is not a role; roles are admin_agent, sales_agent, helpdesk_agent, global_admin, account_admin, billing_admin, referral_admin, marketing_content_admin")
    })
}

async fn user_command(mut args: impl Iterator<Item = String>) -> Result<(), String> {
    let command = args.next().unwrap_or_default();
    let options = options(args)?;
    let known: &[&str] = match command.as_str() {
        "add" => &["--db", "--email", "--name", "--roles", "--customer"],
        "list" => &["--db"],
        _ => return Err("user needs add or list".to_owned()),
    };
    if let Some((flag, _)) = options
        .iter()
        .find(|(flag, _)| !known.contains(&flag.as_str()))
    {
        return Err(format!("user {command} has no option {flag}"));
    }
    let db = option(&options, "--db").ok_or("name the database with --db PATH")?;
    let state = AppState::open_as(db, Mode::Real).map_err(|error| error.to_string())?;
    if command == "list" {
        println!(
            "{:<16} {:<32} {:<24} {:<9} roles",
            "id", "email", "name", "state"
        );
        for account in state.accounts() {
            let roles = match &account.user {
                csp_domain::User::Partner { roles, .. } => roles
                    .iter()
                    .map(|role| role.title())
                    .collect::<Vec<_>>()
                    .join(", "),
                csp_domain::User::CustomerGlobalAdmin { customer, .. } => {
                    format!("Global admin of customer {customer}")
                }
            };
            let status = if account.disabled {
                "disabled"
            } else {
                "active"
            };
            println!(
                "{:<16} {:<32} {:<24} {:<9} {roles}",
                account.user.id(),
                account.email,
                account.user.name(),
                status
            );
        }
        return Ok(());
    }
    let roles = option(&options, "--roles")
        .unwrap_or_default()
        .split(',')
        .filter(|name| !name.trim().is_empty())
        .map(role)
        .collect::<Result<Vec<_>, _>>()?;
    let customer = option(&options, "--customer").map(|id| CustomerId(id.to_owned()));
    if roles.is_empty() && customer.is_none() {
        return Err("give the user --roles, or --customer for a customer's Global admin".into());
    }
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .map_err(|error| format!("could not read the password from standard input: {error}"))?;
    let password = password.trim_end_matches(['\n', '\r']).to_owned();
    let form = NewAccount {
        email: option(&options, "--email").unwrap_or_default().to_owned(),
        name: option(&options, "--name").unwrap_or_default().to_owned(),
        roles,
        customer,
        password,
    };
    let account = csp_server::accounts::add_account(&state, None, form)
        .await
        .map_err(|error| error.description)?;
    println!(
        "Added {} <{}> as {}.",
        account.user.name(),
        account.email,
        account.user.id()
    );
    Ok(())
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
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("user") {
        args.next();
        return match user_command(args).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(problem) => {
                eprintln!("csp-server: {problem}\n\n{USAGE}");
                ExitCode::from(2)
            }
        };
    }
    let config = match parse(args) {
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
