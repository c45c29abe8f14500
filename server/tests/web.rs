//! The built app as a browser receives it from csp-server: which encoding is sent, how long it
//! may be kept, and the security headers on every answer, files and API alike.
//!
//! reqwest is built without its gzip/brotli features, so it neither asks for nor decodes a
//! compressed body: the bytes checked here are the bytes on the wire.

mod common;

use std::path::Path;

use common::Server;
use reqwest::Method;

const WASM: &str = "/app-0123456789abcdef_bg.wasm";
const LOADER: &str =
    "\nimport init from '/app-0123456789abcdef.js';\nawait init('/app-0123456789abcdef_bg.wasm');\n";
/// `printf "$LOADER" | openssl dgst -sha256 -binary | base64`
const LOADER_HASH: &str = "'sha256-GA/s1Xk/VZ3hun94YbQ2WFWbC8Mykw4Q2ekaZW5zzvE='";

/// A built app as `make dist` leaves it: index.html with Trunk's inline loader and an external
/// script, a hashed .wasm with its .br and .gz (marked so a test sees which one was sent), an
/// unhashed locale and public file.
fn built_app() -> tempfile::TempDir {
    let app = tempfile::tempdir().unwrap();
    let dir = app.path();
    let write = |path: &str, contents: &[u8]| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    };
    write(
        "index.html",
        format!(
            "<!doctype html><html><head><title>csp-desk</title>\n\
             <script type=\"module\">{LOADER}</script>\n\
             </head><body><script src=\"/public/layout.js\"></script></body></html>"
        )
        .as_bytes(),
    );
    write(&WASM[1..], b"\0asm\x01\0\0\0 the raw module");
    write(&format!("{}.br", &WASM[1..]), b"brotli bytes of the module");
    write(&format!("{}.gz", &WASM[1..]), b"gzip bytes of the module");
    write(
        "app-0123456789abcdef.js",
        b"export default function init() {}",
    );
    write("locales/en.json", br#"{"hello":"Hello"}"#);
    write("public/layout.js", b"// layout");
    app
}

async fn start(app: &Path) -> Server {
    Server::start_with(":memory:", Some(app.to_path_buf())).await
}

/// GETs `path` with these request headers: status, headers and the raw body.
async fn get(
    server: &Server,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut request = server.client.get(format!("{}{path}", server.base));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await.unwrap().to_vec();
    (status, headers, body)
}

fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|value| value.to_str().unwrap())
}

#[tokio::test]
async fn the_wasm_is_sent_as_brotli_or_gzip_when_the_browser_accepts_it_and_raw_otherwise() {
    let app = built_app();
    let server = start(app.path()).await;
    let raw = "\0asm\x01\0\0\0 the raw module";
    let cases = [
        (Some("br"), Some("br"), "brotli bytes of the module"),
        (
            Some("gzip, deflate, br, zstd"),
            Some("br"),
            "brotli bytes of the module",
        ),
        (Some("gzip"), Some("gzip"), "gzip bytes of the module"),
        (Some("identity"), None, raw),
        (None, None, raw),
    ];
    for (accepted, encoding, body) in cases {
        let request = accepted.map(|accepted| ("accept-encoding", accepted));
        let (status, headers, sent) = get(&server, WASM, request.as_slice()).await;
        assert_eq!(status, 200, "{request:?}");
        assert_eq!(
            header(&headers, "content-encoding"),
            encoding,
            "{request:?}"
        );
        assert_eq!(
            header(&headers, "content-type"),
            Some("application/wasm"),
            "{request:?}"
        );
        assert_eq!(sent, body.as_bytes(), "{request:?}");
        assert!(
            headers.get_all("vary").iter().any(|value| value
                .to_str()
                .unwrap()
                .eq_ignore_ascii_case("accept-encoding")),
            "a cache must keep each encoding apart: {headers:?}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn api_json_is_compressed_when_the_client_accepts_it() {
    let app = built_app();
    let server = start(app.path()).await;
    let (_, headers, body) = get(&server, "/v1/openapi.json", &[("accept-encoding", "gzip")]).await;
    assert_eq!(header(&headers, "content-encoding"), Some("gzip"));
    assert_eq!(&body[..2], b"\x1f\x8b", "a gzip stream");
    let (_, headers, _) = get(&server, "/v1/openapi.json", &[("accept-encoding", "br")]).await;
    assert_eq!(header(&headers, "content-encoding"), Some("br"));
    let (_, headers, body) = get(&server, "/v1/openapi.json", &[]).await;
    assert_eq!(header(&headers, "content-encoding"), None);
    serde_json::from_slice::<serde_json::Value>(&body).expect("plain JSON");
    server.stop().await;
}

#[tokio::test]
async fn hashed_files_are_kept_a_year_and_everything_else_is_revalidated_or_never_stored() {
    let app = built_app();
    let server = start(app.path()).await;
    let immutable = "public, max-age=31536000, immutable";
    let cases = [
        (WASM, immutable),
        ("/app-0123456789abcdef.js", immutable),
        ("/", "no-cache"),
        ("/index.html", "no-cache"),
        // A deep link into the app gets index.html, which must be revalidated.
        ("/customers/contoso/software", "no-cache"),
        // Even under a hashed-looking name, the fallback index.html must not be kept.
        ("/gone-fedcba9876543210.js", "no-cache"),
        ("/locales/en.json", "no-cache"),
        ("/public/layout.js", "no-cache"),
        ("/v1/session/users", "no-store"),
        ("/v1/openapi.json", "no-store"),
        ("/v1/no-such-thing", "no-store"),
    ];
    for (path, rule) in cases {
        let (_, headers, _) = get(&server, path, &[("accept-encoding", "br")]).await;
        assert_eq!(header(&headers, "cache-control"), Some(rule), "{path}");
    }
    let (status, _, body) = get(&server, "/gone-fedcba9876543210.js", &[]).await;
    assert_eq!(status, 200);
    assert!(String::from_utf8(body)
        .unwrap()
        .contains("<title>csp-desk</title>"));
    server.stop().await;
}

#[tokio::test]
async fn the_policy_allows_the_inline_loader_by_its_hash_and_no_framing() {
    let app = built_app();
    let server = start(app.path()).await;
    let (_, headers, _) = get(&server, "/", &[]).await;
    let policy = header(&headers, "content-security-policy").expect("a policy");
    let script_src = policy
        .split(';')
        .map(str::trim)
        .find(|directive| directive.starts_with("script-src "))
        .expect("a script-src");
    assert_eq!(
        script_src,
        format!("script-src 'self' 'wasm-unsafe-eval' {LOADER_HASH}"),
        "only the inline loader, not the external script: {policy}"
    );
    for directive in [
        "default-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(
            policy.split("; ").any(|d| d == directive),
            "{directive}: {policy}"
        );
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    server.stop().await;
}

async fn assert_security_headers(server: &Server, method: Method, path: &str) -> String {
    let response = server
        .client
        .request(method.clone(), format!("{}{path}", server.base))
        .send()
        .await
        .unwrap();
    let headers = response.headers();
    let expected = [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
    ];
    for (name, value) in expected {
        assert_eq!(
            header(headers, name),
            Some(value),
            "{method} {path} ({})",
            response.status()
        );
    }
    let policy = header(headers, "content-security-policy")
        .unwrap_or_else(|| panic!("{method} {path} has a policy ({})", response.status()));
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    policy.to_owned()
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_files_api_and_errors_alike() {
    let app = built_app();
    let server = start(app.path()).await;
    for (method, path) in [
        (Method::GET, "/"),
        (Method::GET, WASM),
        (Method::GET, "/customers/contoso"),
        (Method::GET, "/v1/openapi.json"),
        (Method::GET, "/v1/no-such-thing"),
        (Method::GET, "/v1/customers"),
        (Method::DELETE, "/v1/openapi.json"),
        (Method::POST, "/index.html"),
    ] {
        let policy = assert_security_headers(&server, method, path).await;
        assert!(policy.contains(LOADER_HASH), "{path}: {policy}");
    }
    server.stop().await;
}

#[tokio::test]
async fn without_the_app_the_api_has_the_same_policy_and_no_inline_script_is_allowed() {
    let server = Server::start(":memory:").await;
    for path in ["/", "/v1/openapi.json", "/v1/no-such-thing"] {
        let policy = assert_security_headers(&server, Method::GET, path).await;
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{policy}"
        );
        assert!(!policy.contains("sha256-"), "{policy}");
    }
    let (status, headers, _) = get(&server, "/", &[]).await;
    assert_eq!(status, 404);
    assert_eq!(header(&headers, "cache-control"), Some("no-store"));
    server.stop().await;
}
