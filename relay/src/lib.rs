//! ratelink-relay: fetches and caches exchanger feeds, serves them normalized with CORS and
//! CDN-friendly caching, serves the widget's files, and runs the demo on bundled feeds.

pub mod assets;
pub mod client_addr;
pub mod compare;
pub mod config;
pub mod demo;
pub mod embed;
pub mod encoding;
pub mod error;
pub mod extract;
pub mod feed;
pub mod http;
pub mod icons;
pub mod inspect;
pub mod partner;
pub mod server;
pub mod source;
pub mod store;
pub mod time;

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use config::{ConfigError, FeedConfig, RelayConfig, Source};

use crate::feed::FeedSlot;
use crate::http::{AppState, Cors, Shared};
use crate::store::Store;

/// Why the relay could not start or stopped with an error.
#[derive(Debug)]
pub enum RelayError {
    /// The configuration is unusable.
    Config(ConfigError),
    /// Binding the listen address failed.
    Bind(SocketAddr, std::io::Error),
    /// The server failed while running.
    Serve(std::io::Error),
    /// Something else needed at start-up failed (state dir, assets dir, HTTP client).
    Setup(String),
}

impl std::fmt::Display for RelayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RelayError::Config(e) => write!(f, "{e}"),
            RelayError::Bind(addr, e) => write!(f, "cannot listen on {addr}: {e}"),
            RelayError::Serve(e) => write!(f, "server error: {e}"),
            RelayError::Setup(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for RelayError {}

/// The coin artwork of `ASSETS/icons/` (copied there by the web build from the npm package
/// `cryptocurrency-icons`); without it every currency gets a monogram.
fn load_icons(assets: Option<&std::path::Path>) -> icons::IconSet {
    let Some(dir) = assets.map(|a| a.join("icons")) else {
        return icons::IconSet::default();
    };
    let (set, refused) = icons::IconSet::load(&dir);
    if set.is_empty() {
        tracing::info!(dir = %dir.display(), "no coin icons found: currencies get monograms");
    } else {
        tracing::info!(dir = %dir.display(), icons = set.len(), refused, "coin icons loaded");
    }
    set
}

/// A relay bound to its address, feeds loaded from disk, not yet serving.
pub struct Relay {
    listener: tokio::net::TcpListener,
    state: AppState,
    store: Option<Store>,
    limits: server::Limits,
}

impl Relay {
    /// Validates `config`, opens the state and assets dirs, loads saved copies (served
    /// marked stale) and binds the listen address.
    pub async fn bind(config: RelayConfig) -> Result<Relay, RelayError> {
        config.validate().map_err(RelayError::Config)?;
        let store = match &config.state_dir {
            Some(dir) => Some(Store::open(dir).map_err(RelayError::Setup)?),
            None => None,
        };
        let assets = match &config.assets {
            Some(dir) => Some(assets::Assets::open(dir).map_err(RelayError::Setup)?),
            None => None,
        };
        let client = source::http_client().map_err(RelayError::Setup)?;
        let icons = Arc::new(load_icons(config.assets.as_deref()));
        let changed = Arc::new(tokio::sync::Notify::new());
        let order: Vec<Arc<FeedSlot>> = config
            .feeds
            .iter()
            .cloned()
            .map(|f| {
                Arc::new(
                    FeedSlot::new(f)
                        .with_icons(icons.clone())
                        .with_notify(changed.clone()),
                )
            })
            .collect();
        if let Some(store) = &store {
            for slot in &order {
                let slot = slot.clone();
                let store = store.clone();
                // Parsing and compressing a saved copy is CPU work.
                let _ = tokio::task::spawn_blocking(move || slot.load_saved(&store)).await;
            }
        }
        let compare = Arc::new(compare::CompareHub::new(order.clone(), icons, changed));
        {
            // The first document (feeds not fetched yet, or their saved copies).
            let hub = compare.clone();
            let _ = tokio::task::spawn_blocking(move || hub.refresh_all()).await;
        }
        let feeds: HashMap<String, Arc<FeedSlot>> = order
            .iter()
            .map(|s| (s.config.name.clone(), s.clone()))
            .collect();
        if store.is_none() {
            tracing::info!(
                "no state dir: last good copies are kept in memory only (use --state-dir to survive restarts)"
            );
        }
        if config.allow_origins.is_empty() {
            tracing::warn!(
                "no allowed origins configured: browsers on other sites cannot read the feeds (use --allow-origin)"
            );
        }
        let state = AppState(Arc::new(Shared {
            feeds,
            order,
            cors: Cors::new(&config.allow_origins),
            assets,
            exchanger: config.exchanger.clone(),
            partner: config.partner.clone(),
            client,
            trusted_proxies: config.trusted_proxies.clone(),
            max_body: config::DEFAULT_MAX_BYTES,
            compare,
        }));
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| RelayError::Bind(config.listen, e))?;
        Ok(Relay {
            listener,
            state,
            store,
            limits: config.limits,
        })
    }

    /// The bound address (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// The shared state (feeds, policy), e.g. for inspection in tests.
    pub fn state(&self) -> AppState {
        self.state.clone()
    }

    /// Starts the fetchers and serves until `shutdown` completes, then stops the fetchers and
    /// lets in-flight requests finish.
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), RelayError> {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let mut fetchers = Vec::new();
        for slot in &self.state.order {
            fetchers.push(tokio::spawn(feed::run_fetcher(
                slot.clone(),
                self.state.client.clone(),
                self.store.clone(),
                stop_rx.clone(),
            )));
        }
        fetchers.push(tokio::spawn(compare::run_rebuilder(
            self.state.compare.clone(),
            stop_rx.clone(),
        )));
        let warm_state = self.state.clone();
        let warm = tokio::spawn(async move {
            if let Some(assets) = &warm_state.assets {
                assets.warm().await;
            }
        });
        let app = http::router(self.state.clone());
        server::serve(self.listener, app, &self.limits, shutdown).await;
        let _ = stop_tx.send(true);
        warm.abort();
        // The fetchers return at the stop signal (a parse in progress is left to finish on its
        // own thread); one deadline for all of them.
        let _ = tokio::time::timeout(
            Duration::from_secs(5),
            futures_util::future::join_all(fetchers),
        )
        .await;
        tracing::info!("relay stopped");
        Ok(())
    }
}

/// Binds and serves `config` until `shutdown` completes.
pub async fn run(
    config: RelayConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), RelayError> {
    Relay::bind(config).await?.serve(shutdown).await
}

/// Completes on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
