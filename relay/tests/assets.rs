//! The widget's files: types, caching rules, codings, validators, path safety.

mod common;

use std::io::Read;

use common::*;

async fn relay_with_assets() -> (Running, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("outside.txt"), "outside").unwrap();
    let root = dir.path().join("www");
    std::fs::create_dir(&root).unwrap();
    let p = root.as_path();
    std::fs::write(
        p.join("index.html"),
        "<!doctype html><title>demo</title><script type=module src=ratelink.js></script>"
            .repeat(10),
    )
    .unwrap();
    std::fs::write(
        p.join("ratelink.js"),
        "export function load(){ return import('./ratelink_bg.3f2a9c1e.js'); }\n".repeat(20),
    )
    .unwrap();
    std::fs::write(
        p.join("ratelink_bg.3f2a9c1e.wasm"),
        [0u8, 97, 115, 109, 1, 0, 0, 0].repeat(100),
    )
    .unwrap();
    std::fs::write(p.join("style.css"), ":host{display:block}\n".repeat(30)).unwrap();
    std::fs::write(
        p.join("dashboard.html"),
        "<!doctype html><title>partner</title>",
    )
    .unwrap();
    std::fs::write(
        p.join("logo.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .unwrap();
    std::fs::create_dir(p.join("sub")).unwrap();
    std::fs::write(p.join("sub/index.html"), "<p>sub</p>").unwrap();
    std::fs::write(p.join(".secret"), "hidden").unwrap();
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let mut cfg = config(vec![feed("ex", &up.url(), 3_600_000)]);
    cfg.assets = Some(p.to_path_buf());
    (start_relay(cfg).await, dir)
}

#[tokio::test]
async fn assets_have_types_caching_and_cors() {
    let (relay, dir) = relay_with_assets().await;
    let cases = [
        ("/", "text/html; charset=utf-8", "no-cache"),
        ("/index.html", "text/html; charset=utf-8", "no-cache"),
        ("/ratelink.js", "text/javascript; charset=utf-8", "no-cache"),
        (
            "/ratelink_bg.3f2a9c1e.wasm",
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
        (
            "/style.css",
            "text/css; charset=utf-8",
            "public, max-age=300",
        ),
        ("/logo.svg", "image/svg+xml", "public, max-age=300"),
        ("/sub/", "text/html; charset=utf-8", "no-cache"),
    ];
    for (path, ty, cc) in cases {
        let r = get_with(&relay, path, &[]).await;
        assert_eq!(r.status().as_u16(), 200, "{path}");
        assert_eq!(r.headers()["content-type"], ty, "{path}");
        assert_eq!(r.headers()["cache-control"], cc, "{path}");
        assert_eq!(r.headers()["access-control-allow-origin"], "*", "{path}");
        assert!(r.headers().get("etag").is_some(), "{path}");
    }
    let wasm = get_with(&relay, "/ratelink_bg.3f2a9c1e.wasm", &[])
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        &wasm[..],
        &std::fs::read(dir.path().join("www/ratelink_bg.3f2a9c1e.wasm")).unwrap()[..]
    );
    relay.stop().await;
}

#[tokio::test]
async fn the_dashboard_page_cannot_be_framed_by_another_site() {
    let (relay, _dir) = relay_with_assets().await;
    let r = get_with(&relay, "/dashboard.html", &[]).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        r.headers()["content-security-policy"],
        "frame-ancestors 'none'"
    );
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    // The demo page and the widget's files stay embeddable and loadable from any site.
    for path in ["/index.html", "/ratelink.js"] {
        let r = get_with(&relay, path, &[]).await;
        assert!(r.headers().get("x-frame-options").is_none(), "{path}");
        assert!(
            r.headers().get("content-security-policy").is_none(),
            "{path}"
        );
    }
    relay.stop().await;
}

#[tokio::test]
async fn assets_are_compressed_and_revalidated() {
    let (relay, dir) = relay_with_assets().await;
    let original = std::fs::read(dir.path().join("www/ratelink.js")).unwrap();

    let r = get_with(&relay, "/ratelink.js", &[("accept-encoding", "br")]).await;
    assert_eq!(r.headers()["content-encoding"], "br");
    assert_eq!(r.headers()["vary"], "Accept-Encoding");
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let body = r.bytes().await.unwrap();
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &body[..], &mut out).unwrap();
    assert_eq!(out, original);

    let r = get_with(&relay, "/ratelink.js", &[("accept-encoding", "gzip")]).await;
    assert_eq!(r.headers()["content-encoding"], "gzip");
    let body = r.bytes().await.unwrap();
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_end(&mut out)
        .unwrap();
    assert_eq!(out, original);

    let r = get_with(&relay, "/ratelink.js", &[("if-none-match", &etag)]).await;
    assert_eq!(r.status().as_u16(), 304);

    // A rebuilt file is picked up (size changes), with a new ETag.
    std::fs::write(dir.path().join("www/ratelink.js"), "export const v = 2;\n").unwrap();
    let r = get_with(&relay, "/ratelink.js", &[("if-none-match", &etag)]).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.text().await.unwrap(), "export const v = 2;\n");
    relay.stop().await;
}

#[tokio::test]
async fn asset_paths_cannot_escape_the_directory() {
    let (relay, dir) = relay_with_assets().await;
    assert!(dir.path().join("outside.txt").exists());
    // reqwest normalizes `..` in URLs, so send raw requests.
    for path in [
        "/../outside.txt",
        "/%2e%2e/outside.txt",
        "/sub/..%2f..%2foutside.txt",
        "/.secret",
        "/%2esecret",
        "/nope.js",
        "/sub/%00",
    ] {
        let status = raw_get_status(relay.addr, path).await;
        assert_eq!(status, 404, "{path}");
    }
    relay.stop().await;
}

async fn raw_get_status(addr: std::net::SocketAddr, path: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf);
    text.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn without_assets_the_root_lists_the_feeds() {
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let relay = relay_on(&up.url(), 3_600_000).await;
    let r = get_with(&relay, "/", &[]).await;
    assert_eq!(r.status().as_u16(), 200);
    let text = r.text().await.unwrap();
    assert!(text.contains("/feeds/ex"), "{text}");
    let r = get_with(&relay, "/ratelink.js", &[]).await;
    assert_eq!(r.status().as_u16(), 404);
    relay.stop().await;
}

#[tokio::test]
async fn brotli_copies_are_upgraded_to_quality_11_in_the_background() {
    let (relay, dir) = relay_with_assets().await;
    let original = std::fs::read(dir.path().join("www/ratelink.js")).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut seen = Vec::new();
    loop {
        let r = get_with(&relay, "/ratelink.js", &[("accept-encoding", "br")]).await;
        let etag = r.headers()["etag"].to_str().unwrap().to_string();
        let body = r.bytes().await.unwrap();
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &body[..], &mut out).unwrap();
        assert_eq!(out, original, "{etag}");
        assert!(
            etag.ends_with("-br\"") || etag.ends_with("-brq\""),
            "{etag}"
        );
        seen.push(etag.clone());
        if etag.ends_with("-br\"") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never upgraded: {seen:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    relay.stop().await;
}
