//! `GET /compare`: several feeds' directions in one document, tagged with their exchanger,
//! codes matched through the catalogue's aliases.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use bytes::Bytes;
use ratelink_core::compare::alias_target;
use ratelink_core::currency::{names_of, CurrencyInfo};
use ratelink_core::json::write_str;
use serde::Serialize;
use tokio::sync::{watch, Notify};

use crate::encoding;
use crate::error::ApiError;
use crate::extract::{Path, Query};
use crate::feed::{cache_control_for, etags_for, whole_seconds, CompareView, FeedSlot, Sprite};
use crate::http::{AppState, FeedCors};
use crate::icons::IconSet;
use crate::time::rfc3339;

/// Most feed names one `?feeds=` may list.
pub const MAX_SELECTED: usize = 64;
/// Most documents kept at once (any feed's refresh empties the cache); the one over all feeds
/// stays when subsets are dropped.
const MAX_CACHED_DOCS: usize = 8;
/// Wait after a feed's refresh before rebuilding, so feeds refreshed together cost one build.
const REBUILD_DELAY: Duration = Duration::from_millis(100);
/// Brotli quality of the documents (as for a feed, see `feed.rs`).
const BROTLI_QUALITY: u32 = 7;

/// One direction of a feed, written once: its codes and the lean JSON after them.
#[derive(Debug)]
struct DirFrag {
    from: String,
    to: String,
    /// The direction's JSON after `{"from":…,"to":…`, without the closing brace.
    rest: String,
}

/// A feed's copy read for merging.
#[derive(Debug)]
struct FeedFrags {
    /// The copy they were read from.
    json: Bytes,
    dirs: Vec<DirFrag>,
    /// The `names` the copy carries.
    names: Vec<CurrencyInfo>,
    /// Every code of the copy, once, in order of first use.
    codes: Vec<String>,
    /// The catalogue's code for each of `codes` that is an alias ([`alias_target`]).
    targets: Vec<Option<String>>,
}

impl FeedFrags {
    /// Each code with the catalogue's code it is an alias of, if it is one.
    fn codes_and_targets(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.codes
            .iter()
            .zip(&self.targets)
            .map(|(c, t)| (c.as_str(), t.as_deref()))
    }
}

impl FeedFrags {
    fn read(json: &Bytes) -> Result<FeedFrags, String> {
        let text = std::str::from_utf8(json).map_err(|e| e.to_string())?;
        let feed = ratelink_core::feed::parse_normalized(text).map_err(|e| e.to_string())?;
        let mut dirs = Vec::with_capacity(feed.directions.len());
        let mut codes = Vec::new();
        let mut seen = HashSet::new();
        let mut written = String::new();
        for d in &feed.directions {
            written.clear();
            ratelink_core::feed::write_lean_direction(&mut written, d);
            let mut head = String::from("{\"from\":");
            write_str(&mut head, &d.from);
            head.push_str(",\"to\":");
            write_str(&mut head, &d.to);
            let rest = written
                .strip_prefix(head.as_str())
                .and_then(|r| r.strip_suffix('}'))
                .ok_or_else(|| format!("unexpected direction JSON {written:?}"))?;
            for code in [&d.from, &d.to] {
                if seen.insert(code.clone()) {
                    codes.push(code.clone());
                }
            }
            dirs.push(DirFrag {
                from: d.from.clone(),
                to: d.to.clone(),
                rest: rest.to_string(),
            });
        }
        let targets = codes.iter().map(|c| alias_target(c)).collect();
        Ok(FeedFrags {
            json: json.clone(),
            dirs,
            names: feed.names,
            codes,
            targets,
        })
    }
}

/// What a document was built from: every feed's view (a change anywhere may change the icon
/// sprite every document names).
#[derive(Clone, Debug, PartialEq, Eq)]
struct ViewKey {
    json: Option<(usize, usize)>,
    fetched_at: Option<SystemTime>,
    stale: bool,
    error: Option<(String, String)>,
}

impl ViewKey {
    fn of(v: &CompareView) -> ViewKey {
        ViewKey {
            json: v.json.as_ref().map(|j| (j.as_ptr() as usize, j.len())),
            fetched_at: v.fetched_at,
            stale: v.stale,
            error: v.error.clone(),
        }
    }
}

/// A built document in three codings.
#[derive(Debug)]
pub struct CompareDoc {
    /// Uncompressed JSON.
    pub identity: Bytes,
    /// Gzip-compressed.
    pub gzip: Bytes,
    /// Brotli-compressed.
    pub br: Bytes,
    /// Entity tag without quotes or coding suffix.
    pub etag_base: String,
    /// `ETag` values for identity, gzip and br.
    pub etags: [HeaderValue; 3],
    /// The latest `fetched_at` of the feeds shown, if any has a copy.
    pub last_modified: Option<HeaderValue>,
}

/// Documents built for the current state of the feeds, by selection (indices in config order).
#[derive(Default)]
struct DocCache {
    /// The feeds' generations the documents are known to be current for (a request compares
    /// these, taking no feed's lock).
    generations: Vec<u64>,
    /// The feeds' views they were built from (a refresh that changed nothing keeps them).
    views: Vec<ViewKey>,
    docs: HashMap<Vec<usize>, Arc<CompareDoc>>,
}

/// The `/compare` documents of a relay's feeds. The document over all feeds is rebuilt (and
/// compressed once) shortly after any feed's refresh; a `?feeds=a,b` subset is built on its
/// first request and kept until a feed changes. A feed's copy is read back into ready-to-write
/// fragments once per new copy, so a rebuild writes and compresses but parses nothing unchanged.
pub struct CompareHub {
    slots: Vec<Arc<FeedSlot>>,
    icons: Arc<IconSet>,
    changed: Arc<Notify>,
    /// `Cache-Control`, from the shortest refresh interval of the feeds.
    pub cache_control: HeaderValue,
    frags: Mutex<HashMap<String, Arc<FeedFrags>>>,
    sprite: RwLock<Option<(Vec<String>, Arc<Sprite>)>>,
    docs: Mutex<DocCache>,
    /// Held while building, so one build runs at a time and others find its result.
    building: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for CompareHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompareHub")
            .field("feeds", &self.slots.len())
            .finish_non_exhaustive()
    }
}

/// One entry of `exchangers`.
#[derive(Serialize)]
struct ExchangerEntry<'a> {
    id: &'a str,
    title: &'a str,
    exchanger: Option<&'a str>,
    #[serde(rename = "ref")]
    ref_code: Option<&'a str>,
    link_template: Option<&'a str>,
    fetched_at: Option<String>,
    stale: bool,
    directions: usize,
    error: Option<ErrorEntry<'a>>,
}

#[derive(Serialize)]
struct ErrorEntry<'a> {
    kind: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct AliasEntry<'a> {
    exchanger: &'a str,
    code: &'a str,
    #[serde(rename = "as")]
    target: &'a str,
}

impl CompareHub {
    /// A hub over `slots` (config order) whose sprites draw from `icons`; wake `changed` when a
    /// feed changes (see [`FeedSlot::with_notify`]).
    pub fn new(slots: Vec<Arc<FeedSlot>>, icons: Arc<IconSet>, changed: Arc<Notify>) -> Self {
        let shortest = slots
            .iter()
            .map(|s| s.config.refresh)
            .min()
            .unwrap_or(crate::config::DEFAULT_REFRESH);
        CompareHub {
            slots,
            icons,
            changed,
            cache_control: cache_control_for(shortest),
            frags: Mutex::new(HashMap::new()),
            sprite: RwLock::new(None),
            docs: Mutex::new(DocCache::default()),
            building: tokio::sync::Mutex::new(()),
        }
    }

    /// Index of each feed name.
    fn index_of(&self, name: &str) -> Option<usize> {
        self.slots.iter().position(|s| s.config.name == name)
    }

    /// The selection `?feeds=` asks for: indices in config order, each once; all feeds when
    /// absent or empty. A refusal carries `cors`, the request's CORS answer.
    pub fn select(&self, feeds: Option<&str>, cors: &FeedCors) -> Result<Vec<usize>, ApiError> {
        let names: Vec<&str> = feeds
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .take(MAX_SELECTED + 1)
            .collect();
        if names.is_empty() {
            return Ok((0..self.slots.len()).collect());
        }
        if names.len() > MAX_SELECTED {
            return Err(ApiError::TooManyFeeds { cors: cors.clone() });
        }
        let mut picked = Vec::with_capacity(names.len());
        for name in names {
            let Some(i) = self.index_of(name) else {
                return Err(ApiError::UnknownFeed {
                    feed: name.chars().take(100).collect(),
                    feeds: self.slots.iter().map(|s| s.config.name.clone()).collect(),
                    cors: cors.clone(),
                });
            };
            picked.push(i);
        }
        picked.sort_unstable();
        picked.dedup();
        Ok(picked)
    }

    fn views(&self) -> Vec<CompareView> {
        self.slots.iter().map(|s| s.compare_view()).collect()
    }

    fn generations(&self) -> Vec<u64> {
        self.slots.iter().map(|s| s.generation()).collect()
    }

    /// The cached document for `selection` if no feed changed since it was built.
    fn cached(&self, generations: &[u64], selection: &[usize]) -> Option<Arc<CompareDoc>> {
        let docs = self.docs.lock().unwrap_or_else(|p| p.into_inner());
        (docs.generations == generations)
            .then(|| docs.docs.get(selection).cloned())
            .flatten()
    }

    /// The document for `selection`, built now (CPU work: call from a blocking context) unless
    /// one for the current state of the feeds is cached.
    pub fn build_now(&self, selection: &[usize]) -> Arc<CompareDoc> {
        // Generations first: a change after this point leaves them behind, so it is seen.
        let generations = self.generations();
        let views = self.views();
        let key: Vec<ViewKey> = views.iter().map(ViewKey::of).collect();
        {
            let mut docs = self.docs.lock().unwrap_or_else(|p| p.into_inner());
            if docs.views != key {
                docs.views = key.clone();
                docs.docs.clear();
            }
            docs.generations = generations;
            if let Some(doc) = docs.docs.get(selection) {
                return doc.clone();
            }
        }
        let doc = Arc::new(self.build(&views, selection));
        let mut docs = self.docs.lock().unwrap_or_else(|p| p.into_inner());
        if docs.views == key {
            if docs.docs.len() >= MAX_CACHED_DOCS {
                // Keep the document over all feeds; drop the subsets.
                let all: Vec<usize> = (0..self.slots.len()).collect();
                docs.docs.retain(|k, _| *k == all);
            }
            docs.docs.insert(selection.to_vec(), doc.clone());
        }
        doc
    }

    /// The document for `selection`: the cached one (found without taking any feed's lock), or
    /// built on a blocking thread (one build at a time).
    pub async fn get(self: &Arc<Self>, selection: Vec<usize>) -> Arc<CompareDoc> {
        if let Some(doc) = self.cached(&self.generations(), &selection) {
            return doc;
        }
        let _building = self.building.lock().await;
        let me = self.clone();
        let sel = selection.clone();
        match tokio::task::spawn_blocking(move || me.build_now(&sel)).await {
            Ok(doc) => doc,
            // The build panicked (a bug): build in place rather than answer nothing.
            Err(_) => self.build_now(&selection),
        }
    }

    /// Rebuilds the document over all feeds if they changed (called after refreshes).
    pub fn refresh_all(&self) {
        let all: Vec<usize> = (0..self.slots.len()).collect();
        self.build_now(&all);
    }

    /// The fragments of each view's copy, read again only for a new copy.
    fn frags_for(&self, views: &[CompareView]) -> Vec<Option<Arc<FeedFrags>>> {
        let mut cache = self.frags.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = Vec::with_capacity(views.len());
        for (slot, view) in self.slots.iter().zip(views) {
            let name = &slot.config.name;
            let Some(json) = &view.json else {
                cache.remove(name);
                out.push(None);
                continue;
            };
            let current = cache.get(name).filter(|f| {
                (f.json.as_ptr() == json.as_ptr() && f.json.len() == json.len()) || f.json == *json
            });
            let frags = match current {
                Some(f) => Some(f.clone()),
                None => match FeedFrags::read(json) {
                    Ok(f) => {
                        let f = Arc::new(f);
                        cache.insert(name.clone(), f.clone());
                        Some(f)
                    }
                    Err(e) => {
                        tracing::error!(feed = %name, error = %e, "cannot read the feed's copy for /compare");
                        None
                    }
                },
            };
            out.push(frags);
        }
        out
    }

    /// The sprite of every code any document may show: each feed's codes and their alias
    /// targets (a document shows one or the other).
    fn sprite_for(&self, frags: &[Option<Arc<FeedFrags>>]) -> Arc<Sprite> {
        let mut codes: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for f in frags.iter().flatten() {
            for (code, target) in f.codes_and_targets() {
                for c in std::iter::once(code).chain(target) {
                    if seen.insert(c) {
                        codes.push(c.to_string());
                    }
                }
            }
        }
        if let Some((built_for, sprite)) = self
            .sprite
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            if *built_for == codes {
                return sprite.clone();
            }
        }
        let sprite = Arc::new(Sprite::build(&self.icons, codes.iter().map(String::as_str)));
        *self.sprite.write().unwrap_or_else(|p| p.into_inner()) = Some((codes, sprite.clone()));
        sprite
    }

    /// The current sprite, if `file` names it.
    pub fn sprite_named(&self, file: &str) -> Option<Arc<Sprite>> {
        self.sprite
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .filter(|(_, s)| s.file == file)
            .map(|(_, s)| s.clone())
    }

    fn build(&self, views: &[CompareView], selection: &[usize]) -> CompareDoc {
        let frags = self.frags_for(views);
        let sprite = self.sprite_for(&frags);
        let json = write_document(&self.slots, views, &frags, selection, &sprite.file);
        let digest = sha1_smol::Sha1::from(&json[..]).digest().to_string();
        let etag_base = digest[..20].to_string();
        let last_modified = selection
            .iter()
            .filter_map(|&i| views[i].fetched_at)
            .max()
            .map(|t| httpdate::fmt_http_date(whole_seconds(t)))
            .and_then(|d| HeaderValue::from_str(&d).ok());
        CompareDoc {
            gzip: Bytes::from(encoding::gzip(json.as_bytes(), 9)),
            br: Bytes::from(encoding::brotli(
                json.as_bytes(),
                BROTLI_QUALITY,
                encoding::window_for(json.len()),
            )),
            etags: etags_for(&etag_base),
            etag_base,
            last_modified,
            identity: Bytes::from(json),
        }
    }
}

/// The code each code of the selected feeds is shown as: a catalogue alias is rewritten to its
/// target only when the selected feeds write that currency in more than one way.
fn rewrites<'a>(frags: impl Iterator<Item = &'a FeedFrags>) -> HashMap<&'a str, String> {
    let mut groups: HashMap<&'a str, Vec<&'a str>> = HashMap::new();
    for f in frags {
        for (code, target) in f.codes_and_targets() {
            let group = groups.entry(target.unwrap_or(code)).or_default();
            if !group.contains(&code) {
                group.push(code);
            }
        }
    }
    let mut out = HashMap::new();
    for (target, codes) in groups {
        if codes.len() > 1 {
            for code in codes {
                if code != target {
                    out.insert(code, target.to_string());
                }
            }
        }
    }
    out
}

/// The document: `format`, `exchangers`, `directions`, `names`, `aliases`, `icons`.
fn write_document(
    slots: &[Arc<FeedSlot>],
    views: &[CompareView],
    frags: &[Option<Arc<FeedFrags>>],
    selection: &[usize],
    sprite_file: &str,
) -> String {
    let selected: Vec<(usize, Option<&FeedFrags>)> = selection
        .iter()
        .map(|&i| (i, frags[i].as_deref()))
        .collect();
    let rewrite = rewrites(selected.iter().filter_map(|(_, f)| *f));
    let as_shown = |code: &str| -> String {
        rewrite
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    };

    let size: usize = selected
        .iter()
        .filter_map(|(_, f)| *f)
        .map(|f| f.json.len() + f.dirs.len() * 24)
        .sum();
    let mut s = String::with_capacity(1024 + size);
    s.push_str("{\"format\":\"compare\",\"exchangers\":");
    let entries: Vec<ExchangerEntry<'_>> = selected
        .iter()
        .map(|&(i, f)| {
            let ex = &slots[i].config.exchanger;
            let view = &views[i];
            let error = match (f, &view.error) {
                (Some(_), _) => None,
                (None, Some((kind, message))) => Some(ErrorEntry { kind, message }),
                (None, None) => Some(ErrorEntry {
                    kind: "internal",
                    message: "the feed's copy could not be read",
                }),
            };
            ExchangerEntry {
                id: &slots[i].config.name,
                title: ex.title.as_deref().unwrap_or(&slots[i].config.name),
                exchanger: ex.base.as_deref(),
                ref_code: ex.ref_code.as_deref(),
                link_template: ex.link_template.as_deref(),
                fetched_at: f.and(view.fetched_at).map(rfc3339),
                stale: f.is_some() && view.stale,
                directions: f.map_or(0, |f| f.dirs.len()),
                error,
            }
        })
        .collect();
    s.push_str(&serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into()));

    s.push_str(",\"directions\":[");
    let mut first = true;
    for &(i, f) in &selected {
        let Some(f) = f else { continue };
        let id = &slots[i].config.name;
        for d in &f.dirs {
            if !first {
                s.push(',');
            }
            first = false;
            s.push_str("{\"from\":");
            write_str(&mut s, &as_shown(&d.from));
            s.push_str(",\"to\":");
            write_str(&mut s, &as_shown(&d.to));
            s.push_str(&d.rest);
            s.push_str(",\"exchanger\":");
            write_str(&mut s, id);
            s.push('}');
        }
    }
    s.push(']');

    // Names: the catalogue's, most common first, as each feed carries them where it does;
    // then names a feed carries for codes the catalogue does not know.
    let mut shown_codes: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for (_, f) in &selected {
        for code in f.iter().flat_map(|f| &f.codes) {
            let c = as_shown(code);
            if seen.insert(c.clone()) {
                shown_codes.push(c);
            }
        }
    }
    let mut carried_by_code: HashMap<&str, &CurrencyInfo> = HashMap::new();
    for f in selected.iter().filter_map(|(_, f)| *f) {
        for n in &f.names {
            carried_by_code.entry(n.code.as_str()).or_insert(n);
        }
    }
    let carried = |code: &str| carried_by_code.get(code).copied();
    let mut names: Vec<CurrencyInfo> = names_of(shown_codes.iter().map(String::as_str))
        .into_iter()
        .map(|info| carried(&info.code).cloned().unwrap_or(info))
        .collect();
    for code in &shown_codes {
        if !names.iter().any(|n| &n.code == code) {
            if let Some(n) = carried(code) {
                names.push(n.clone());
            }
        }
    }
    s.push_str(",\"names\":");
    ratelink_core::feed::write_names(&mut s, &names);

    let mut aliases = Vec::new();
    for &(i, f) in &selected {
        for code in f.iter().flat_map(|f| &f.codes) {
            if let Some(target) = rewrite.get(code.as_str()) {
                aliases.push(AliasEntry {
                    exchanger: &slots[i].config.name,
                    code,
                    target,
                });
            }
        }
    }
    s.push_str(",\"aliases\":");
    s.push_str(&serde_json::to_string(&aliases).unwrap_or_else(|_| "[]".into()));
    s.push_str(",\"icons\":");
    write_str(&mut s, &format!("/compare/{sprite_file}"));
    s.push('}');
    s
}

/// Rebuilds the document over all feeds after feeds change, until `shutdown` turns true.
pub async fn run_rebuilder(hub: Arc<CompareHub>, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        tokio::select! {
            _ = hub.changed.notified() => {}
            _ = shutdown.changed() => return,
        }
        tokio::select! {
            _ = tokio::time::sleep(REBUILD_DELAY) => {}
            _ = shutdown.changed() => return,
        }
        let _building = hub.building.lock().await;
        let me = hub.clone();
        if let Err(e) = tokio::task::spawn_blocking(move || me.refresh_all()).await {
            tracing::error!(error = %e, "rebuilding /compare failed");
        }
    }
}

/// `GET /compare[?feeds=a,b]`.
pub async fn compare_json(
    State(app): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
    cors: FeedCors,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    // `feeds=a,b` (repeating the parameter adds names); other parameters are ignored.
    let feeds: Vec<&str> = query
        .iter()
        .filter(|(k, _)| k == "feeds")
        .map(|(_, v)| v.as_str())
        .collect();
    let feeds = (!feeds.is_empty()).then(|| feeds.join(","));
    let selection = app.compare.select(feeds.as_deref(), &cors)?;
    let doc = app.compare.get(selection).await;
    let mut r = crate::http::negotiated(
        &headers,
        [&doc.identity, &doc.gzip, &doc.br],
        &doc.etags,
        crate::http::if_none_match(&headers, &doc.etag_base),
        HeaderValue::from_static("application/json"),
    );
    let h = r.headers_mut();
    if let Some(lm) = &doc.last_modified {
        h.insert(header::LAST_MODIFIED, lm.clone());
    }
    h.insert(header::CACHE_CONTROL, app.compare.cache_control.clone());
    cors.apply(h);
    Ok(r)
}

/// `GET /compare/icons.HASH.svg`: the sprite the documents name (immutable, like a feed's).
pub async fn compare_icons(
    State(app): State<AppState>,
    Path(file): Path<String>,
    cors: FeedCors,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let sprite = app
        .compare
        .sprite_named(&file)
        .ok_or_else(|| ApiError::NoCompareFile { cors: cors.clone() })?;
    Ok(crate::http::sprite_response(&sprite, &cors, &headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frags(codes: &[&str]) -> FeedFrags {
        FeedFrags {
            json: Bytes::new(),
            dirs: Vec::new(),
            names: Vec::new(),
            codes: codes.iter().map(|c| c.to_string()).collect(),
            targets: codes.iter().map(|c| alias_target(c)).collect(),
        }
    }

    #[test]
    fn aliases_are_rewritten_only_where_feeds_disagree() {
        let a = frags(&["BTC", "USDTTRC20", "SBRUB"]);
        let b = frags(&["BTC", "USDTTRC", "SBRUB"]);
        let c = frags(&["USDTTRX", "TCSRUB"]);
        let r = rewrites([&a, &b, &c].into_iter());
        let mut got: Vec<(&str, &str)> = r.iter().map(|(k, v)| (*k, v.as_str())).collect();
        got.sort_unstable();
        assert_eq!(
            got,
            [("USDTTRC", "USDTTRC20"), ("USDTTRX", "USDTTRC20")],
            "SBRUB is written one way only; TCSRUB by one feed only"
        );
        let d = frags(&["USDTTRC", "SBRUB"]);
        let e = frags(&["USDTTRX", "SBERRUB"]);
        let r = rewrites([&d, &e].into_iter());
        assert_eq!(r.get("USDTTRC").map(String::as_str), Some("USDTTRC20"));
        assert_eq!(
            r.get("USDTTRX").map(String::as_str),
            Some("USDTTRC20"),
            "two aliases meet at the catalogue's code"
        );
        assert_eq!(r.get("SBRUB").map(String::as_str), Some("SBERRUB"));
        assert!(!r.contains_key("SBERRUB"));
        assert!(
            rewrites([&a].into_iter()).is_empty(),
            "one feed: as written"
        );
    }

    #[test]
    fn fragments_rebuild_each_direction_as_the_feed_writes_it() {
        let feed = ratelink_core::parse_feed(crate::demo::PREMIUM_XML, None).unwrap();
        let json = Bytes::from(ratelink_core::to_feed_json(&feed, &[]));
        let f = FeedFrags::read(&json).unwrap();
        assert_eq!(f.dirs.len(), feed.directions.len());
        let lean: serde_json::Value = serde_json::from_slice(&json).unwrap();
        for (d, want) in f.dirs.iter().zip(lean["directions"].as_array().unwrap()) {
            let mut text = String::from("{\"from\":");
            write_str(&mut text, &d.from);
            text.push_str(",\"to\":");
            write_str(&mut text, &d.to);
            text.push_str(&d.rest);
            text.push('}');
            let got: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(&got, want);
        }
        assert_eq!(f.names.len(), feed.names.len());
    }
}
