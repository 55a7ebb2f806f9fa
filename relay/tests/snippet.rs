//! The embed snippet: `ratelink-relay snippet` and `GET /snippet` pin the loader the relay serves.

mod common;

use std::process::Command;

use common::*;
use ratelink_relay::{FeedConfig, RelayConfig};

const BIN: &str = env!("CARGO_BIN_EXE_ratelink-relay");
/// SHA-384 of `abc` (FIPS 180-2 test vector), base64.
const ABC_SRI: &str = "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn";

/// An assets dir as scripts/build-web.sh leaves it: the hashed loader and the manifest naming it.
fn built_assets(loader: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ratelink.0123abcd45.js"), loader).unwrap();
    std::fs::write(dir.path().join("ratelink.js"), loader).unwrap();
    std::fs::write(
        dir.path().join("ratelink-embed.json"),
        r#"{"loader": "ratelink.0123abcd45.js"}"#,
    )
    .unwrap();
    dir
}

fn snippet(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .arg("snippet")
        .args(args)
        .env_remove("RATELINK_ASSETS")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// The CLI's arguments for feed `main`: see [`exchanger_args`].
fn main_args<'a>(assets: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    exchanger_args(&["--feed", "main"], assets, extra)
}

/// The CLI's arguments `lead`, then `https://exchanger.example` with ref `P42`, BTC to SBERRUB,
/// served from `https://rates.example.com` with the loader in `assets`; `extra` goes before the
/// URL.
fn exchanger_args<'a>(lead: &[&'a str], assets: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = lead.to_vec();
    args.extend_from_slice(&[
        "--exchanger",
        "https://exchanger.example",
        "--ref",
        "P42",
        "--from",
        "BTC",
        "--to",
        "SBERRUB",
    ]);
    args.extend_from_slice(extra);
    args.extend_from_slice(&[
        "--public-url",
        "https://rates.example.com",
        "--assets",
        assets,
    ]);
    args
}

/// A feed on `url` whose exchanger is `https://exchanger.example` with ref `P42`.
fn exchanger_feed(name: &str, url: &str) -> FeedConfig {
    let mut f = feed(name, url, 3_600_000);
    f.exchanger.base = Some("https://exchanger.example".into());
    f.exchanger.ref_code = Some("P42".into());
    f
}

/// The relay's config for `feeds`, serving the built loader in `dir`, behind a reverse proxy on
/// loopback (the tests' client) whose `X-Forwarded-Proto` is believed.
fn config_with_assets(dir: &tempfile::TempDir, feeds: Vec<FeedConfig>) -> RelayConfig {
    let mut cfg = config(feeds);
    cfg.assets = Some(dir.path().to_path_buf());
    cfg.trusted_proxies =
        ratelink_relay::client_addr::TrustedProxies::parse(&["127.0.0.1".into()]).unwrap();
    cfg
}

/// `GET path` as asked on `https://rates.example.com` behind a proxy: the status and the JSON.
async fn get_snippet(c: &reqwest::Client, relay: &Running, path: &str) -> (u16, serde_json::Value) {
    let r = c
        .get(relay.url(path))
        .header("host", "rates.example.com")
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json::<serde_json::Value>().await.unwrap())
}

#[test]
fn cli_prints_the_pinned_loader_the_widget_and_the_csp_line() {
    let dir = built_assets(b"abc");
    let assets = dir.path().to_string_lossy().to_string();
    let (code, out, err) = snippet(&[
        "--feed",
        "main",
        "--exchanger",
        "https://exchanger.example/",
        "--ref",
        "P42",
        "--from",
        "BTC",
        "--to",
        "SBERRUB",
        "--public-url",
        "https://rates.example.com",
        "--assets",
        &assets,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(&format!(
        "<script type=\"module\" src=\"https://rates.example.com/ratelink.0123abcd45.js\"\n        integrity=\"{ABC_SRI}\" crossorigin=\"anonymous\"></script>\n"
    )), "{out}");
    assert!(
        out.contains("feed=\"https://rates.example.com/feeds/main\""),
        "{out}"
    );
    assert!(out.contains(
        "<a href=\"https://exchanger.example/ref/P42/?cur_from=BTC&amp;cur_to=SBERRUB\" rel=\"sponsored noopener\">"
    ), "{out}");
    assert!(out.trim_end().ends_with(
        "script-src 'self' https://rates.example.com 'wasm-unsafe-eval'; connect-src 'self' https://rates.example.com; style-src 'self' https://rates.example.com"
    ), "{out}");
}

#[test]
fn cli_explains_missing_builds_and_bad_options_in_one_line() {
    let empty = tempfile::tempdir().unwrap();
    let empty_path = empty.path().to_string_lossy().to_string();
    let base = [
        "--feed",
        "main",
        "--exchanger",
        "https://x.example",
        "--ref",
        "P",
    ];
    let (code, out, err) = snippet(&[&base[..], &["--assets", &empty_path]].concat());
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("ratelink-embed.json is missing") && err.contains("build-web.sh"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");

    let built = built_assets(b"abc");
    let built_path = built.path().to_string_lossy().to_string();
    for (extra, needle) in [
        (&["--public-url", "javascript:alert(1)"][..], "relay URL"),
        (&["--from", "BTC"][..], "both --from and --to"),
        (&["--from", "<b>", "--to", "X"][..], "currency code"),
    ] {
        let (code, _, err) = snippet(&[&base[..], &["--assets", &built_path], extra].concat());
        assert_eq!(code, 1, "{extra:?}");
        assert!(err.contains(needle), "{extra:?}: {err}");
    }
}

#[tokio::test]
async fn the_route_gives_the_cli_snippet_for_the_host_it_was_asked_on() {
    let dir = built_assets(b"abc");
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let f = exchanger_feed("main", &up.url());
    let bare = feed("bare", &up.url(), 3_600_000);
    let relay = start_relay(config_with_assets(&dir, vec![f, bare])).await;
    let c = client();

    let r = c
        .get(relay.url("/snippet?feed=main&from=BTC&to=SBERRUB"))
        .header("host", "rates.example.com")
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let v: serde_json::Value = r.json().await.unwrap();
    let (_, out, _) = snippet(&main_args(&dir.path().to_string_lossy(), &[]));
    assert!(out.starts_with(v["html"].as_str().unwrap()), "{v}\n{out}");
    assert!(out.trim_end().ends_with(v["csp"].as_str().unwrap()));
    assert!(v["html"].as_str().unwrap().contains(ABC_SRI));

    for (path, status, code) in [
        ("/snippet?feed=nope", 404, "unknown_feed"),
        ("/snippet?feed=bare", 409, "no_exchanger"),
        ("/snippet?feed=main&from=BTC", 400, "bad_request"),
    ] {
        let r = c.get(relay.url(path)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{path}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["error"], code, "{path}: {v}");
    }
    // The served loader changes: the snippet follows the bytes, not a stale hash.
    std::fs::write(dir.path().join("ratelink.0123abcd45.js"), b"abd").unwrap();
    let v = get_json(relay.url("/snippet?feed=main")).await;
    assert!(!v["html"].as_str().unwrap().contains(ABC_SRI), "{v}");
    relay.stop().await;
}

#[test]
fn cli_takes_theme_lang_layout_and_placement_and_refuses_bad_values_in_one_line() {
    let dir = built_assets(b"abc");
    let assets = dir.path().to_string_lossy().to_string();
    let base = main_args(&assets, &[]);
    let (code, out, err) = snippet(
        &[
            &base[..],
            &[
                "--theme",
                "dark",
                "--lang",
                "ru",
                "--layout",
                "compact",
                "--placement",
                "sidebar",
            ],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("theme=\"dark\" lang=\"ru\" layout=\"compact\" placement=\"sidebar\">"),
        "{out}"
    );
    assert!(out.contains(
        "href=\"https://exchanger.example/ref/P42/?cur_from=BTC&amp;cur_to=SBERRUB&amp;utm_content=sidebar\""
    ), "{out}");
    let (code, out, err) = snippet(
        &[
            &base[..],
            &["--placement", "sidebar", "--placement-param", "pl"],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("placement=\"sidebar\" placement-param=\"pl\">")
            && out.contains("&amp;pl=sidebar\""),
        "{out}"
    );

    for (extra, needle) in [
        (&["--theme", "pink"][..], "theme \"pink\""),
        (&["--lang", "de"][..], "lang \"de\""),
        (&["--layout", "wide"][..], "layout \"wide\""),
        (
            &["--placement", "side bar"][..],
            "placement must be 1 to 64",
        ),
        (
            &["--placement", &"x".repeat(65)][..],
            "placement must be 1 to 64",
        ),
        (
            &["--placement", "home", "--placement-param", "a&b"][..],
            "placement parameter",
        ),
    ] {
        let (code, out, err) = snippet(&[&base[..], extra].concat());
        assert_eq!(code, 1, "{extra:?}");
        assert!(out.is_empty(), "{extra:?}: {out}");
        assert!(err.contains(needle), "{extra:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{extra:?}: {err}");
    }
}

#[tokio::test]
async fn the_route_takes_the_same_options_as_the_cli_and_refuses_bad_ones() {
    let dir = built_assets(b"abc");
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let cfg = config_with_assets(&dir, vec![exchanger_feed("main", &up.url())]);
    let relay = start_relay(cfg).await;
    let c = client();

    let (status, v) = get_snippet(&c, &relay,
        "/snippet?feed=main&from=BTC&to=SBERRUB&theme=light&lang=en&layout=compact&placement=home.top",
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let (_, out, _) = snippet(&main_args(
        &dir.path().to_string_lossy(),
        &[
            "--theme",
            "light",
            "--lang",
            "en",
            "--layout",
            "compact",
            "--placement",
            "home.top",
        ],
    ));
    let html = v["html"].as_str().unwrap();
    assert!(out.starts_with(html), "{v}\n{out}");
    assert!(
        html.contains("theme=\"light\" lang=\"en\" layout=\"compact\" placement=\"home.top\">"),
        "{html}"
    );
    assert!(html.contains("utm_content=home.top\""), "{html}");
    // Blank values are absent, as on the widget.
    let (status, blank) = get_snippet(
        &c,
        &relay,
        "/snippet?feed=main&theme=&lang=&layout=&placement=",
    )
    .await;
    let (_, plain) = get_snippet(&c, &relay, "/snippet?feed=main").await;
    assert_eq!((status, &blank), (200, &plain));

    for query in [
        "theme=pink",
        "theme=DARK",
        "lang=de",
        "layout=wide",
        "placement=a%20b",
        "placement=%3Cb%3E",
        &format!("placement={}", "x".repeat(65)),
    ] {
        let (status, v) = get_snippet(&c, &relay, &format!("/snippet?feed=main&{query}")).await;
        assert_eq!(status, 400, "{query}: {v}");
        assert_eq!(v["error"], "bad_request", "{query}: {v}");
        assert!(v["message"].as_str().unwrap().len() > 10, "{query}: {v}");
    }
    relay.stop().await;
}

#[tokio::test]
async fn the_route_names_the_placement_parameter_the_relay_reads_back() {
    let dir = built_assets(b"abc");
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let mut cfg = config_with_assets(&dir, vec![exchanger_feed("main", &up.url())]);
    cfg.partner.placement_param = Some("pl".into());
    let relay = start_relay(cfg).await;
    let v = get_json(relay.url("/snippet?feed=main&from=BTC&to=ETH&placement=side")).await;
    let html = v["html"].as_str().unwrap();
    assert!(
        html.contains("placement=\"side\" placement-param=\"pl\">"),
        "{html}"
    );
    assert!(html.contains("cur_to=ETH&amp;pl=side\""), "{html}");
    relay.stop().await;
}

#[tokio::test]
async fn compare_layout_points_the_widget_at_the_relays_compare_with_the_first_exchangers_link() {
    let dir = built_assets(b"abc");
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let bare = feed("bare", &up.url(), 3_600_000);
    let main = exchanger_feed("main", &up.url());
    let relay = start_relay(config_with_assets(&dir, vec![bare, main])).await;
    let c = client();
    let assets = dir.path().to_string_lossy().to_string();

    // All feeds: no `feed` needed; the no-JS link goes to the first feed that has an exchanger
    // (bare has none), as the CLI makes it with that exchanger.
    let (status, v) = get_snippet(&c, &relay, "/snippet?layout=compare&from=BTC&to=SBERRUB").await;
    assert_eq!(status, 200, "{v}");
    let html = v["html"].as_str().unwrap();
    assert!(
        html.contains("<ratelink-widget feed=\"https://rates.example.com/compare\" from=\"BTC\" to=\"SBERRUB\"\n                 layout=\"compare\">"),
        "{html}"
    );
    assert!(
        !html.contains("exchanger=") && !html.contains(" ref="),
        "{html}"
    );
    assert!(html.contains(
        "<a href=\"https://exchanger.example/ref/P42/?cur_from=BTC&amp;cur_to=SBERRUB\" rel=\"sponsored noopener\">"
    ), "{html}");
    let (code, out, err) = snippet(&exchanger_args(&["--layout", "compare"], &assets, &[]));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(html), "{v}\n{out}");
    assert!(out.trim_end().ends_with(v["csp"].as_str().unwrap()));

    // Chosen feeds become `?feeds=`; none with an exchanger: no fallback link, as the CLI
    // without --exchanger/--ref.
    let (status, v) = get_snippet(&c, &relay, "/snippet?layout=compare&feeds=bare").await;
    assert_eq!(status, 200, "{v}");
    let html = v["html"].as_str().unwrap();
    assert!(
        html.contains("feed=\"https://rates.example.com/compare?feeds=bare\""),
        "{html}"
    );
    assert!(!html.contains("<a "), "{html}");
    let (code, out, err) = snippet(&[
        "--layout",
        "compare",
        "--feeds",
        "bare",
        "--public-url",
        "https://rates.example.com",
        "--assets",
        &assets,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(html), "{v}\n{out}");
    let (status, v) = get_snippet(&c, &relay, "/snippet?layout=compare&feeds=main,bare").await;
    assert_eq!(status, 200, "{v}");
    assert!(v["html"]
        .as_str()
        .unwrap()
        .contains("compare?feeds=main,bare\""));

    for (path, want, code) in [
        (
            "/snippet?layout=compare&feeds=main,nope",
            404,
            "unknown_feed",
        ),
        (
            "/snippet?layout=compare&feeds=main,main",
            400,
            "bad_request",
        ),
        ("/snippet?layout=full", 400, "bad_request"),
    ] {
        let (status, v) = get_snippet(&c, &relay, path).await;
        assert_eq!(status, want, "{path}: {v}");
        assert_eq!(v["error"], code, "{path}: {v}");
    }
    relay.stop().await;

    // The CLI: single layouts still need --feed, --exchanger and --ref; --feeds is compare's.
    for (args, needle) in [
        (
            &["--exchanger", "https://x.example", "--ref", "P"][..],
            "--feed is needed",
        ),
        (
            &["--feed", "main", "--ref", "P"][..],
            "--exchanger is needed",
        ),
        (
            &[
                "--feed",
                "main",
                "--exchanger",
                "https://x.example",
                "--ref",
                "P",
                "--feeds",
                "a,b",
            ][..],
            "--feeds is for --layout compare",
        ),
    ] {
        let (code, _, err) = snippet(&[args, &["--assets", &assets]].concat());
        assert_eq!(code, 1, "{args:?}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}

#[tokio::test]
async fn forwarding_headers_of_a_peer_that_is_not_a_trusted_proxy_do_not_change_the_urls() {
    let dir = built_assets(b"abc");
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let mut cfg = config_with_assets(&dir, vec![exchanger_feed("main", &up.url())]);
    cfg.trusted_proxies = Default::default();
    let relay = start_relay(cfg).await;
    let r = client()
        .get(relay.url("/snippet?feed=main"))
        .header("host", "rates.example.com")
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    let html = v["html"].as_str().unwrap();
    assert!(
        html.contains("src=\"http://rates.example.com/ratelink.")
            && html.contains("feed=\"http://rates.example.com/feeds/main\""),
        "a client talking to the relay directly cannot choose the scheme or host: {html}"
    );
    assert!(!html.contains("evil.example") && !html.contains("https://rates.example.com"));
}

#[tokio::test]
async fn the_route_joins_repeated_feeds_as_compare_does_and_refuses_other_repeats_in_json() {
    let dir = built_assets(b"abc");
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let feeds = vec![
        exchanger_feed("main", &up.url()),
        feed("alpha", &up.url(), 3_600_000),
        feed("beta", &up.url(), 3_600_000),
    ];
    let relay = start_relay(config_with_assets(&dir, feeds)).await;
    let c = client();

    // `feeds=` repeats as on `/compare`: the same snippet as the comma-separated list.
    let (status, repeated) =
        get_snippet(&c, &relay, "/snippet?layout=compare&feeds=alpha&feeds=beta").await;
    assert_eq!(status, 200, "{repeated}");
    assert!(
        repeated["html"]
            .as_str()
            .unwrap()
            .contains("feed=\"https://rates.example.com/compare?feeds=alpha,beta\""),
        "{repeated}"
    );
    let (_, joined) = get_snippet(&c, &relay, "/snippet?layout=compare&feeds=alpha,beta").await;
    assert_eq!(repeated, joined);
    let (status, v) =
        get_snippet(&c, &relay, "/snippet?layout=compare&feeds=alpha&feeds=nope").await;
    assert_eq!((status, &v["error"]), (404, &"unknown_feed".into()), "{v}");

    for (path, needle) in [
        // Any other parameter given twice is refused, in the relay's JSON.
        ("/snippet?feed=main&feed=alpha", "feed="),
        ("/snippet?feed=main&theme=dark&theme=light", "theme="),
        // `feeds=` is the compare layout's, as the CLI's --feeds: not silently dropped.
        ("/snippet?feed=main&feeds=alpha", "layout=compare"),
        (
            "/snippet?feed=main&layout=compact&feeds=alpha,beta",
            "layout=compare",
        ),
    ] {
        let v = json_error(c.get(relay.url(path)).send().await.unwrap(), 400, path).await;
        assert_eq!(v["error"], "bad_request", "{path}: {v}");
        let message = v["message"].as_str().unwrap();
        assert!(message.contains(needle), "{path}: {v}");
    }
    // A blank `feeds=` is absent, as every other blank option.
    let (status, v) = get_snippet(&c, &relay, "/snippet?feed=main&feeds=").await;
    assert_eq!(status, 200, "{v}");
    relay.stop().await;
}
