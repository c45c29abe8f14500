//! The `csp-server` binary itself: its command line, and what it writes to its log.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::json;

/// Kills the server when the test ends, however it ends.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_server_log_shows_requests_but_never_session_tokens_keys_or_link_tokens() {
    let child = Command::new(env!("CARGO_BIN_EXE_csp-server"))
        .args(["--demo", "--listen", "127.0.0.1:0", "--db", ":memory:"])
        .env("RUST_LOG", "debug")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut running = Running(child);
    let stderr = running.0.stderr.take().unwrap();
    let (lines, log) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut seen = Vec::new();
    let base = loop {
        let line = log
            .recv_timeout(Duration::from_secs(20))
            .expect("the server says where it listens");
        seen.push(line.clone());
        if let Some(rest) = line.split("listening on ").nth(1) {
            break rest
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_owned();
        }
    };
    let client = reqwest::Client::new();
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
    let software = format!("{base}/v1/customers/wingtip/software/ORD-1005-0");
    let key: serde_json::Value = client
        .post(format!("{software}/key"))
        .bearer_auth(&token)
        .json(&common::office_selection())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = key["key"].as_str().unwrap().to_owned();
    let link: serde_json::Value = client
        .post(format!("{software}/links"))
        .bearer_auth(&token)
        .json(&common::office_selection())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let link_token = link["token"].as_str().unwrap().to_owned();
    for path in [
        format!("/v1/links/{link_token}"),
        format!("/v1/links/{link_token}/download"),
    ] {
        let answer = client.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(answer.status(), 200);
    }
    // The app's own page that a copied link opens (served with --static; 404 here) is logged too.
    client
        .get(format!("{base}/download/{link_token}"))
        .send()
        .await
        .unwrap();
    // Let the log lines of those requests arrive.
    while let Ok(line) = log.recv_timeout(Duration::from_millis(500)) {
        seen.push(line);
    }
    drop(running);
    let log = seen.join("\n");
    assert!(log.contains("/v1/links/{token}/download"), "{log}");
    assert!(log.contains("/download/{token}"), "{log}");
    assert!(
        log.contains("/v1/customers/wingtip/software/ORD-1005-0/key"),
        "{log}"
    );
    for secret in [&token, &key, &link_token] {
        assert!(
            !log.contains(secret.as_str()),
            "the log shows a secret:\n{log}"
        );
    }
}

#[test]
fn the_binary_explains_its_options_and_refuses_unknown_ones() {
    let help = Command::new(env!("CARGO_BIN_EXE_csp-server"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--static"));
    let wrong = Command::new(env!("CARGO_BIN_EXE_csp-server"))
        .arg("--port")
        .arg("80")
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("unknown option --port"));
}
