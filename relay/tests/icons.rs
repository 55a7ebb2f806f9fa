//! The per-feed icon sprite: named in the feed, only the feed's currencies, coin art from the
//! assets' `icons/` dir and monograms for the rest, immutable and content-hashed, brotli.

mod common;

use common::*;

const BTC_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><circle cx=\"16\" cy=\"16\" r=\"16\" fill=\"#F7931A\"/></svg>";
const USDT_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><circle cx=\"16\" cy=\"16\" r=\"16\" fill=\"#26A17B\"/></svg>";
const ETH_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><circle cx=\"16\" cy=\"16\" r=\"16\" fill=\"#627EEA\"/></svg>";
const EVIL_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";

/// An assets dir whose `icons/` holds BTC, USDT and ETH art and a refused file for PMUSD.
fn assets_with_icons() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let icons = dir.path().join("icons");
    std::fs::create_dir(&icons).unwrap();
    for (name, svg) in [
        ("btc", BTC_SVG),
        ("usdt", USDT_SVG),
        ("eth", ETH_SVG),
        ("pmusd", EVIL_SVG),
    ] {
        std::fs::write(icons.join(format!("{name}.svg")), svg).unwrap();
    }
    dir
}

async fn sprite_path(relay: &Running) -> String {
    let (status, feed) = get_feed(relay, "ex").await;
    assert_eq!(status, 200);
    let path = feed["icons"]
        .as_str()
        .expect("the feed names its sprite")
        .to_string();
    assert!(
        path.starts_with("/feeds/ex/icons.") && path.ends_with(".svg"),
        "{path}"
    );
    path
}

#[tokio::test]
async fn the_sprite_holds_the_feeds_currencies_and_follows_its_content() {
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let assets = assets_with_icons();
    let mut cfg = config(vec![feed("ex", &up.url(), 150)]);
    cfg.assets = Some(assets.path().to_path_buf());
    let relay = start_relay(cfg).await;
    wait_first_fetch(&relay, "ex").await;

    let path = sprite_path(&relay).await;
    let r = get_with(
        &relay,
        &path,
        &[
            ("accept-encoding", "br"),
            ("origin", "https://partner.example"),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "image/svg+xml");
    assert_eq!(h["content-encoding"], "br");
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(h["access-control-allow-origin"], "*");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let etag = h["etag"].to_str().unwrap().to_string();
    let br = r.bytes().await.unwrap();
    let mut svg = Vec::new();
    brotli::BrotliDecompress(&mut &br[..], &mut svg).unwrap();
    let svg = String::from_utf8(svg).unwrap();

    // GOOD_TXT: PMUSD, SBERRUB, BTC, USDTTRC20 — each once, nothing else (no ETH).
    assert_eq!(svg.matches("<symbol").count(), 4, "{svg}");
    for code in ["PMUSD", "SBERRUB", "BTC", "USDTTRC20"] {
        assert!(
            svg.contains(&format!("<symbol id=\"rl-i-{code}\"")),
            "{code}: {svg}"
        );
    }
    assert!(!svg.contains("#627EEA"), "ETH is not in the feed");
    assert!(svg.contains("#F7931A"), "BTC uses the coin art");
    assert!(svg.contains("#26A17B"), "USDTTRC20 uses the USDT art");
    assert!(
        svg.contains(">TR</text>"),
        "the TRC20 network is a monogram badge"
    );
    assert!(svg.contains(">SB</text>"), "a bank gets a monogram");
    assert!(
        svg.contains(">PM</text>"),
        "an e-money code gets a monogram"
    );
    assert!(!svg.contains("<script"), "{svg}");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));

    // Revalidation by ETag; the name is immutable, so another name is a 404.
    let again = get_with(
        &relay,
        &path,
        &[("accept-encoding", "br"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(again.status(), 304);
    let wrong = get_with(&relay, "/feeds/ex/icons.000000000000.svg", &[]).await;
    assert_eq!(wrong.status(), 404);

    // Another set of currencies: another sprite under another name.
    up.set(Mode::Good("BTC;ETH;1;30;100;;\n"));
    *up.etag.lock().unwrap() = "\"v2\"";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let new_path = loop {
        let p = sprite_path(&relay).await;
        if p != path {
            break p;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "sprite name never changed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let svg = get_with(&relay, &new_path, &[]).await.text().await.unwrap();
    assert_eq!(svg.matches("<symbol").count(), 2, "{svg}");
    assert!(svg.contains("#627EEA") && svg.contains("#F7931A"));
    assert_eq!(
        get_with(&relay, &path, &[]).await.status(),
        404,
        "the old name is gone with its content"
    );
    relay.stop().await;
}

#[tokio::test]
async fn without_icon_art_every_currency_gets_a_monogram() {
    let (_up, relay) = relay_on_good_upstream(60_000).await;
    let path = sprite_path(&relay).await;
    let svg = get_with(&relay, &path, &[]).await.text().await.unwrap();
    assert_eq!(svg.matches("<symbol").count(), 4);
    assert_eq!(
        svg.matches("<text").count(),
        5,
        "4 monograms + 1 network badge: {svg}"
    );
    relay.stop().await;
}
