//! The `csp-server` binary itself: its command line, and what it writes to its log.

mod common;

use std::process::Command;

use serde_json::json;

#[tokio::test]
async fn the_server_log_shows_requests_but_never_session_tokens_keys_or_link_tokens() {
    let running = common::Binary::start(&["--demo", "--db", ":memory:"]);
    let base = running.base.clone();
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
    let log = running.stop_and_read_log();
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
