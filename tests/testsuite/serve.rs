//! `mdbook serve` with the suite: a front matter change shows up in the
//! rendered index within seconds, so live reload keeps working.

use crate::support::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server that is stopped when the test ends, pass or fail.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `GET path` over HTTP/1.0 on 127.0.0.1; the body, if the server answered 200.
fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    (head.split_whitespace().nth(1) == Some("200")).then(|| body.to_owned())
}

/// Polls `check` on the page at `path` for up to `limit`.
fn wait_for(port: u16, path: &str, limit: Duration, check: impl Fn(&str) -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if get(port, path).is_some_and(|page| check(&page)) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

/// The index page's "Investigation Index" table: the done investigations.
fn done_table(page: &str) -> &str {
    let start = page.find("id=\"investigation-index\"").unwrap_or(0);
    let end = page
        .find("id=\"future-roadmap-architectural-expansion\"")
        .unwrap_or(page.len());
    &page[start..end.max(start)]
}

#[test]
fn a_status_change_reaches_the_served_index_within_seconds() {
    let book = BookTest::example();
    let port = free_port();
    let _server = Server(
        Command::new(mdbook(MDBOOK_05))
            .args([
                "serve",
                "--hostname",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .current_dir(book.root())
            .env(
                "PATH",
                format!("{}:{}", bin_dir().display(), std::env::var("PATH").unwrap()),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mdbook serve starts"),
    );
    assert!(
        wait_for(port, "/index.html", Duration::from_secs(60), |page| {
            done_table(page).contains("Multi-Server Broadcasting")
        }),
        "the served book never showed its index"
    );
    let first = get(port, "/index.html").expect("the index is served");
    assert!(
        !done_table(&first).contains("Distributed Presence"),
        "07 starts as a skeleton"
    );

    let chapter = book
        .root()
        .join("src/deep-dives/07-distributed-presence.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, text.replace("status: skeleton", "status: done")).unwrap();

    assert!(
        wait_for(port, "/index.html", Duration::from_secs(15), |page| {
            done_table(page).contains("Distributed Presence")
        }),
        "the index did not pick up the new status"
    );
    // mdBook writes the pages one by one: the chapter's page may land after
    // the index's.
    assert!(
        wait_for(
            port,
            "/deep-dives/07-distributed-presence.html",
            Duration::from_secs(15),
            |page| page.contains("deepdive-status-done")
        ),
        "the chapter's badge did not change"
    );
}
