//! The on-disk last-good copy of each feed, so a restart serves data before the first fetch.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::source::Validators;
use crate::time;

/// A saved upstream body and what is needed to reuse it.
#[derive(Clone, Debug)]
pub struct Saved {
    /// The upstream bytes.
    pub body: Vec<u8>,
    /// Their content type.
    pub content_type: String,
    /// When they were fetched.
    pub fetched_at: SystemTime,
    /// The upstream validators.
    pub validators: Validators,
}

#[derive(Serialize, Deserialize)]
struct Meta {
    fingerprint: String,
    content_type: String,
    fetched_at: String,
    etag: Option<String>,
    last_modified: Option<String>,
}

/// The state directory.
#[derive(Clone, Debug)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// Uses (and creates) `dir`.
    pub fn open(dir: &Path) -> Result<Store, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create state dir {}: {e}", dir.display()))?;
        Ok(Store {
            dir: dir.to_path_buf(),
        })
    }

    fn paths(&self, name: &str) -> (PathBuf, PathBuf) {
        (
            self.dir.join(format!("{name}.body")),
            self.dir.join(format!("{name}.meta.json")),
        )
    }

    /// Loads the copy saved for feed `name` from the source with `fingerprint`; `Ok(None)`
    /// when there is none (or it came from another source).
    pub fn load(&self, name: &str, fingerprint: &str) -> Result<Option<Saved>, String> {
        let (body_path, meta_path) = self.paths(name);
        let meta_text = match std::fs::read_to_string(&meta_path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", meta_path.display())),
        };
        let meta: Meta = serde_json::from_str(&meta_text)
            .map_err(|e| format!("{} is damaged: {e}", meta_path.display()))?;
        if meta.fingerprint != fingerprint {
            return Ok(None);
        }
        let body = std::fs::read(&body_path)
            .map_err(|e| format!("cannot read {}: {e}", body_path.display()))?;
        let fetched_at = time::parse_rfc3339(&meta.fetched_at).ok_or_else(|| {
            format!(
                "{}: bad fetched_at {:?}",
                meta_path.display(),
                meta.fetched_at
            )
        })?;
        Ok(Some(Saved {
            body,
            content_type: meta.content_type,
            fetched_at,
            validators: Validators {
                etag: meta.etag,
                last_modified: meta.last_modified,
            },
        }))
    }

    /// Saves a good copy (body first, then metadata; each written to a temporary file and
    /// renamed, so a crash leaves the previous copy or the new one).
    pub fn save(&self, name: &str, fingerprint: &str, saved: &Saved) -> Result<(), String> {
        let (body_path, meta_path) = self.paths(name);
        let meta = Meta {
            fingerprint: fingerprint.to_string(),
            content_type: saved.content_type.clone(),
            fetched_at: time::rfc3339(saved.fetched_at),
            etag: saved.validators.etag.clone(),
            last_modified: saved.validators.last_modified.clone(),
        };
        let meta_text = serde_json::to_string_pretty(&meta).map_err(|e| e.to_string())?;
        write_atomic(&body_path, &saved.body)?;
        write_atomic(&meta_path, meta_text.as_bytes())
    }
}

fn write_atomic(path: &Path, data: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, data).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path)
        .map_err(|e| format!("cannot rename {} to {}: {e}", tmp.display(), path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_and_loads_by_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert!(store.load("a", "fp").unwrap().is_none());
        let t = time::parse_rfc3339("2026-11-22T01:00:00Z").unwrap();
        let saved = Saved {
            body: b"PMUSD;BTC;1;2;3;".to_vec(),
            content_type: "text/plain".into(),
            fetched_at: t,
            validators: Validators {
                etag: Some("\"e1\"".into()),
                last_modified: None,
            },
        };
        store.save("a", "fp", &saved).unwrap();
        let back = store.load("a", "fp").unwrap().unwrap();
        assert_eq!(back.body, saved.body);
        assert_eq!(back.fetched_at, t);
        assert_eq!(back.validators, saved.validators);
        assert!(store.load("a", "other-source").unwrap().is_none());
    }
}
