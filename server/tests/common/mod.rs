//! A csp-server on a free loopback port, and a small JSON client for it.

#![allow(dead_code)]

use std::path::PathBuf;

use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running server.
pub struct Server {
    pub base: String,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// An answer: status, headers, and the body as text and (if it is JSON) as JSON.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    }

    /// Asserts the answer is a JSON error with this status and code.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{}", self.text);
        assert_eq!(self.json["code"], code, "{}", self.text);
        assert!(
            self.json["description"]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "an error says what went wrong: {}",
            self.text
        );
    }
}

impl Server {
    /// Starts a server on `db` (`:memory:` or a file) on 127.0.0.1, port chosen by the OS.
    pub async fn start(db: &str) -> Server {
        Server::start_with(db, None).await
    }

    /// Starts a server that also serves the app from `static_dir`.
    pub async fn start_with(db: &str, static_dir: Option<PathBuf>) -> Server {
        let state = csp_server::AppState::open(db).expect("the database opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(csp_server::serve_on(
            listener,
            state,
            static_dir,
            async move {
                let _ = stopped.await;
            },
        ));
        Server {
            base,
            client: reqwest::Client::new(),
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Stops the server and waits until it has let go of its state.
    pub async fn stop(mut self) {
        // Idle keep-alive connections would hold the graceful shutdown open.
        self.client = reqwest::Client::new();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }

    /// Signs in as a demo user and answers the token.
    pub async fn sign_in(&self, user: &str) -> String {
        let answer = self
            .call(
                Method::POST,
                "/v1/session",
                None,
                Some(serde_json::json!({ "user": user })),
                &[],
            )
            .await;
        assert_eq!(answer.status, 201, "{}", answer.text);
        answer.json["token"].as_str().unwrap().to_owned()
    }

    /// Sends a request with an optional token, JSON body and extra headers.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        Server::answer(request).await
    }

    /// Sends a request with a raw body.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: impl Into<reqwest::Body>,
    ) -> Answer {
        let request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body);
        Server::answer(request).await
    }

    /// Sends `request` and reads its answer, whatever its status.
    pub async fn answer(request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            text,
            json,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.call(Method::GET, path, Some(token), None, &[]).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(token), Some(body), &[])
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::PATCH, path, Some(token), Some(body), &[])
            .await
    }
}

/// One Windows Server 2022 Standard for a year, billed annually: an order any demo customer
/// in Europe or the US can place.
pub fn one_windows_server() -> Value {
    serde_json::json!({
        "lineItems": [{ "offerId": "DG7GMGF0D5RK:0001", "quantity": 1, "billingCycle": "annual" }]
    })
}

/// Office LTSC 2021 as the demo chose it.
pub fn office_selection() -> Value {
    serde_json::json!({
        "selection": { "version": "2021", "language": "English", "fileType": "64-bit" }
    })
}

/// The `csp-server` binary itself, started with `--listen 127.0.0.1:0` and `RUST_LOG=debug`,
/// its log (standard error) gathered line by line; killed when dropped, however a test ends.
pub struct Binary {
    child: std::process::Child,
    /// Where it listens, such as `http://127.0.0.1:41234`.
    pub base: String,
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Binary {
    /// Starts the binary with `args` beside `--listen`, and waits until it says where it
    /// listens.
    pub fn start(args: &[&str]) -> Binary {
        use std::io::{BufRead, BufReader};
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_csp-server"))
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "debug")
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stderr = child.stderr.take().expect("its standard error is piped");
        let (sender, lines) = std::sync::mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let mut seen = Vec::new();
        let base = loop {
            let line = lines
                .recv_timeout(std::time::Duration::from_secs(20))
                .expect("the server says where it listens");
            seen.push(line.clone());
            if let Some(rest) = line.split("listening on ").nth(1) {
                break rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches('/')
                    .to_owned();
            }
        };
        Binary {
            child,
            base,
            lines,
            seen,
        }
    }

    /// Stops the binary once its log has been quiet for half a second, and answers all of it.
    pub fn stop_and_read_log(mut self) -> String {
        let quiet = std::time::Duration::from_millis(500);
        while let Ok(line) = self.lines.recv_timeout(quiet) {
            self.seen.push(line);
        }
        self.seen.join("\n")
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
