//! The binary: `inspect` exit codes and output, `serve` config errors, logs without secrets,
//! graceful shutdown on SIGTERM, `demo` start-up.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;

const BIN: &str = env!("CARGO_BIN_EXE_ratelink-relay");

fn run(args: &[&str]) -> (i32, String, String) {
    run_with_env(args, &[])
}

/// Environment variables for a run: `(NAME, VALUE)`.
type Vars<'a> = &'a [(&'a str, &'a str)];

/// Runs the binary with `args` and these environment variables (and no RUST_LOG).
fn run_with_env(args: &[&str], env: Vars) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .env_remove("RUST_LOG")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

async fn run_async(args: Vec<String>) -> (i32, String, String) {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&args)
    })
    .await
    .unwrap()
}

fn write_tmp(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into()
}

#[test]
fn inspect_reads_files_and_sets_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let good = write_tmp(&dir, "rates.txt", GOOD_TXT);
    let (code, out, _) = run(&["inspect", &good]);
    assert_eq!(code, 0);
    assert!(out.contains("format:") && out.contains("txt"), "{out}");
    assert!(out.contains("directions: 3"), "{out}");
    assert!(out.contains("BTC") && out.contains("SBERRUB"), "{out}");

    let (code, out, _) = run(&["inspect", &good, "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "txt");
    assert_eq!(v["status"], "ok");
    assert_eq!(v["directions"].as_array().unwrap().len(), 3);
    assert!(
        v.get("stale").is_none() && v.get("fetched_at").is_none(),
        "inspect adds no relay fields"
    );
    // Everything, unlike /feeds/{name}: the derived rate and absent fields as null.
    let first = &v["directions"][0];
    assert_eq!(first["rate"], "90.5", "{first}");
    assert!(first["min"].is_null() && first["city"].is_null(), "{first}");
    assert_eq!(first["fee_steps"], serde_json::json!([]), "{first}");
    assert_eq!(v["names"]["SBERRUB"]["en"], "Sberbank", "{v}");

    let maint = write_tmp(
        &dir,
        "m.xml",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<error>Maintenance</error>",
    );
    let (code, out, _) = run(&["inspect", &maint, "--json"]);
    assert_eq!(code, 0, "a maintenance document is a readable feed");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "maintenance");

    let html = write_tmp(
        &dir,
        "e.html",
        "<!DOCTYPE html><html><head><title>Captcha</title></head></html>",
    );
    let (code, out, err) = run(&["inspect", &html]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.to_lowercase().contains("html"), "{err}");

    let (code, _, err) = run(&["inspect", &dir.path().join("missing.xml").to_string_lossy()]);
    assert_eq!(code, 2);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn inspect_refuses_one_liners_that_are_no_maintenance_notice_and_other_url_schemes() {
    let dir = tempfile::tempdir().unwrap();
    // A host name file, a 404 text, an API's error object: no feed, whatever their shape.
    for (name, text) in [
        ("hostname", "relay-host-01\n"),
        ("404.txt", "404 page not found\n"),
        ("unauth.json", "{\"error\":\"unauthorized\"}"),
    ] {
        let file = write_tmp(&dir, name, text);
        let (code, out, err) = run(&["inspect", &file]);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(out.is_empty(), "{name}: {out}");
        assert_eq!(err.trim().lines().count(), 1, "{name}: {err}");
        assert!(
            err.contains("not a rates feed") || err.contains("no line"),
            "{name}: {err}"
        );
    }
    // Premium's TXT maintenance word, translated, still is one.
    let file = write_tmp(&dir, "m.txt", "Технические работы\n");
    let (code, out, err) = run(&["inspect", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("status:     maintenance"), "{out}");

    for url in [
        "ftp://x/y",
        "FILE:///etc/hostname",
        "sftp://user:pw@host/rates.xml",
    ] {
        let (code, _, err) = run(&["inspect", url]);
        assert_eq!(code, 2, "{url}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{url}: {err}");
        assert!(
            err.contains("only http(s) URLs and files are supported"),
            "{url}: {err}"
        );
        assert!(!err.contains("pw@"), "{url}: {err}");
    }
}

#[tokio::test]
async fn inspect_fetches_urls() {
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let (code, out, err) = run_async(vec!["inspect".into(), up.url(), "--json".into()]).await;
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["directions"].as_array().unwrap().len(), 3);

    up.set(Mode::Status(500));
    let (code, _, err) = run_async(vec!["inspect".into(), up.url()]).await;
    assert_eq!(code, 2);
    assert!(err.contains("500"), "{err}");
    assert!(
        !err.contains("SECRETHASH"),
        "query strings stay out of messages: {err}"
    );

    up.set(Mode::Hang);
    let (code, _, err) = run_async(vec![
        "inspect".into(),
        up.url(),
        "--timeout".into(),
        "0.3".into(),
    ])
    .await;
    assert_eq!(code, 2);
    assert!(err.contains("within"), "{err}");
}

#[test]
fn bad_serve_configs_exit_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write_tmp(
        &dir,
        "relay.toml",
        "listen = \"127.0.0.1:0\"\n[feeds.a]\nurl = \"ftp://example/x\"\n",
    );
    let (code, _, err) = run(&["serve", "--config", &bad]);
    assert_ne!(code, 0);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("ftp"), "{err}");

    let (code, _, err) = run(&[
        "serve",
        "--config",
        &dir.path().join("none.toml").to_string_lossy(),
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("cannot read config"), "{err}");

    let (code, _, err) = run(&["serve"]);
    assert_ne!(code, 0);
    assert!(err.contains("no feeds configured"), "{err}");
}

#[test]
fn serve_errors_name_the_variable_or_key_they_come_from() {
    let cases: [(&[&str], Vars, &str); 5] = [
        (
            &["serve"],
            &[("RATELINK_FEEDS", "a=http://127.0.0.1:1/x,b")],
            "RATELINK_FEEDS \"b\" must be NAME=URL",
        ),
        (
            &["serve", "--feed", "a=http://127.0.0.1:1/x", "--feed", "b"],
            &[],
            "--feed \"b\" must be NAME=URL",
        ),
        (
            &["serve", "--feed", "a=http://127.0.0.1:1/x"],
            &[("RATELINK_REFRESH", "0.0001")],
            "RATELINK_REFRESH=0.0001 is below the minimum refresh of 10 seconds",
        ),
        (
            &[
                "serve",
                "--feed",
                "a=http://127.0.0.1:1/x",
                "--refresh",
                "0.0001",
            ],
            &[],
            "--refresh 0.0001 is below the minimum refresh of 10 seconds",
        ),
        (
            &["serve", "--feed", "a=http://127.0.0.1:1/x"],
            &[("RATELINK_EXCHANGERS", "zz=https://z.example")],
            "RATELINK_EXCHANGERS \"zz=https://z.example\" names feed \"zz\"",
        ),
    ];
    for (args, env, needle) in cases {
        let (code, _, err) = run_with_env(args, env);
        assert_ne!(code, 0, "{args:?} {env:?}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{args:?} {env:?}: {err}");
    }
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_tmp(
        &dir,
        "relay.toml",
        "refresh = \"abc\"\n[feeds.a]\nurl = \"http://127.0.0.1:1/x\"\n",
    );
    let (code, _, err) = run(&["serve", "--config", &cfg]);
    assert_ne!(code, 0);
    assert!(
        err.contains("refresh = \"abc\" is not a number of seconds")
            && err.contains("e.g. 60 or 2.5"),
        "{err}"
    );
}

#[test]
fn per_feed_flags_naming_an_unknown_feed_exit_with_one_line() {
    let (code, _, err) = run(&[
        "serve",
        "--feed",
        "a=http://127.0.0.1:1/x",
        "--ref",
        "GLOBAL",
        "--ref",
        "nope=X",
    ]);
    assert_ne!(code, 0);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("--ref \"nope=X\" names feed \"nope\", which is not configured"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "serve",
        "--feed",
        "a=http://127.0.0.1:1/x",
        "--exchanger",
        "b=https://b.example",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("names feed \"b\""), "{err}");
}

#[test]
fn inspect_stops_quietly_when_its_reader_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    // About 300 KB of JSON: more than a pipe holds, so the write meets the closed pipe.
    let body: String = (1..=3000)
        .map(|i| format!("BTC;USDTTRC20;1;{i};250000;;\n"))
        .collect();
    let file = write_tmp(&dir, "big.txt", &body);
    let mut child = Command::new(BIN)
        .args(["inspect", &file, "--json"])
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut start = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut start).unwrap();
    assert!(start.starts_with(b"{"), "{start:?}");
    drop(stdout); // `| head -c 16`
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.trim().is_empty(), "nothing to report: {err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

#[test]
fn help_documents_the_environment_without_showing_secrets() {
    let out = Command::new(BIN)
        .args(["serve", "--help"])
        .env("RATELINK_PARTNER_KEY", "pk-TOPSECRET")
        .env("RATELINK_DASHBOARD_PASSWORD", "pw-TOPSECRET")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for var in [
        "RATELINK_LISTEN",
        "RATELINK_FEEDS",
        "RATELINK_REFRESH",
        "RATELINK_ALLOW_ORIGINS",
        "RATELINK_ASSETS",
        "RATELINK_STATE_DIR",
        "RATELINK_PARTNER_API",
        "RATELINK_PARTNER_ENDPOINT",
        "RATELINK_PARTNER_KEY",
        "RATELINK_DASHBOARD_PASSWORD",
        "RUST_LOG",
    ] {
        assert!(help.contains(var), "--help does not mention {var}");
    }
    assert!(!help.contains("TOPSECRET"), "{help}");
    // The endpoints and file keys of docs/relay.md.
    for needle in [
        "/feeds/{name}",
        "/feeds/{name}/raw",
        "/feeds/{name}/icons.HASH.svg",
        "/compare[?feeds=a,b]",
        "/compare/icons.HASH.svg",
        "/health",
        "/config",
        "/snippet?feed=NAME",
        "/snippet?layout=compare",
        "/partner/*",
        "trusted_proxies",
        "refresh",
        "timeout",
        "max_bytes",
        "[exchanger]",
        "[feeds.NAME]",
        "[partner]",
        "[limits]",
        "at least 10",
    ] {
        assert!(help.contains(needle), "--help does not mention {needle}");
    }
}

/// Spawns the binary and returns it with a channel of its stderr (or stdout) lines.
fn spawn(
    args: &[&str],
    envs: &[(&str, &str)],
    cwd: &std::path::Path,
) -> (KillOnDrop, mpsc::Receiver<String>) {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_LOG", "info");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let (tx, rx) = mpsc::channel();
    let streams: Vec<Box<dyn std::io::Read + Send>> = vec![
        Box::new(child.stdout.take().unwrap()),
        Box::new(child.stderr.take().unwrap()),
    ];
    for (i, s) in streams.into_iter().enumerate() {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(s).lines().map_while(Result::ok) {
                let tag = if i == 0 { "out" } else { "err" };
                if tx.send(format!("{tag}: {line}")).is_err() {
                    break;
                }
            }
        });
    }
    (KillOnDrop(child), rx)
}

fn wait_line(rx: &mpsc::Receiver<String>, all: &mut Vec<String>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                all.push(line.clone());
                if line.contains(needle) {
                    return line;
                }
            }
            Err(_) => panic!("no line containing {needle:?}; got:\n{}", all.join("\n")),
        }
    }
}

/// Waits for the relay's "listening" log line and returns the address it names.
fn wait_listening(rx: &mpsc::Receiver<String>, all: &mut Vec<String>) -> String {
    let listening = wait_line(rx, all, "listening");
    listening
        .split("addr=")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap()
        .to_string()
}

/// The spawned relay; killed if a test fails before stopping it.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

fn sigterm_and_wait(child: &mut KillOnDrop) -> i32 {
    let child = &mut child.0;
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        assert!(Instant::now() < deadline, "no exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_logs_each_fetch_without_secrets_and_stops_on_sigterm() {
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let dir = tempfile::tempdir().unwrap();
    let feed_arg = format!("ex={}", up.url());
    let state = dir.path().join("state");
    let state = state.to_string_lossy().to_string();
    let (mut child, rx) = spawn(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--feed",
            &feed_arg,
            "--refresh",
            "10",
            "--state-dir",
            &state,
        ],
        &[
            // A whole dashboard configuration, so the key is loaded and in use.
            ("RATELINK_PARTNER_API", "pp"),
            ("RATELINK_PARTNER_ENDPOINT", "http://127.0.0.1:9/api.html"),
            ("RATELINK_PARTNER_KEY", "pk-TOPSECRET"),
            ("RATELINK_DASHBOARD_PASSWORD", "dashboard-TOPSECRET"),
            (
                "RATELINK_ALLOW_ORIGINS",
                "https://a.example,https://b.example",
            ),
        ],
        dir.path(),
    );
    let mut lines = Vec::new();
    let addr = tokio::task::block_in_place(|| wait_listening(&rx, &mut lines));
    tokio::task::block_in_place(|| wait_line(&rx, &mut lines, "upstream fetch"));
    let r = get_from_origin(format!("http://{addr}/feeds/ex"), "https://b.example").await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://b.example"
    );
    let code = tokio::task::block_in_place(|| sigterm_and_wait(&mut child));
    assert_eq!(code, 0, "graceful shutdown exits 0");
    while let Ok(l) = rx.recv_timeout(Duration::from_millis(200)) {
        lines.push(l);
    }
    let log = lines.join("\n");
    let fetch = lines.iter().find(|l| l.contains("upstream fetch")).unwrap();
    assert!(
        fetch.contains("feed=ex")
            && fetch.contains("/export/rates.txt")
            && fetch.contains("duration_ms="),
        "{fetch}"
    );
    assert!(
        fetch.contains("status=200") && fetch.contains("directions=3"),
        "{fetch}"
    );
    assert!(
        !log.contains("SECRETHASH"),
        "a query string was logged:\n{log}"
    );
    assert!(
        !log.contains("pk-TOPSECRET"),
        "the partner key was logged:\n{log}"
    );
    assert!(
        std::path::Path::new(&state).join("ex.state").exists(),
        "the last good copy is on disk"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_starts_without_config_and_prints_its_url() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, rx) = spawn(&["demo", "--listen", "127.0.0.1:0"], &[], dir.path());
    let mut lines = Vec::new();
    let no_dist = tokio::task::block_in_place(|| wait_line(&rx, &mut lines, "no ./dist"));
    assert!(no_dist.starts_with("out: "), "{no_dist}");
    let url_line =
        tokio::task::block_in_place(|| wait_line(&rx, &mut lines, "ratelink demo: http://"));
    let url = url_line
        .trim_start_matches("out: ratelink demo: ")
        .trim()
        .to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
        "{url}"
    );
    let h = get_json(format!("{url}health")).await;
    assert_eq!(field_of_each(&h["feeds"], "name"), DEMO_FEEDS);
    let r = client().get(url.clone()).send().await.unwrap();
    assert!(r.text().await.unwrap().contains("/feeds/demo-xml"));
    assert_eq!(
        tokio::task::block_in_place(|| sigterm_and_wait(&mut child)),
        0
    );
}

/// The crafted-exponent feeds shared with the core's tests.
const HOSTILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../crates/core/tests/fixtures/hostile"
);

/// Runs `inspect` on `file` and returns its exit code, failing if it runs past 30 s.
fn inspect_ends(file: &str) -> i32 {
    let mut child = KillOnDrop(
        Command::new(BIN)
            .args(["inspect", file, "--json"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        assert!(Instant::now() < deadline, "inspect {file} never ended");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn inspect_ends_on_crafted_exponents_and_the_quadratic_body() {
    for name in [
        "exponent.xml",
        "exponent.txt",
        "exponent.json",
        "exponent_premium.json",
    ] {
        assert_eq!(inspect_ends(&format!("{HOSTILE}/{name}")), 0, "{name}");
    }
    // The 1 MB body: junk, then 250,000 lines opening a JSON comment. Not a feed.
    let dir = tempfile::tempdir().unwrap();
    let body = format!("x\n{}", "[/*\n".repeat(250_000));
    let quadratic = write_tmp(&dir, "quadratic.txt", &body);
    assert_eq!(inspect_ends(&quadratic), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_the_relay_during_a_stuck_refresh_next_to_a_crafted_feed() {
    let crafted = start_upstream(Mode::Good(include_str!(
        "../../crates/core/tests/fixtures/hostile/exponent.xml"
    )))
    .await;
    let stuck = start_upstream(Mode::HangMidBody).await;
    let dir = tempfile::tempdir().unwrap();
    let crafted_arg = format!("crafted={}", crafted.url());
    let stuck_arg = format!("stuck={}", stuck.url());
    let (mut child, rx) = spawn(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--feed",
            &crafted_arg,
            "--feed",
            &stuck_arg,
            "--refresh",
            "10",
            "--timeout",
            "600",
        ],
        &[],
        dir.path(),
    );
    let mut lines = Vec::new();
    let addr = tokio::task::block_in_place(|| wait_listening(&rx, &mut lines));
    tokio::task::block_in_place(|| wait_line(&rx, &mut lines, "feed=crafted"));
    // The stuck feed's fetch is in progress (its upstream has been asked and is stalling).
    let deadline = Instant::now() + Duration::from_secs(10);
    while stuck.requests() == 0 {
        assert!(
            Instant::now() < deadline,
            "the stuck feed was never fetched"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let health = get_json(format!("http://{addr}/health")).await;
    let feeds = health["feeds"].as_array().unwrap();
    assert_eq!(feeds[0]["name"], "crafted");
    assert_eq!(feeds[0]["directions"], 2, "{health}");
    let started = Instant::now();
    let code = tokio::task::block_in_place(|| sigterm_and_wait(&mut child));
    assert_eq!(code, 0);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "SIGTERM took {:?}",
        started.elapsed()
    );
}
