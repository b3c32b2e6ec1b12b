//! `qari http://…`: pages fetched from a server on 127.0.0.1 started by
//! each test (no internet), through the built binary: what `--dump`
//! prints, and the one-line errors (exit 2) for what goes wrong.

#[cfg(unix)]
mod qari_pty;
mod reader;

use reader::press;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// What the test server answers.
enum Reply {
    /// These bytes, then the connection is closed.
    Raw(Vec<u8>),
    /// A 200 response in `chunks` chunks of `size` bytes (no length).
    Chunked { size: usize, chunks: usize },
    /// Nothing, ever (the connection is held open).
    Silence,
    /// A 200 text page in `chunks` chunks, one every `every`.
    Slow { chunks: usize, every: Duration },
}

fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    Reply::Raw(bytes)
}

fn ok(content_type: &str, body: &str) -> Reply {
    response("200 OK", &[("Content-Type", content_type)], body.as_bytes())
}

/// Starts a server on 127.0.0.1 that answers each request with
/// `route(path)`; returns its base address (`http://127.0.0.1:PORT`).
fn serve(route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let route = std::sync::Arc::new(route);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let route = std::sync::Arc::clone(&route);
            std::thread::spawn(move || answer(stream, &*route));
        }
    });
    base
}

fn answer(stream: TcpStream, route: &dyn Fn(&str) -> Reply) {
    let mut reader = BufReader::new(stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split(' ').nth(1).unwrap_or("/").to_owned();
    let mut stream = reader.into_inner();
    match route(&path) {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes);
        }
        Reply::Chunked { size, chunks } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\
                        Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            let chunk = vec![b'a'; size];
            for _ in 0..chunks {
                let mut piece = format!("{size:x}\r\n").into_bytes();
                piece.extend_from_slice(&chunk);
                piece.extend_from_slice(b"\r\n");
                // The client hangs up once it has seen enough.
                if stream.write_all(&piece).is_err() {
                    return;
                }
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        }
        Reply::Silence => std::thread::sleep(Duration::from_secs(20)),
        Reply::Slow { chunks, every } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\
                        Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            for i in 0..chunks {
                std::thread::sleep(every);
                let line = format!("Slow line {i}.\n");
                let piece = format!("{:x}\r\n{line}\r\n", line.len());
                if stream.write_all(piece.as_bytes()).is_err() {
                    return;
                }
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        }
    }
}

/// Runs `qari --dump ARGS` with no proxy from the environment.
fn qari(args: &[&str]) -> Output {
    let state = std::env::temp_dir().join(format!("qari-url-test-{}", std::process::id()));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qari"));
    cmd.args(["--dump", "--width", "70", "--color", "never"])
        .args(args)
        .env("XDG_STATE_HOME", &state)
        .env("XDG_CONFIG_HOME", &state);
    for var in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.output().expect("run qari")
}

/// Standard output with runs of white space as one space (lines wrap).
fn stdout(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The one line on standard error of a failed run (exit 2).
fn error_line(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with("qari: "), "{err:?}");
    err.trim_end().to_owned()
}

#[test]
fn an_html_page_is_fetched_and_dumped() {
    let base = serve(|_| {
        ok(
            "text/html; charset=utf-8",
            "<!doctype html><html><body><p>Hello from the web page</p></body></html>",
        )
    });
    let out = qari(&[&format!("{base}/page.html")]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("Hello from the web page"), "{out:?}");
}

#[test]
fn a_markdown_page_is_read_as_markdown() {
    let base = serve(|_| ok("text/markdown", "# The Title\n\nA *first* paragraph.\n"));
    let out = qari(&[&format!("{base}/notes")]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    assert!(text.contains("The Title"), "{text}");
    assert!(!text.contains("# The Title"), "a heading, not text: {text}");
    assert!(text.contains("A first paragraph."), "{text}");
}

#[test]
fn redirects_are_followed_up_to_ten() {
    // /r/N redirects to /r/N-1; /r/0 is the page.
    let base = serve(
        |path| match path.strip_prefix("/r/").map(str::parse::<u32>) {
            Some(Ok(0)) => ok("text/plain", "Arrived after the redirects.\n"),
            Some(Ok(n)) => response("302 Found", &[("Location", &format!("/r/{}", n - 1))], b""),
            _ => response("404 Not Found", &[], b""),
        },
    );
    let out = qari(&[&format!("{base}/r/10")]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("Arrived after the redirects."));
    let url = format!("{base}/r/11");
    let err = error_line(&qari(&[&url]));
    assert_eq!(
        err,
        format!("qari: {url}: too many redirects (more than 10)")
    );
}

#[test]
fn http_errors_name_the_status_and_reason() {
    let base = serve(|path| match path {
        "/missing" => response("404 Not Found", &[("Content-Type", "text/html")], b"gone"),
        _ => response("500 Internal Server Error", &[], b"oops"),
    });
    let url = format!("{base}/missing");
    assert_eq!(
        error_line(&qari(&[&url])),
        format!("qari: {url}: HTTP 404 Not Found")
    );
    let url = format!("{base}/broken");
    assert_eq!(
        error_line(&qari(&[&url])),
        format!("qari: {url}: HTTP 500 Internal Server Error")
    );
}

#[test]
fn a_type_that_is_not_a_page_is_refused() {
    let base = serve(|_| {
        response(
            "200 OK",
            &[("Content-Type", "image/png")],
            b"\x89PNG\r\n\x1a\n",
        )
    });
    let url = format!("{base}/picture");
    let err = error_line(&qari(&[&url]));
    assert_eq!(
        err,
        format!("qari: {url}: image/png is not a page qari reads (HTML, Markdown, text, JSON)")
    );
}

#[test]
fn too_large_pages_are_refused_by_length_and_while_read() {
    let big = serve(|path| match path {
        "/declared" => response(
            "200 OK",
            &[("Content-Type", "text/plain")],
            &vec![b'a'; 2 * 1024 * 1024],
        ),
        // 64 MiB offered, chunked: refused once past 1 MiB, not at the end.
        _ => Reply::Chunked {
            size: 64 * 1024,
            chunks: 1024,
        },
    });
    for path in ["/declared", "/chunked"] {
        let url = format!("{big}{path}");
        let started = Instant::now();
        let err = error_line(&qari(&["--max-size", "1", &url]));
        assert_eq!(
            err,
            format!("qari: {url}: too large (more than 1 MiB; see --max-size)")
        );
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}

#[test]
fn gzip_bodies_are_decoded() {
    use flate2::{Compression, write::GzEncoder};
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all("# Zipped\n\nThis paragraph travelled gzipped.\n".as_bytes())
        .expect("gzip");
    let body = gz.finish().expect("gzip");
    let base = serve(move |_| {
        response(
            "200 OK",
            &[
                ("Content-Type", "text/markdown; charset=utf-8"),
                ("Content-Encoding", "gzip"),
            ],
            &body,
        )
    });
    let out = qari(&[&format!("{base}/z")]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("This paragraph travelled gzipped."));
}

/// `data` as a brotli stream of one uncompressed meta-block (RFC 7932):
/// window bits 16, a meta-block header (not last, 4 nibbles of length,
/// uncompressed), the bytes, then an empty last meta-block.
fn brotli_stored(data: &[u8]) -> Vec<u8> {
    assert!(!data.is_empty() && data.len() <= 1 << 16);
    let header: u32 = ((data.len() as u32 - 1) << 4) | (1 << 20);
    let mut out = header.to_le_bytes()[..3].to_vec();
    out.extend_from_slice(data);
    out.push(0b11);
    out
}

#[test]
fn brotli_bodies_are_decoded() {
    let body = brotli_stored(b"# Br\n\nThis paragraph travelled in brotli.\n");
    let base = serve(move |_| {
        response(
            "200 OK",
            &[
                ("Content-Type", "text/markdown"),
                ("Content-Encoding", "br"),
            ],
            &body,
        )
    });
    let out = qari(&[&format!("{base}/b")]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("This paragraph travelled in brotli."));
}

#[test]
fn the_request_says_who_asks_and_what_it_reads() {
    // The page is the request's headers, one per paragraph.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/h", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            head.push_str(&line.replace("\r\n", "\n\n"));
            line.clear();
        }
        let reply = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{head}",
            head.len()
        );
        let _ = reader.get_mut().write_all(reply.as_bytes());
    });
    let out = qari(&[&url]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out).to_ascii_lowercase();
    let agent = format!("user-agent: qari/{}", env!("CARGO_PKG_VERSION"));
    assert!(text.contains(&agent), "{text}");
    assert!(text.contains("accept: text/html,"), "{text}");
    assert!(text.contains("accept-encoding: gzip, br"), "{text}");
}

#[test]
fn a_proxy_from_the_environment_is_used() {
    // ureq tunnels through the proxy: CONNECT host:port, then the request.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let proxy = format!("http://{}", listener.local_addr().expect("addr"));
    let (seen, asked) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut reader = BufReader::new(stream);
        let mut connect = String::new();
        let mut line = String::new();
        let _ = reader.read_line(&mut connect);
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let _ = seen.send(connect.trim_end().to_owned());
        let _ = reader
            .get_mut()
            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let body = "Served through the proxy.\n";
        let reply = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = reader.get_mut().write_all(reply.as_bytes());
    });
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qari"));
    cmd.args(["--dump", "http://qari-test.invalid/via"]);
    for var in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd.env("HTTP_PROXY", &proxy).output().expect("run qari");
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("Served through the proxy."));
    assert_eq!(
        asked.recv().expect("asked").split(' ').nth(1),
        Some("qari-test.invalid:80")
    );
}

#[test]
fn a_server_that_never_answers_times_out() {
    let base = serve(|_| Reply::Silence);
    let url = format!("{base}/slow");
    let started = Instant::now();
    let err = error_line(&qari(&["--timeout", "1", &url]));
    let took = started.elapsed();
    assert_eq!(err, format!("qari: {url}: timed out after 1 s (--timeout)"));
    assert!(took < Duration::from_millis(2500), "{took:?}");
}

#[test]
fn a_closed_port_is_connection_refused() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let url = format!("http://127.0.0.1:{port}/");
    let err = error_line(&qari(&[&url]));
    assert_eq!(err, format!("qari: {url}: connection refused"));
}

#[test]
fn an_unknown_host_is_a_dns_failure() {
    // `.invalid` never resolves (RFC 6761), with or without a network.
    let url = "http://qari-test.invalid/page";
    let err = error_line(&qari(&["--connect-timeout", "5", url]));
    assert_eq!(err, format!("qari: {url}: host not found (DNS)"));
}

#[test]
fn control_characters_in_an_address_never_reach_the_terminal() {
    let url = "http://127.0.0.1:9/\x1b]0;owned\x07\x1b[2J";
    let err = error_line(&qari(&[url]));
    assert!(!err.chars().any(|c| c.is_control()), "{err:?}");
    assert!(err.contains("invalid URL (control characters)"), "{err:?}");
}

#[test]
fn flags_are_checked() {
    for args in [
        ["--timeout", "0"],
        ["--timeout", "x"],
        ["--connect-timeout", "-1"],
        ["--max-size", "0"],
    ] {
        let out = qari(&[args[0], args[1], "http://127.0.0.1:9/"]);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    }
}

/// Following a link in a page read from an address: resolved against it,
/// fetched (as the reader's loop does, with `tui::open`), and `Backspace`
/// returns to the same place; a page that cannot be fetched is said on
/// the status line.
#[test]
fn links_in_a_web_page_are_fetched_and_back_returns() {
    use qari::app::{App, AppOptions};
    use qari::source::url::FetchOptions;
    let base = serve(|path| match path {
        "/dir/second.md" => ok("text/markdown", "# Second page\n\nIts text.\n"),
        _ => response("404 Not Found", &[], b""),
    });
    let mut md = String::from("# First page\n\n");
    for i in 0..30 {
        md.push_str(&format!(
            "Paragraph {i}: [next](second.md) and [gone](/missing).\n\n"
        ));
    }
    let first = qari::import::markdown::parse(&md);
    let opts = AppOptions {
        doc_url: Some(format!("{base}/dir/first.md")),
        ..AppOptions::default()
    };
    let mut app = App::new(first, opts, (80, 12));
    app.go_to_place(qari::saved::Place {
        section: Some(0),
        block: 10,
    });
    let top = app.article_view.top;
    app.follow("second.md");
    let request = app.open_request.take().expect("a page to open");
    assert_eq!(request.url, Some(format!("{base}/dir/second.md")));
    let fetch = FetchOptions::default();
    qari::tui::open(&mut app, &request, &fetch);
    assert_eq!(app.article.title.to_plain(), "Second page");
    assert_eq!(app.opts.doc_url, Some(format!("{base}/dir/second.md")));
    assert_eq!(app.opts.doc_path, None);
    app.follow("/missing");
    let request = app.open_request.take().expect("a page to open");
    qari::tui::open(&mut app, &request, &fetch);
    assert_eq!(app.article.title.to_plain(), "Second page", "still there");
    let said = app.message.clone().unwrap_or_default();
    assert_eq!(said, format!("{base}/missing: HTTP 404 Not Found"));
    press(&mut app, crossterm::event::KeyCode::Backspace);
    assert_eq!(app.article.title.to_plain(), "First page");
    assert_eq!(app.article_view.top, top, "the same place");
}

/// An https server on 127.0.0.1 (`localhost` in its certificate, signed by
/// a CA made for the test) that answers each connection with `reply`;
/// returns its port and the CA's certificate (PEM).
fn serve_tls(reply: &'static [u8]) -> (u16, String) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca.self_signed(&ca_key).expect("CA");
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().expect("key");
    let leaf = CertificateParams::new(vec!["localhost".to_owned()])
        .expect("params")
        .signed_by(&key, &issuer)
        .expect("certificate");
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .expect("server config");
    let config = std::sync::Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut tcp) = stream else { return };
            let config = std::sync::Arc::clone(&config);
            std::thread::spawn(move || {
                let Ok(mut conn) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::Stream::new(&mut conn, &mut tcp);
                let mut reader = BufReader::new(&mut tls);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let _ = tls.write_all(reply);
                let _ = tls.flush();
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    (port, ca_cert.pem())
}

/// https with rustls and the system's certificates (here `SSL_CERT_FILE`,
/// which the platform verifier reads on Linux): a page from a server whose
/// CA is trusted is read; without that CA, a one-line TLS error.
#[test]
fn https_pages_are_verified_against_the_system_certificates() {
    let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/markdown\r\nContent-Length: 34\r\n\
                 Connection: close\r\n\r\n# Secure\n\nRead over TLS, verified.";
    let (port, ca) = serve_tls(page);
    let ca_file = std::env::temp_dir().join(format!("qari-url-ca-{}.pem", std::process::id()));
    std::fs::write(&ca_file, ca).expect("write CA");
    let url = format!("https://localhost:{port}/secure");
    let run = |trusted: &std::path::Path| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_qari"));
        cmd.args(["--dump", "--width", "70", &url]);
        for var in [
            "ALL_PROXY",
            "all_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "SSL_CERT_DIR",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("SSL_CERT_FILE", trusted)
            .output()
            .expect("run qari")
    };
    let out = run(&ca_file);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("Read over TLS, verified."), "{out:?}");
    let elsewhere = std::env::temp_dir().join(format!("qari-url-noca-{}.pem", std::process::id()));
    // Another CA: the server's certificate has an unknown issuer.
    let other = rcgen::generate_simple_self_signed(vec!["elsewhere".to_owned()]).expect("CA");
    std::fs::write(&elsewhere, other.cert.pem()).expect("write");
    let err = error_line(&run(&elsewhere));
    assert!(
        err.starts_with(&format!("qari: {url}: TLS error: "))
            && err.contains("invalid peer certificate"),
        "{err}"
    );
    // No certificates at all: said with the fix.
    std::fs::write(&elsewhere, "").expect("write");
    let err = error_line(&run(&elsewhere));
    assert!(
        err.contains("TLS error: no CA certificates on this system"),
        "{err}"
    );
    let _ = std::fs::remove_file(ca_file);
    let _ = std::fs::remove_file(elsewhere);
}

/// The reader in a pseudo-terminal on a page: a link followed with `L`
/// and `Enter` fetches the next page, `Backspace` comes back, and on quit
/// the place is saved under the text's key and under the address's.
#[cfg(unix)]
#[test]
fn the_reader_follows_links_between_pages_and_remembers_the_address() {
    let base = serve(|path| match path {
        "/site/first.md" => ok(
            "text/markdown",
            "# First page title\n\nGo to the [next page](second.md).\n",
        ),
        "/site/second.md" => ok("text/markdown", "# Second page title\n\nThe end.\n"),
        _ => response("404 Not Found", &[], b""),
    });
    let url = format!("{base}/site/first.md");
    let state = std::env::temp_dir().join(format!("qari-url-pty-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    let state_dir = state.to_string_lossy().into_owned();
    let mut r = qari_pty::Reader::start(
        &["--bidi", "app", &url],
        &[("NO_COLOR", "1"), ("XDG_STATE_HOME", &state_dir)],
        100,
        24,
    );
    r.wait_until("the first page", |r| r.text().contains("First page title"));
    r.press(b"L");
    r.wait_until("the link list", |r| r.text().contains("second.md"));
    r.press(b"\r");
    r.wait_until("the second page", |r| {
        r.text().contains("Second page title") && !r.text().contains("First page title")
    });
    r.press(b"\x7f");
    r.wait_until("back on the first page", |r| {
        r.text().contains("First page title")
    });
    r.press(b"q");
    assert!(r.wait_exit().success());
    let mut saved: Vec<String> = std::fs::read_dir(state.join("qari/articles"))
        .expect("state saved")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    saved.sort();
    assert_eq!(saved.len(), 2, "{saved:?}");
    assert_eq!(saved[1], format!("{}.json", qari::saved::url_key(&url)));
    let _ = std::fs::remove_dir_all(&state);
}

/// A page that takes its time: on a terminal, a progress line on stderr
/// (spinner, address, bytes) is redrawn at most 10 times a second and
/// cleared before the page is printed.
#[cfg(unix)]
#[test]
fn a_slow_page_shows_progress_on_a_terminal_then_clears_it() {
    let base = serve(|_| Reply::Slow {
        chunks: 8,
        every: Duration::from_millis(100),
    });
    let url = format!("{base}/slow.txt");
    let started = Instant::now();
    let mut r = qari_pty::Reader::start(&["--dump", "--bidi", "app", &url], &[], 100, 24);
    assert!(r.wait_exit().success());
    let took = started.elapsed().as_secs_f64();
    let out = &r.output;
    let updates = qari_pty::count(out, b"qari: loading");
    assert!(updates >= 3, "{updates} updates");
    assert!(
        updates as f64 <= took * 10.0 + 1.0,
        "{updates} updates in {took} s"
    );
    let last = qari_pty::rfind(out, b"qari: loading").expect("a progress line");
    let cleared = qari_pty::find_from(out, b"\r\x1b[K", last).expect("cleared");
    let page = qari_pty::find_from(out, b"Slow line 7.", 0).expect("the page");
    assert!(cleared < page, "cleared before the page is printed");
    let shown = String::from_utf8_lossy(&out[last..cleared]);
    assert!(shown.contains(&url) && shown.contains(" B"), "{shown:?}");
}

/// `qari https://…#anchor` starts at the heading the fragment names;
/// `Backspace` goes back to the top.
#[cfg(unix)]
#[test]
fn the_fragment_of_the_address_is_where_reading_starts() {
    let mut md = String::from("# Long page title\n\n");
    for i in 0..60 {
        md.push_str(&format!("Filler paragraph {i}.\n\n"));
    }
    md.push_str("## Last part\n\nThe closing words.\n");
    let base = serve(move |_| ok("text/markdown", &md));
    let url = format!("{base}/long.md#last-part");
    let mut r = qari_pty::Reader::start(&["--bidi", "app", &url], &[("NO_COLOR", "1")], 100, 24);
    r.wait_until("the last part", |r| {
        r.text().contains("The closing words.") && !r.text().contains("Filler paragraph 3.")
    });
    r.press(b"\x7f");
    r.wait_until("back at the top", |r| {
        r.text().contains("Filler paragraph 3.")
    });
    r.press(b"q");
    assert!(r.wait_exit().success());
}

#[test]
fn a_redirect_loop_is_one_line() {
    let base = serve(|_| response("302 Found", &[("Location", "/loop")], b""));
    let url = format!("{base}/loop");
    assert_eq!(
        error_line(&qari(&[&url])),
        format!("qari: {url}: too many redirects (more than 10)")
    );
}

#[test]
fn windows_1256_declared_only_in_the_header_is_read() {
    let page = "<html><body><p>مرحبا بالقارئ العربي</p></body></html>";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(page);
    assert!(!unmappable);
    let body = bytes.into_owned();
    let base = serve(move |_| {
        response(
            "200 OK",
            &[("Content-Type", "text/html; charset=windows-1256")],
            &body,
        )
    });
    let out = qari(&[&format!("{base}/ar"), "--bidi", "terminal"]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    // Shaped but in logical order: the forms of «مرحبا», not U+FFFD.
    assert!(!text.contains('\u{FFFD}'), "{text}");
    assert!(text.contains("ﻣﺮﺣﺒﺎ"), "{text}");
}
