//! Web pages: `qari https://…` fetches the page with ureq (rustls, the
//! platform's CA certificates, no OpenSSL) and imports it in the format its
//! media type names.
//!
//! What is fetched: redirects followed (at most [`MAX_REDIRECTS`]), gzip and
//! brotli bodies, a connect timeout and a total one, a size limit enforced
//! while the body is read (on the decoded bytes, so a small gzip bomb is
//! refused too), `User-Agent: qari/VERSION`, an `Accept` that prefers HTML,
//! then Markdown and text, and a proxy from the environment (ureq reads
//! `ALL_PROXY`, `HTTPS_PROXY`, `HTTP_PROXY`, in either case, the first set,
//! and honours `NO_PROXY`; an address on this machine goes direct). Each failure is a [`FetchError`] that names the
//! URL in one line.

use std::io::{IsTerminal, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ureq::ResponseExt;

use crate::import::html::HtmlHints;
use crate::import::{FetchError, Format, LoadError, load_bytes_with, safe_name};
use crate::model::Article;

/// Redirects followed before giving up.
pub const MAX_REDIRECTS: u32 = 10;

/// The `Accept` header: HTML first, then Markdown and text, JSON last.
const ACCEPT: &str = "text/html,application/xhtml+xml;q=0.9,text/markdown;q=0.9,\
                      text/plain;q=0.8,application/json;q=0.5,*/*;q=0.1";

/// How a page is fetched.
#[derive(Clone, Debug, PartialEq)]
pub struct FetchOptions {
    /// Time allowed to resolve the host and connect (TLS included).
    pub connect_timeout: Duration,
    /// Time allowed for the whole fetch, redirects and body included.
    pub timeout: Duration,
    /// The largest body accepted, in MiB (decoded).
    pub max_mib: u64,
    /// Show a progress line on standard error (when it is a terminal).
    pub progress: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_mib: 20,
            progress: false,
        }
    }
}

impl FetchOptions {
    fn max_bytes(&self) -> u64 {
        self.max_mib.saturating_mul(1024 * 1024)
    }
}

/// A fetched page: its bytes and what the response said about them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// The body, decoded (gzip, brotli).
    pub bytes: Vec<u8>,
    /// The format its media type names (else sniffed).
    pub format: Format,
    /// The charset of the `Content-Type` and the final URL.
    pub hints: HtmlHints,
    /// The URL after redirects.
    pub url: String,
}

/// True when `arg` is an `http://` or `https://` address (in any case).
pub fn is_url(arg: &str) -> bool {
    let lower = |n: usize| arg.get(..n).map(str::to_ascii_lowercase);
    lower(7).as_deref() == Some("http://") || lower(8).as_deref() == Some("https://")
}

/// The address `url` as sent: parsed (a non-ASCII host in punycode, other
/// characters percent-encoded), http or https only, without the fragment.
pub fn parse(url: &str) -> Result<url::Url, FetchError> {
    if url.chars().any(char::is_control) {
        return Err(FetchError::BadUrl("control characters".into()));
    }
    let mut parsed = url::Url::parse(url).map_err(|e| FetchError::BadUrl(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(FetchError::BadUrl("not an http(s) address".into()));
    }
    parsed.set_fragment(None);
    Ok(parsed)
}

/// Fetches and imports the page at `url`; also returns the URL after
/// redirects.
pub fn load(url: &str, opts: &FetchOptions) -> Result<(Article, String), LoadError> {
    let page = fetch(url, opts)?;
    let mut article = load_bytes_with(&page.bytes, page.format, url, &page.hints)?;
    if article.meta.url.is_none() {
        article.meta.url = Some(crate::model::sanitize::string(&page.url));
    }
    Ok((article, page.url))
}

/// Fetches the page at `url` (see the module doc).
pub fn fetch(url: &str, opts: &FetchOptions) -> Result<Page, LoadError> {
    let fail = |cause| LoadError::Fetch {
        name: safe_name(url),
        cause,
    };
    let parsed = parse(url).map_err(fail)?;
    let progress = Progress::start(url, opts.progress && std::io::stderr().is_terminal());
    let result = get(parsed.as_str(), opts, &progress.bytes);
    progress.finish();
    result.map_err(fail)
}

/// The agent for `opts`; `url` on this machine is fetched without a proxy.
fn agent(url: &str, opts: &FetchOptions) -> ureq::Agent {
    use ureq::tls::{RootCerts, TlsConfig};
    let tls = TlsConfig::builder()
        .root_certs(RootCerts::PlatformVerifier)
        .build();
    let host = url::Url::parse(url).ok();
    let local = host
        .as_ref()
        .and_then(url::Url::host)
        .is_some_and(|h| match h {
            url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
            url::Host::Ipv4(ip) => ip.is_loopback(),
            url::Host::Ipv6(ip) => ip.is_loopback(),
        });
    let mut config = ureq::Agent::config_builder();
    if local {
        config = config.proxy(None);
    }
    config
        .tls_config(tls)
        .http_status_as_error(false)
        .max_redirects(MAX_REDIRECTS)
        .max_redirects_will_error(true)
        .timeout_connect(Some(opts.connect_timeout))
        .timeout_global(Some(opts.timeout))
        .user_agent(concat!("qari/", env!("CARGO_PKG_VERSION")))
        .accept(ACCEPT)
        .build()
        .new_agent()
}

fn get(url: &str, opts: &FetchOptions, received: &AtomicU64) -> Result<Page, FetchError> {
    let why = |e: ureq::Error| cause(e, opts);
    let response = agent(url, opts).get(url).call().map_err(why)?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status {
            code: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_owned(),
        });
    }
    let final_url = response.get_uri().to_string();
    let content_type = response
        .headers()
        .get(ureq::http::header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let (media, charset) = content_type.as_deref().map_or((None, None), media_type);
    let format = match media.as_deref() {
        None => None,
        Some(m) => Some(
            format_of(m)
                .ok_or_else(|| FetchError::ContentType(crate::model::sanitize::string(m)))?,
        ),
    };
    let limit = opts.max_bytes();
    if response.body().content_length().is_some_and(|n| n > limit) {
        return Err(FetchError::TooLarge(opts.max_mib));
    }
    let mut reader = response.into_body().into_reader();
    let mut bytes = Vec::new();
    let mut chunk = vec![0; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(why(ureq::Error::from(e))),
        };
        if (bytes.len() + n) as u64 > limit {
            return Err(FetchError::TooLarge(opts.max_mib));
        }
        bytes.extend_from_slice(&chunk[..n]);
        received.store(bytes.len() as u64, Ordering::Relaxed);
    }
    let format = format.flatten().unwrap_or_else(|| {
        // text/plain or no type: the address's extension, else the bytes.
        let path = url::Url::parse(&final_url)
            .ok()
            .map(|u| std::path::PathBuf::from(u.path()));
        path.as_deref()
            .and_then(Format::from_path)
            .unwrap_or_else(|| Format::sniff(&bytes))
    });
    Ok(Page {
        bytes,
        format,
        // `..` so that hints the HTML importer adds later need no change here.
        #[allow(clippy::needless_update)]
        hints: HtmlHints {
            charset,
            url: Some(final_url.clone()),
            ..HtmlHints::default()
        },
        url: final_url,
    })
}

/// The media type of a `Content-Type` value (lowercase) and its charset.
pub fn media_type(content_type: &str) -> (Option<String>, Option<String>) {
    let mut parts = content_type.split(';');
    let media = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| v.trim().trim_matches('"').to_owned())
            .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_graphic()))
    });
    (media, charset)
}

/// What a media type is read as: `Some(None)` for text to be sniffed,
/// `None` for a type qari does not read.
fn format_of(media: &str) -> Option<Option<Format>> {
    match media {
        "text/html" | "application/xhtml+xml" => Some(Some(Format::Html)),
        "text/markdown" | "text/x-markdown" => Some(Some(Format::Markdown)),
        "application/json" => Some(Some(Format::Json)),
        "text/plain" => Some(None),
        _ => None,
    }
}

/// What a ureq error means for the reader.
fn cause(e: ureq::Error, opts: &FetchOptions) -> FetchError {
    use ureq::Error as E;
    use ureq::Timeout as T;
    let text = |e: &dyn std::fmt::Display| crate::model::sanitize::string(&e.to_string());
    match e {
        E::Timeout(T::Resolve | T::Connect) => FetchError::ConnectTimeout(opts.connect_timeout),
        E::Timeout(_) => FetchError::Timeout(opts.timeout),
        E::HostNotFound => FetchError::HostNotFound,
        E::Io(io) if io.get_ref().is_some_and(|e| e.is::<rustls::Error>()) => {
            FetchError::Tls(tls_text(&text(&io)))
        }
        // std's resolver failure (getaddrinfo) has no kind of its own.
        E::Io(io) if io.to_string().starts_with("failed to lookup address") => {
            FetchError::HostNotFound
        }
        E::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => FetchError::Refused,
            std::io::ErrorKind::TimedOut => FetchError::Timeout(opts.timeout),
            _ => FetchError::Other(text(&io)),
        },
        E::ConnectionFailed => FetchError::Connect("connection failed".into()),
        E::ConnectProxyFailed(why) => FetchError::Connect(text(&format!("proxy: {why}"))),
        E::Tls(why) => FetchError::Tls(tls_text(&text(&why))),
        E::Rustls(why) => FetchError::Tls(tls_text(&text(&why))),
        E::TooManyRedirects => FetchError::Redirects(MAX_REDIRECTS),
        E::BodyExceedsLimit(_) => FetchError::TooLarge(opts.max_mib),
        E::BadUri(why) => FetchError::BadUrl(text(&why)),
        other => FetchError::Other(text(&other)),
    }
}

/// A TLS failure's text, with the fix when the system has no CA
/// certificates at all (a container without `ca-certificates`).
fn tls_text(why: &str) -> String {
    if why.contains("No CA certificates were loaded") {
        "no CA certificates on this system (install ca-certificates, or set SSL_CERT_FILE)"
            .to_owned()
    } else {
        why.to_owned()
    }
}

/// The progress line on standard error: a spinner, the address and the
/// bytes received, redrawn at most 10 times a second from a thread (so it
/// turns while connecting too), first after 150 ms (a fast page shows
/// nothing), and cleared when done.
struct Progress {
    bytes: Arc<AtomicU64>,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(url: &str, show: bool) -> Progress {
        let bytes = Arc::new(AtomicU64::new(0));
        if !show {
            return Progress {
                bytes,
                stop: None,
                thread: None,
            };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let shown = Arc::clone(&bytes);
        // One row, or `\r` would not take it back: the address is cut to
        // fit beside the spinner and the count.
        let columns = crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w));
        let room = columns.saturating_sub(32).max(8);
        let safe = safe_name(url);
        let mut name: String = safe.chars().take(room).collect();
        if safe.chars().count() > room {
            name.pop();
            name.push('…');
        }
        let thread = std::thread::spawn(move || {
            const SPIN: [char; 4] = ['|', '/', '-', '\\'];
            let start = Instant::now();
            let mut drawn = false;
            for tick in 0.. {
                match stopped.recv_timeout(Duration::from_millis(100)) {
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    _ => break,
                }
                if start.elapsed() < Duration::from_millis(150) {
                    continue;
                }
                let n = shown.load(Ordering::Relaxed);
                let mut err = std::io::stderr().lock();
                let _ = write!(
                    err,
                    "\r{} qari: loading {name} {}\x1b[K",
                    SPIN[tick % SPIN.len()],
                    human(n)
                );
                let _ = err.flush();
                drawn = true;
            }
            if drawn {
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r\x1b[K");
                let _ = err.flush();
            }
        });
        Progress {
            bytes,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Stops the line and clears it.
    fn finish(mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Bytes for the progress line: `0 B`, `12.3 kB`, `4.5 MB`.
fn human(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufRead;
    use std::net::TcpListener;

    /// Serves one canned response per connection, `n` times.
    fn serve(responses: Vec<Vec<u8>>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        std::thread::spawn(move || {
            for response in responses {
                let Ok((stream, _)) = listener.accept() else {
                    return;
                };
                let mut reader = std::io::BufReader::new(stream);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let _ = reader.get_mut().write_all(&response);
            }
        });
        format!("http://{addr}")
    }

    #[test]
    fn urls_are_recognised_in_any_case() {
        assert!(is_url("https://x.example/"));
        assert!(is_url("HTTP://x.example/"));
        assert!(is_url("hTtPs://x"));
        assert!(!is_url("ftp://x"));
        assert!(!is_url("http:/x"));
        assert!(!is_url("./https://x"));
        assert!(!is_url("ht"));
    }

    #[test]
    fn addresses_are_parsed_and_checked() {
        let u = parse("https://ar.wikipedia.org/wiki/مصر#تاريخ").expect("ok");
        assert_eq!(
            u.as_str(),
            "https://ar.wikipedia.org/wiki/%D9%85%D8%B5%D8%B1"
        );
        assert!(matches!(
            parse("http://x/\x1b[2J"),
            Err(FetchError::BadUrl(_))
        ));
        assert!(matches!(parse("https://"), Err(FetchError::BadUrl(_))));
    }

    #[test]
    fn media_types_and_charsets() {
        assert_eq!(
            media_type("Text/HTML; Charset=\"windows-1256\""),
            (Some("text/html".into()), Some("windows-1256".into()))
        );
        assert_eq!(media_type("text/plain"), (Some("text/plain".into()), None));
        assert_eq!(media_type(""), (None, None));
        assert_eq!(format_of("text/markdown"), Some(Some(Format::Markdown)));
        assert_eq!(format_of("application/xhtml+xml"), Some(Some(Format::Html)));
        assert_eq!(format_of("text/plain"), Some(None));
        assert_eq!(format_of("image/png"), None);
    }

    #[test]
    fn the_charset_and_final_url_reach_the_html_hints() {
        let body = "<html><body><p>سلام</p></body></html>";
        let page = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1256\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let base = serve(vec![
            b"HTTP/1.1 302 Found\r\nLocation: /final.html\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .to_vec(),
            page.into_bytes(),
        ]);
        let got = fetch(&format!("{base}/start"), &FetchOptions::default()).expect("fetched");
        assert_eq!(got.format, Format::Html);
        assert_eq!(got.hints.charset.as_deref(), Some("windows-1256"));
        assert_eq!(
            got.hints.url.as_deref(),
            Some(&*format!("{base}/final.html"))
        );
        assert_eq!(got.bytes, body.as_bytes());
    }

    #[test]
    fn a_plain_text_page_takes_its_format_from_the_address() {
        let body = "Title\n\n## Section\n\nText.\n";
        let page = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let base = serve(vec![page.clone().into_bytes(), page.into_bytes()]);
        let md = fetch(&format!("{base}/README.md"), &FetchOptions::default()).expect("md");
        assert_eq!(md.format, Format::Markdown);
        let txt = fetch(&format!("{base}/notes"), &FetchOptions::default()).expect("txt");
        assert_eq!(txt.format, Format::Plain);
    }

    /// rustls with the platform verifier is set up and used: an https
    /// request to a server that answers in plain HTTP fails in TLS.
    #[test]
    fn tls_is_set_up_and_its_failures_are_tls_errors() {
        let base = serve(vec![
            b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".to_vec(),
        ]);
        let url = base.replace("http://", "https://");
        let err = fetch(&url, &FetchOptions::default()).expect_err("not TLS");
        match err {
            LoadError::Fetch {
                cause: FetchError::Tls(_),
                ..
            } => {}
            other => panic!("{other:?}: {other}"),
        }
    }

    #[test]
    fn failures_are_told_apart() {
        use std::io::{Error as Io, ErrorKind};
        let opts = FetchOptions {
            connect_timeout: Duration::from_millis(1500),
            ..FetchOptions::default()
        };
        let says = |e| cause(e, &opts).to_string();
        assert_eq!(
            says(ureq::Error::Timeout(ureq::Timeout::Connect)),
            "no connection within 1.5 s (--connect-timeout)"
        );
        assert_eq!(
            says(ureq::Error::Timeout(ureq::Timeout::Resolve)),
            "no connection within 1.5 s (--connect-timeout)"
        );
        for t in [ureq::Timeout::Global, ureq::Timeout::RecvBody] {
            assert_eq!(
                says(ureq::Error::Timeout(t)),
                "timed out after 30 s (--timeout)"
            );
        }
        assert_eq!(
            says(ureq::Error::Io(Io::from(ErrorKind::ConnectionRefused))),
            "connection refused"
        );
        assert_eq!(says(ureq::Error::HostNotFound), "host not found (DNS)");
        assert_eq!(
            says(ureq::Error::Io(Io::other("bad\x1b[2J body"))),
            "bad␛[2J body"
        );
        assert_eq!(
            says(ureq::Error::TooManyRedirects),
            "too many redirects (more than 10)"
        );
    }

    #[test]
    fn sizes_for_the_progress_line() {
        assert_eq!(human(999), "999 B");
        assert_eq!(human(12_345), "12.3 kB");
        assert_eq!(human(4_500_000), "4.5 MB");
    }
}
