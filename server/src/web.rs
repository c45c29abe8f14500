//! Serving the built app like a web app: the smallest encoding a browser accepts, cache rules
//! by file name, and security headers on every answer.
//!
//! - Files: `FILE.br` and `FILE.gz` written by `make dist` (scripts/precompress.mjs) are sent
//!   in place of `FILE` when the browser accepts them; anything else (the API's JSON) is
//!   compressed as it goes out.
//! - Caching: a file whose name carries Trunk's content hash never changes, so browsers keep it
//!   a year without asking; `index.html` and the unhashed files are checked on every use, so a
//!   new build is seen at once; the API's answers are never stored.
//! - Security: a Content-Security-Policy that lets the page run its own files and nothing else,
//!   with the hash of each inline `<script>` of `index.html` (Trunk's loader), plus nosniff,
//!   no referrer, no framing and a separate browsing context group.

use std::path::Path;

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, VARY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

/// For files named by their content: a year, and no revalidation on reload.
const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
/// For `index.html` and other files that keep their name across builds: ask before each use.
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");
/// For the API: answers carry a user's data and change with every command.
const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");

/// The headers every answer carries, fixed when the server starts.
#[derive(Debug, Clone)]
pub struct Policy {
    content_security_policy: HeaderValue,
}

impl Policy {
    /// For a server without the app: the same policy, with no inline script allowed.
    pub fn api_only() -> Policy {
        Policy::with_script_hashes(&[])
    }

    /// For a server of the app in `dir`: allows the inline scripts of `dir/index.html`, as
    /// they are when the server starts (a rebuild of the app needs a restart).
    pub fn for_app(dir: &Path) -> Policy {
        let index = dir.join("index.html");
        match std::fs::read_to_string(&index) {
            Ok(html) => {
                let hashes = inline_script_hashes(&html);
                tracing::info!(
                    "{} allows {} inline script(s) of {}",
                    CONTENT_SECURITY_POLICY,
                    hashes.len(),
                    index.display()
                );
                Policy::with_script_hashes(&hashes)
            }
            Err(error) => {
                tracing::warn!(
                    "cannot read {} ({error}): no inline script is allowed to run",
                    index.display()
                );
                Policy::api_only()
            }
        }
    }

    fn with_script_hashes(hashes: &[String]) -> Policy {
        let policy = content_security_policy(hashes);
        Policy {
            content_security_policy: HeaderValue::from_str(&policy)
                .expect("a policy of ASCII sources and base64 hashes is a valid header value"),
        }
    }

    /// The `Content-Security-Policy` header's value.
    pub fn content_security_policy(&self) -> &str {
        self.content_security_policy
            .to_str()
            .expect("built from a string")
    }
}

/// The policy: the page may load and run its own files and nothing else. `'wasm-unsafe-eval'`
/// lets it compile its `.wasm` (it allows no JavaScript `eval`); each hash allows one inline
/// script, `'sha256-…'` as `inline_script_hashes` writes it.
pub fn content_security_policy(script_hashes: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        script_src.push(' ');
        script_src.push_str(hash);
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// `'sha256-<base64>'` for each distinct inline script of `html`, in the page's order.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes: Vec<String> = Vec::new();
    for script in inline_scripts(html) {
        let digest = Sha256::digest(script.as_bytes());
        let hash = format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        );
        if !hashes.contains(&hash) {
            hashes.push(hash);
        }
    }
    hashes
}

/// The text of every `<script>` without a `src` in `html`, as the browser hashes it: the
/// exact characters between the tags, with line ends normalised as HTML parsing does.
///
/// A scanner, not an HTML parser: it knows comments, quoted attribute values and that a
/// script's text runs to the first `</script`, which is all a page built by Trunk needs.
pub fn inline_scripts(html: &str) -> Vec<String> {
    // ASCII lowercasing keeps every byte where it was, so offsets in `lower` are offsets in
    // `html`.
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut scripts = Vec::new();
    let mut at = 0;
    while let Some(offset) = lower[at..].find('<') {
        let start = at + offset;
        let rest = &lower[start..];
        if rest.starts_with("<!--") {
            at = lower[start + 4..]
                .find("-->")
                .map_or(lower.len(), |end| start + 4 + end + 3);
        } else if rest.starts_with("<script")
            && bytes
                .get(start + 7)
                .is_some_and(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
        {
            let (text_start, has_src) = scan_attributes(bytes, start + 7);
            let text_end = lower[text_start..]
                .find("</script")
                .map_or(lower.len(), |end| text_start + end);
            if !has_src {
                scripts.push(
                    html[text_start..text_end]
                        .replace("\r\n", "\n")
                        .replace('\r', "\n"),
                );
            }
            at = text_end;
        } else {
            at = start + 1;
        }
    }
    scripts
}

/// Reads a start tag's attributes from `at` (just after its name) to its `>`: where the tag's
/// content starts, and whether it has a `src` attribute.
fn scan_attributes(tag: &[u8], mut at: usize) -> (usize, bool) {
    let mut has_src = false;
    loop {
        while at < tag.len() && (tag[at].is_ascii_whitespace() || tag[at] == b'/') {
            at += 1;
        }
        if at >= tag.len() {
            return (tag.len(), has_src);
        }
        if tag[at] == b'>' {
            return (at + 1, has_src);
        }
        let name_start = at;
        while at < tag.len()
            && !matches!(tag[at], b'=' | b'>' | b'/')
            && !tag[at].is_ascii_whitespace()
        {
            at += 1;
        }
        // An attribute name may begin with '=' in HTML; take it as part of the name.
        if at == name_start {
            at += 1;
        }
        has_src |= &tag[name_start..at] == b"src";
        while at < tag.len() && tag[at].is_ascii_whitespace() {
            at += 1;
        }
        if tag.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        while at < tag.len() && tag[at].is_ascii_whitespace() {
            at += 1;
        }
        match tag.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                at += 1;
                while at < tag.len() && tag[at] != quote {
                    at += 1;
                }
                at += 1;
            }
            _ => {
                while at < tag.len() && tag[at] != b'>' && !tag[at].is_ascii_whitespace() {
                    at += 1;
                }
            }
        }
    }
}

/// Whether `file_name` carries Trunk's content hash: `NAME-<16 hex>.EXT`, or
/// `NAME-<16 hex>_bg.wasm` for the app's WebAssembly.
pub fn is_content_hashed(file_name: &str) -> bool {
    let Some((stem, extension)) = file_name.rsplit_once('.') else {
        return false;
    };
    let stem = match extension {
        "wasm" => stem.strip_suffix("_bg").unwrap_or(stem),
        _ => stem,
    };
    let Some((name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !name.is_empty()
        && !extension.is_empty()
        && hash.len() == 16
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The app's files from `dir`, with their cache rules: a path that names no file gets
/// `index.html`, so a deep link into the app works.
pub fn files<S>(dir: &Path) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    // Whatever path asked for it, the fallback is `index.html`: even under a hashed-looking
    // name it must not be kept.
    let index = SetResponseHeader::overriding(index, CACHE_CONTROL, NO_CACHE);
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_rules))
}

/// Sets `Cache-Control` on a file by its name, and `Vary: Accept-Encoding` since the same path
/// may be answered with the raw file or its `.br` or `.gz`.
async fn cache_rules(request: Request, next: Next) -> Response {
    let hashed = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(is_content_hashed);
    let mut response = next.run(request).await;
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    if !headers.contains_key(CACHE_CONTROL) {
        let rule = if hashed && found { IMMUTABLE } else { NO_CACHE };
        headers.insert(CACHE_CONTROL, rule);
    }
    let varies = headers
        .get_all(VARY)
        .iter()
        .any(|value| value.as_bytes().eq_ignore_ascii_case(b"accept-encoding"));
    if !varies {
        headers.append(VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Wraps every answer of `router`: compressed when the browser accepts it and it is not
/// compressed already, `no-store` unless it set its own cache rule (the app's files do), and
/// the security headers of `policy`, over anything set inside.
pub fn around<S>(router: Router<S>, policy: &Policy) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let overriding =
        |name: HeaderName, value: HeaderValue| SetResponseHeaderLayer::overriding(name, value);
    router
        .layer(CompressionLayer::new().no_deflate().no_zstd())
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            NO_STORE,
        ))
        .layer(overriding(
            CONTENT_SECURITY_POLICY,
            policy.content_security_policy.clone(),
        ))
        .layer(overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(overriding(
            REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        // For browsers older than `frame-ancestors`.
        .layer(overriding(
            X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunks_hashed_names_are_recognised_and_others_are_not() {
        assert!(is_content_hashed("csp-desk-3a23feb2b5663cc8.js"));
        assert!(is_content_hashed("csp-desk-3a23feb2b5663cc8_bg.wasm"));
        assert!(is_content_hashed("main-7dd764ba4776f625.css"));
        assert!(!is_content_hashed("index.html"));
        assert!(!is_content_hashed("en.json"));
        assert!(!is_content_hashed("layout.js"));
        assert!(!is_content_hashed("main-7DD764BA4776F625.css"));
        assert!(!is_content_hashed("main-7dd764ba4776f62.css"));
        assert!(!is_content_hashed("-7dd764ba4776f625.css"));
        assert!(!is_content_hashed("main-7dd764ba4776f625_bg.css"));
        assert!(!is_content_hashed("csp-desk-3a23feb2b5663cc8_bg.wasm.br"));
    }

    #[test]
    fn only_scripts_without_src_are_inline_and_their_text_is_kept_exactly() {
        let html = "<!doctype html><head>\
            <!-- <script>commented out</script> -->\
            <SCRIPT type=\"module\" data-x='a>b'>\nimport init from '/a.js';\r\nawait init();\n</script >\
            <script src=\"/public/layout.js\"></script>\
            <script defer src=/b.js>ignored</script>\
            <script>one()</script><script>one()</script>\
            <scripted>not a script</scripted>";
        assert_eq!(
            inline_scripts(html),
            vec![
                "\nimport init from '/a.js';\nawait init();\n".to_owned(),
                "one()".to_owned(),
                "one()".to_owned(),
            ]
        );
        assert_eq!(
            inline_script_hashes(html).len(),
            2,
            "the same text is one hash"
        );
    }

    #[test]
    fn a_script_hash_is_the_base64_sha256_csp_expects() {
        // `printf 'alert(1)' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            inline_script_hashes("<script>alert(1)</script>"),
            vec!["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='".to_owned()]
        );
    }

    #[test]
    fn the_policy_without_the_app_allows_no_inline_script() {
        let policy = Policy::api_only();
        assert!(!policy.content_security_policy().contains("sha256-"));
        assert!(policy
            .content_security_policy()
            .contains("frame-ancestors 'none'"));
    }
}
