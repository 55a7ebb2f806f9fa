//! The widget's built files: safe path mapping, content types, compression and caching rules.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::http::HeaderValue;
use bytes::Bytes;

use crate::encoding;

/// Files larger than this are served uncompressed and not kept in memory.
const MAX_CACHED: u64 = 64 * 1024 * 1024;

/// One file, read and compressed.
#[derive(Debug)]
pub struct Asset {
    modified: Option<SystemTime>,
    len: u64,
    /// `Content-Type`.
    pub content_type: HeaderValue,
    /// `Cache-Control`.
    pub cache_control: HeaderValue,
    /// Entity tag, without quotes or coding suffix.
    pub etag_base: String,
    /// The bytes.
    pub identity: Bytes,
    /// Gzip copy, when the type compresses and it helped.
    pub gzip: Option<Bytes>,
    /// Brotli copy, same conditions.
    pub br: Option<Bytes>,
    /// ETag suffix of the brotli copy: `-br` for the final quality-11 copy, `-brq` for the quick
    /// one served while that is being computed.
    pub br_suffix: &'static str,
}

/// Brotli quality of the copy made on first request (fast), and of the one that replaces it in
/// the background (small; computed once per file).
const QUICK_BROTLI: u32 = 5;
const FINAL_BROTLI: u32 = 11;

/// The assets directory and its in-memory cache.
#[derive(Debug)]
pub struct Assets {
    root: PathBuf,
    cache: Arc<Mutex<HashMap<PathBuf, Arc<Asset>>>>,
}

/// Why a path is not served.
#[derive(Debug, PartialEq, Eq)]
pub enum AssetError {
    /// No such file (or a path that may not be served).
    NotFound,
    /// Reading failed.
    Io(String),
}

impl Assets {
    /// Serves files under `root`, which must be a directory.
    pub fn open(root: &Path) -> Result<Assets, String> {
        let root = root
            .canonicalize()
            .map_err(|e| format!("assets dir {}: {e}", root.display()))?;
        if !root.is_dir() {
            return Err(format!("assets dir {} is not a directory", root.display()));
        }
        Ok(Assets {
            root,
            cache: Arc::new(Mutex::new(HashMap::new())),
        })
    }

    /// The directory served.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file for a request path (`/`, `/ratelink.js`, `/pkg/x.wasm`), read and compressed
    /// on first use and kept while its size and modification time stay the same.
    pub async fn get(&self, request_path: &str) -> Result<Arc<Asset>, AssetError> {
        let rel = map_path(request_path).ok_or(AssetError::NotFound)?;
        let mut path = self.root.join(&rel);
        let mut meta = tokio::fs::metadata(&path)
            .await
            .map_err(|_| AssetError::NotFound)?;
        if meta.is_dir() {
            path = path.join("index.html");
            meta = tokio::fs::metadata(&path)
                .await
                .map_err(|_| AssetError::NotFound)?;
        }
        // Symlinks must not lead out of the root.
        let real = tokio::fs::canonicalize(&path)
            .await
            .map_err(|_| AssetError::NotFound)?;
        if !real.starts_with(&self.root) || !meta.is_file() {
            return Err(AssetError::NotFound);
        }
        let modified = meta.modified().ok();
        if let Some(hit) = self
            .cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&real)
        {
            if hit.modified == modified && hit.len == meta.len() {
                return Ok(hit.clone());
            }
        }
        let data = tokio::fs::read(&real)
            .await
            .map_err(|e| AssetError::Io(e.to_string()))?;
        let name = real
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let len = meta.len();
        let quick_name = name.clone();
        let asset = tokio::task::spawn_blocking(move || {
            build(&quick_name, data, modified, len, QUICK_BROTLI)
        })
        .await
        .map_err(|e| AssetError::Io(e.to_string()))?;
        let asset = Arc::new(asset);
        if len <= MAX_CACHED {
            self.cache
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(real.clone(), asset.clone());
            if asset.br.is_some() {
                // Replace the quick brotli copy with the quality-11 one, off the request path.
                let cache = self.cache.clone();
                let data = asset.identity.clone();
                tokio::task::spawn_blocking(move || {
                    let better = build(&name, data.to_vec(), modified, len, FINAL_BROTLI);
                    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
                    if cache
                        .get(&real)
                        .is_some_and(|a| a.modified == modified && a.len == len)
                    {
                        cache.insert(real, Arc::new(better));
                    }
                });
            }
        }
        Ok(asset)
    }

    /// Reads and compresses every file under the root (skipping hidden ones), so the first
    /// visitors get cached, compressed files.
    pub async fn warm(&self) {
        let mut dirs = vec![(self.root.clone(), String::new(), 0usize)];
        let mut files = 0usize;
        while let Some((dir, prefix, depth)) = dirs.pop() {
            let Ok(mut entries) = tokio::fs::read_dir(&dir).await else {
                continue;
            };
            while let Ok(Some(entry)) = entries.next_entry().await {
                let name = entry.file_name().to_string_lossy().to_string();
                if name.starts_with('.') {
                    continue;
                }
                let Ok(ty) = entry.file_type().await else {
                    continue;
                };
                let request_path = format!("{prefix}/{name}");
                if ty.is_dir() && depth < 8 {
                    dirs.push((entry.path(), request_path, depth + 1));
                } else if ty.is_file() && files < 2000 {
                    files += 1;
                    let encoded: String = request_path
                        .split('/')
                        .map(ratelink_core::link::encode_component)
                        .collect::<Vec<_>>()
                        .join("/");
                    let _ = self.get(&encoded).await;
                }
            }
        }
    }
}

fn build(
    name: &str,
    data: Vec<u8>,
    modified: Option<SystemTime>,
    len: u64,
    br_quality: u32,
) -> Asset {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let (content_type, compressible) = content_type(&ext);
    let digest = sha1_smol::Sha1::from(&data[..]).digest().to_string();
    let (gzip, br) = if compressible && data.len() >= 256 && (data.len() as u64) <= MAX_CACHED {
        let g = encoding::gzip(&data, 9);
        // The window fits the file, which bounds the encoder's memory.
        let b = encoding::brotli(&data, br_quality, encoding::window_for(data.len()));
        (
            (g.len() < data.len()).then(|| Bytes::from(g)),
            (b.len() < data.len()).then(|| Bytes::from(b)),
        )
    } else {
        (None, None)
    };
    Asset {
        modified,
        len,
        content_type: HeaderValue::from_static(content_type),
        cache_control: HeaderValue::from_static(cache_control(name, &ext)),
        etag_base: digest[..20].to_string(),
        identity: Bytes::from(data),
        gzip,
        br,
        br_suffix: if br_quality >= FINAL_BROTLI {
            "-br"
        } else {
            "-brq"
        },
    }
}

/// The content type for a file extension, and whether compressing it pays.
pub fn content_type(ext: &str) -> (&'static str, bool) {
    match ext {
        "wasm" => ("application/wasm", true),
        "js" | "mjs" => ("text/javascript; charset=utf-8", true),
        "css" => ("text/css; charset=utf-8", true),
        "html" | "htm" => ("text/html; charset=utf-8", true),
        "json" | "map" => ("application/json", true),
        "webmanifest" => ("application/manifest+json", true),
        "svg" => ("image/svg+xml", true),
        "xml" => ("application/xml", true),
        "txt" => ("text/plain; charset=utf-8", true),
        "png" => ("image/png", false),
        "jpg" | "jpeg" => ("image/jpeg", false),
        "gif" => ("image/gif", false),
        "webp" => ("image/webp", false),
        "avif" => ("image/avif", false),
        "ico" => ("image/x-icon", true),
        "woff2" => ("font/woff2", false),
        "woff" => ("font/woff", false),
        _ => ("application/octet-stream", false),
    }
}

/// `immutable` for content-hashed names, `no-cache` for HTML and unhashed scripts (the loader
/// must pick up new builds), a short lifetime for everything else.
pub fn cache_control(name: &str, ext: &str) -> &'static str {
    if is_content_hashed(name) {
        "public, max-age=31536000, immutable"
    } else if matches!(ext, "html" | "htm" | "js" | "mjs") {
        "no-cache"
    } else {
        "public, max-age=300"
    }
}

/// True when a file name carries a content hash: a segment (between `.`, `-`, `_`) of at
/// least 8 hex digits with at least one digit, not counting the extension.
pub fn is_content_hashed(name: &str) -> bool {
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    stem.split(['.', '-', '_']).any(|seg| {
        seg.len() >= 8
            && seg.chars().all(|c| c.is_ascii_hexdigit())
            && seg.chars().any(|c| c.is_ascii_digit())
    })
}

/// Maps a request path to a relative file path: percent-decoded, no `..`, no hidden
/// segments, no backslashes or NULs. `/` and `/dir/` map to the directory (index added later).
pub fn map_path(request_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(request_path)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut out = PathBuf::new();
    for seg in decoded.split('/') {
        if seg.is_empty() || seg == "." {
            continue;
        }
        if seg == ".." || seg.starts_with('.') {
            return None;
        }
        let p = Path::new(seg);
        if p.components().count() != 1
            || !matches!(p.components().next(), Some(Component::Normal(_)))
        {
            return None;
        }
        out.push(seg);
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape_the_root() {
        assert_eq!(map_path("/"), Some(PathBuf::new()));
        assert_eq!(
            map_path("/pkg/ratelink.js"),
            Some(PathBuf::from("pkg/ratelink.js"))
        );
        assert_eq!(map_path("/a/./b"), Some(PathBuf::from("a/b")));
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/.git/config",
            "/a%00b",
            "/a\\..\\b",
            "/%5c..",
            "/%zz",
        ] {
            assert_eq!(map_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn hashed_names_are_detected() {
        assert!(is_content_hashed("ratelink_bg.3f2a9c1e.wasm"));
        // The compare layout's app bundle (scripts/build-web.sh) is cached the same way.
        assert!(is_content_hashed("ratelink-compare_bg.55c92af4a5.wasm"));
        assert!(is_content_hashed("ratelink-compare-app.0f0c9f2891.js"));
        assert!(is_content_hashed("ratelink-3f2a9c1e12ab.js"));
        assert!(!is_content_hashed("ratelink.js"));
        assert!(!is_content_hashed("ratelink_bg.wasm"));
        assert!(
            !is_content_hashed("deadbeefcafe.js"),
            "letters only look like a word"
        );
        assert!(!is_content_hashed("a1b2c3.js"), "too short");
        assert_eq!(cache_control("ratelink.js", "js"), "no-cache");
        assert_eq!(cache_control("index.html", "html"), "no-cache");
        assert_eq!(
            cache_control("ratelink_bg.3f2a9c1e.wasm", "wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("logo.svg", "svg"), "public, max-age=300");
        assert_eq!(content_type("wasm").0, "application/wasm");
    }
}
