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

    /// `NAME.state`: one line of JSON metadata, then the body bytes.
    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.state"))
    }

    /// Loads the copy saved for feed `name` from the source with `fingerprint`; `Ok(None)`
    /// when there is none (or it came from another source).
    pub fn load(&self, name: &str, fingerprint: &str) -> Result<Option<Saved>, String> {
        let path = self.path(name);
        let data = match std::fs::read(&path) {
            Ok(d) => d,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let damaged = |why: String| format!("{} is damaged: {why}", path.display());
        let split = data
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| damaged("no metadata line".into()))?;
        let meta: Meta =
            serde_json::from_slice(&data[..split]).map_err(|e| damaged(e.to_string()))?;
        if meta.fingerprint != fingerprint {
            return Ok(None);
        }
        let fetched_at = time::parse_rfc3339(&meta.fetched_at)
            .ok_or_else(|| damaged(format!("bad fetched_at {:?}", meta.fetched_at)))?;
        Ok(Some(Saved {
            body: data[split + 1..].to_vec(),
            content_type: meta.content_type,
            fetched_at,
            validators: Validators {
                etag: meta.etag,
                last_modified: meta.last_modified,
            },
        }))
    }

    /// Saves a good copy: metadata (validators included) and body in one file, written to a
    /// temporary name, flushed to disk and renamed over the previous copy, so a crash or a full
    /// disk leaves the previous copy or the new one, never a mix.
    pub fn save(&self, name: &str, fingerprint: &str, saved: &Saved) -> Result<(), String> {
        let meta = Meta {
            fingerprint: fingerprint.to_string(),
            content_type: saved.content_type.clone(),
            fetched_at: time::rfc3339(saved.fetched_at),
            etag: saved.validators.etag.clone(),
            last_modified: saved.validators.last_modified.clone(),
        };
        // Compact JSON escapes newlines, so the first '\n' ends the metadata.
        let mut data = serde_json::to_vec(&meta).map_err(|e| e.to_string())?;
        data.push(b'\n');
        data.extend_from_slice(&saved.body);
        write_atomic(&self.path(name), &data)
    }
}

fn write_atomic(path: &Path, data: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(data)?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {}: {e}", tmp.display()));
    }
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!(
            "cannot rename {} to {}: {e}",
            tmp.display(),
            path.display()
        ));
    }
    // Make the rename itself durable (best effort: not every platform can open a directory).
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
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
        // One file, no temporary left behind.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.state"]);
    }

    #[test]
    fn a_new_copy_replaces_body_and_validators_together() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let t = time::parse_rfc3339("2026-11-22T01:00:00Z").unwrap();
        let mut saved = Saved {
            body: b"A;B;1;2;3;\n\n{\"x\": 1}\n".to_vec(),
            content_type: "text/plain\nX-Injected: 1".into(),
            fetched_at: t,
            validators: Validators {
                etag: Some("\"v1\"".into()),
                last_modified: Some("Sun, 22 Nov 2026 01:00:00 GMT".into()),
            },
        };
        store.save("a", "fp", &saved).unwrap();
        saved.body = b"C;D;1;2;3;".to_vec();
        saved.validators.etag = Some("\"v2\"".into());
        saved.validators.last_modified = None;
        store.save("a", "fp", &saved).unwrap();
        let back = store.load("a", "fp").unwrap().unwrap();
        assert_eq!(back.body, saved.body);
        assert_eq!(back.validators, saved.validators);
        assert_eq!(back.content_type, saved.content_type);

        std::fs::write(dir.path().join("a.state"), b"{not json").unwrap();
        assert!(store.load("a", "fp").unwrap_err().contains("damaged"));
    }
}
