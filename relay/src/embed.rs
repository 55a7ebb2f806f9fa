//! The embed snippet for this relay: the served loader's SRI hash plus `ratelink_core::snippet`, for the CLI and `GET /snippet`.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use base64::Engine;
use ratelink_core::snippet::{self, PinnedFile, Snippet, SnippetOptions};
use sha2::{Digest, Sha384};

use crate::assets::{AssetError, Assets};
use crate::client_addr::Client;
use crate::error::{no_store_json, ApiError};
use crate::extract::Query;
use crate::http::AppState;

/// The file `scripts/build-web.sh` writes next to the bundles: `{"loader": "ratelink.HASH.js"}`.
pub const MANIFEST: &str = "ratelink-embed.json";

/// The Subresource Integrity value of `bytes`: `sha384-` and the base64 digest.
pub fn sri(bytes: &[u8]) -> String {
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The hashed loader named by the build's manifest, with the SRI value of the bytes served.
///
/// # Errors
/// [`ApiError::NotBuilt`] when the manifest or the file it names is missing or unreadable.
pub async fn pinned_loader(assets: &Assets) -> Result<PinnedFile, ApiError> {
    let read = |what: String, e: AssetError| {
        ApiError::NotBuilt(match e {
            AssetError::NotFound => format!(
                "{what} is missing in {} (build it with scripts/build-web.sh)",
                assets.root().display()
            ),
            AssetError::Io(e) => format!("cannot read {what}: {e}"),
        })
    };
    let manifest = assets
        .get(&format!("/{MANIFEST}"))
        .await
        .map_err(|e| read(MANIFEST.to_string(), e))?;
    let name = serde_json::from_slice::<serde_json::Value>(&manifest.identity)
        .ok()
        .and_then(|v| v.get("loader")?.as_str().map(str::to_string))
        .ok_or_else(|| ApiError::NotBuilt(format!("{MANIFEST} names no loader")))?;
    if name.contains('/') {
        return Err(ApiError::NotBuilt(format!(
            "{MANIFEST} names {name:?}, not a file"
        )));
    }
    let file = assets
        .get(&format!("/{name}"))
        .await
        .map_err(|e| read(name.clone(), e))?;
    Ok(PinnedFile {
        integrity: sri(&file.identity),
        name,
    })
}

/// The snippet for `options` over the files in `assets`.
///
/// # Errors
/// Missing build output, or options [`snippet::build`] refuses.
pub async fn snippet_for(assets: &Assets, options: &SnippetOptions) -> Result<Snippet, ApiError> {
    let loader = pinned_loader(assets).await?;
    snippet::build(&loader, options).map_err(ApiError::BadSnippet)
}

/// `GET /snippet` query: the feed (compare layout: the feeds), an optional preselected pair, and
/// the widget's look and placement (each checked as the widget checks its attribute). A typed
/// extractor: a parameter other than `feeds` given twice is `400 bad_request`.
#[derive(Debug, Default)]
pub struct SnippetQuery {
    /// Feed name (needed except with `layout=compare`).
    pub feed: Option<String>,
    /// `layout=compare`: the feeds compared, `a,b` (repeating `feeds=` adds names, as on
    /// `/compare`; absent: all the relay's feeds).
    pub feeds: Option<String>,
    /// Currency to give.
    pub from: Option<String>,
    /// Currency to get.
    pub to: Option<String>,
    /// `auto`, `light` or `dark`.
    pub theme: Option<String>,
    /// `en` or `ru`.
    pub lang: Option<String>,
    /// `full`, `compact` or `compare`.
    pub layout: Option<String>,
    /// The placement name the widget's links carry (`utm_content`).
    pub placement: Option<String>,
}

/// The relay's public base URL as the client reached it: the scheme and host of a trusted
/// reverse proxy's `X-Forwarded-Proto`/`-Host`, else `http` and `Host` (a client talking to
/// the relay directly cannot pick them). Checked by the snippet builder.
fn public_url(client: &Client) -> String {
    let proto = if client.https { "https" } else { "http" };
    format!("{proto}://{}", client.host.as_deref().unwrap_or(""))
}

async fn snippet_route(
    State(app): State<AppState>,
    query: SnippetQuery,
    client: Client,
) -> Result<Response, ApiError> {
    let assets = app.assets.as_ref().ok_or(ApiError::NoAssets)?;
    let slot_of = |name: &str| {
        app.feeds
            .get(name)
            .ok_or_else(|| ApiError::SnippetUnknownFeed {
                feed: name.to_string(),
                feeds: app.order.iter().map(|s| s.config.name.clone()).collect(),
            })
    };
    let compare = query.layout.as_deref().map(str::trim) == Some(snippet::COMPARE);
    let listed = |names: &str| names.split(',').any(|n| !n.trim().is_empty());
    if !compare && query.feeds.as_deref().is_some_and(listed) {
        // As the CLI refuses --feeds without --layout compare.
        return Err(ApiError::BadSnippet(snippet::SnippetError::Feeds(
            "only with layout=compare (one widget, several feeds); other layouts show the one feed= names".into(),
        )));
    }
    let feed = query.feed.unwrap_or_default();
    let mut feeds: Vec<String> = Vec::new();
    let (exchanger, ref_code) = if compare {
        // The no-JS link goes to the first compared exchanger with a base and code; none has
        // one: no link (the widget itself needs neither).
        for name in query.feeds.as_deref().unwrap_or("").split(',') {
            let name = name.trim();
            if !name.is_empty() {
                slot_of(name)?;
                feeds.push(name.to_string());
            }
        }
        let chosen: Vec<_> = if feeds.is_empty() {
            app.order.iter().collect()
        } else {
            feeds.iter().filter_map(|f| app.feeds.get(f)).collect()
        };
        chosen
            .iter()
            .find_map(|s| {
                let e = &s.config.exchanger;
                e.base.clone().zip(e.ref_code.clone())
            })
            .unwrap_or_default()
    } else {
        if feed.trim().is_empty() {
            return Err(ApiError::BadSnippet(snippet::SnippetError::FeedName(feed)));
        }
        let exchanger = &slot_of(&feed)?.config.exchanger;
        let (Some(base), Some(ref_code)) = (&exchanger.base, &exchanger.ref_code) else {
            return Err(ApiError::NoExchanger(feed));
        };
        (base.clone(), ref_code.clone())
    };
    let options = SnippetOptions {
        relay: public_url(&client),
        feed,
        feeds,
        exchanger,
        ref_code,
        from: query.from,
        to: query.to,
        theme: query.theme,
        lang: query.lang,
        layout: query.layout,
        placement: query.placement,
        // The widget must tag links with the parameter `GET /partner/placements` reads back.
        placement_param: app.partner.placement_param.clone(),
    };
    let s = snippet_for(assets, &options).await?;
    Ok(no_store_json(
        StatusCode::OK,
        serde_json::json!({"html": s.html, "csp": s.csp}).to_string(),
    ))
}

/// `GET /snippet?feed=NAME[&from=X&to=Y][&theme=T][&lang=L][&layout=L][&placement=P]`, or
/// `GET /snippet?layout=compare[&feeds=a,b]...` (the relay's `/compare`):
/// `{"html", "csp"}` for this relay as the client reached it (same origin only; never cached).
pub fn router() -> Router<AppState> {
    Router::new().route("/snippet", get(snippet_route))
}

impl SnippetQuery {
    /// The query from its `key=value` pairs, in order. `feeds` may repeat (its values join as
    /// one list); any other known key given twice is refused; unknown keys are ignored.
    ///
    /// # Errors
    /// [`ApiError::BadRequest`] naming the repeated key.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Result<SnippetQuery, ApiError> {
        let mut q = SnippetQuery::default();
        let mut feeds: Vec<String> = Vec::new();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "feeds" => {
                    feeds.push(value);
                    continue;
                }
                "feed" => &mut q.feed,
                "from" => &mut q.from,
                "to" => &mut q.to,
                "theme" => &mut q.theme,
                "lang" => &mut q.lang,
                "layout" => &mut q.layout,
                "placement" => &mut q.placement,
                _ => continue,
            };
            if slot.is_some() {
                return Err(ApiError::BadRequest(format!(
                    "{key}= is given more than once (only feeds= may repeat)"
                )));
            }
            *slot = Some(value);
        }
        q.feeds = (!feeds.is_empty()).then(|| feeds.join(","));
        Ok(q)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SnippetQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<SnippetQuery, ApiError> {
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state).await?;
        SnippetQuery::from_pairs(pairs)
    }
}
