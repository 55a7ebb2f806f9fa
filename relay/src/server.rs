//! The HTTP accept loop: axum's router on hyper's HTTP/1.1 server with connection limits (a
//! header-read timeout from the first byte, an idle timeout, a request-body deadline and size
//! cap, a cap on open connections), a guard that turns a panicking request into a 500, and
//! graceful shutdown. A slow or silent client holds its own socket and nothing more.

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::extract::ConnectInfo;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures_util::{FutureExt, StreamExt};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Instant;
use tower::ServiceExt;

use crate::error::ApiError;

/// Longest wait for in-flight requests after the shutdown signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Limits on what one client connection may take. Every field has a default
/// ([`Limits::default`]) and a setting (`[limits]` in the TOML file, `RATELINK_*` variables).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest time from the connection's first byte (or the end of the previous response)
    /// to the end of a request's headers. Covers silent sockets, headers sent a byte at a
    /// time and idle keep-alive connections.
    pub header_read_timeout: Duration,
    /// Longest time a connection may go with no byte read or written (a client that stops
    /// reading a response, or stops sending a body).
    pub idle_timeout: Duration,
    /// Longest time a request body may take to arrive, from the end of the headers.
    pub body_timeout: Duration,
    /// Largest request body accepted, in bytes (`413` above it).
    pub max_body_bytes: u64,
    /// Most connections open at once; further clients wait in the listen queue until one
    /// closes.
    pub max_connections: usize,
    /// Most connections open at once from one client address (the socket peer); more are
    /// closed at once. `0` turns the check off (behind a reverse proxy every client has the
    /// proxy's address).
    pub max_connections_per_client: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            body_timeout: Duration::from_secs(30),
            max_body_bytes: 64 * 1024,
            max_connections: 1024,
            max_connections_per_client: 64,
        }
    }
}

impl Limits {
    /// The first unusable setting, as a message naming it.
    pub fn validate(&self) -> Result<(), String> {
        let timeouts = [
            ("header_read_timeout", self.header_read_timeout),
            ("idle_timeout", self.idle_timeout),
            ("body_timeout", self.body_timeout),
        ];
        if let Some((name, _)) = timeouts.iter().find(|(_, d)| d.is_zero()) {
            return Err(format!("[limits] {name} must be above zero"));
        }
        if self.max_body_bytes == 0 {
            return Err("[limits] max_body_bytes must be above zero".into());
        }
        if self.max_connections == 0 {
            return Err("[limits] max_connections must be above zero".into());
        }
        Ok(())
    }
}

/// `app` with the per-request guards: a panicking handler answers 500 (the connection and the
/// relay go on), and request bodies get the size cap and deadline of `limits`.
pub fn guarded(app: Router, limits: &Limits) -> Router {
    let body_limits = BodyLimits {
        max: limits.max_body_bytes,
        timeout: limits.body_timeout,
    };
    app.layer(middleware::from_fn_with_state(body_limits, limit_body))
        .layer(DefaultBodyLimit::max(
            usize::try_from(limits.max_body_bytes).unwrap_or(usize::MAX),
        ))
        .layer(middleware::from_fn(catch_panic))
}

/// Serves `app` (with [`guarded`]) on `listener` until `shutdown` completes, then stops
/// accepting, lets in-flight requests finish (up to [`SHUTDOWN_GRACE`]) and returns.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()> + Send,
) {
    let app = guarded(app, limits);
    // HTTP/1.1 only: nothing in front of the relay speaks h2c, and hyper's protocol detection
    // would read without a timer.
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let per_client = PerClient::new(limits.max_connections_per_client);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // A free slot first: at the cap, new clients wait in the kernel's listen queue.
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and similar: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Some(client_slot) = per_client.enter(peer.ip()) else {
            tracing::debug!(client = %peer.ip(), "too many connections from one client; closed");
            continue; // dropping the stream closes it; the slot permit goes back
        };
        let _ = stream.set_nodelay(true);
        let activity = Activity::new();
        let io = Watched {
            inner: stream,
            activity: activity.clone(),
        };
        // Handlers read the client's address as axum's `ConnectInfo<SocketAddr>`.
        let service = TowerToHyperService::new(app.clone().map_request(
            move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req
            },
        ));
        let conn = graceful.watch(builder.serve_connection(TokioIo::new(io), service));
        let idle = limits.idle_timeout;
        tokio::spawn(async move {
            let _slots = (permit, client_slot);
            tokio::pin!(conn);
            loop {
                tokio::select! {
                    ended = &mut conn => {
                        if let Err(e) = ended {
                            tracing::debug!(error = %e, "connection ended with an error");
                        }
                        return;
                    }
                    _ = tokio::time::sleep_until(activity.last() + idle) => {
                        if activity.last() + idle <= Instant::now() {
                            tracing::debug!("closing a connection idle for {} s", idle.as_secs());
                            return; // dropping the connection closes the socket
                        }
                    }
                }
            }
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("some connections were still open {} s after the shutdown signal", SHUTDOWN_GRACE.as_secs());
        }
    }
}

/// Open connections per client address, capped.
#[derive(Clone)]
struct PerClient {
    max: usize,
    open: Arc<std::sync::Mutex<std::collections::HashMap<IpAddr, usize>>>,
}

/// One open connection of a client; gives its place back when dropped.
struct ClientSlot {
    ip: IpAddr,
    of: PerClient,
}

impl PerClient {
    fn new(max: usize) -> PerClient {
        PerClient {
            max,
            open: Arc::default(),
        }
    }

    /// A place for one more connection from `ip` (`Some(None)` when there is no cap), or
    /// `None` when it already has `max` open.
    fn enter(&self, ip: IpAddr) -> Option<Option<ClientSlot>> {
        if self.max == 0 {
            return Some(None);
        }
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.entry(ip).or_insert(0);
        if *n >= self.max {
            return None;
        }
        *n += 1;
        Some(Some(ClientSlot {
            ip,
            of: self.clone(),
        }))
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut open = self.of.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// When a connection last moved a byte, as milliseconds after its start.
#[derive(Clone)]
struct Activity {
    start: Instant,
    last_ms: Arc<AtomicU64>,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            start: Instant::now(),
            last_ms: Arc::new(AtomicU64::new(0)),
        }
    }

    fn touch(&self) {
        let ms = self.start.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.start + Duration::from_millis(self.last_ms.load(Ordering::Relaxed))
    }
}

/// A socket that records when it last read or wrote a byte.
struct Watched<S> {
    inner: S,
    activity: Activity,
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[derive(Clone, Copy)]
struct BodyLimits {
    max: u64,
    timeout: Duration,
}

/// How a request body broke one of [`BodyLimits`].
#[derive(Clone, Copy, Debug)]
enum BodyFault {
    TooLarge,
    TimedOut,
}

impl BodyFault {
    fn error(self) -> ApiError {
        match self {
            BodyFault::TooLarge => ApiError::BodyTooLarge,
            BodyFault::TimedOut => ApiError::BodyTimeout,
        }
    }

    fn io_error(self) -> std::io::Error {
        match self {
            BodyFault::TooLarge => {
                std::io::Error::new(std::io::ErrorKind::InvalidData, "request body too large")
            }
            BodyFault::TimedOut => std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the request body did not arrive in time",
            ),
        }
    }
}

/// Refuses a body announced larger than the cap at once; otherwise hands the handler a body
/// that fails when it grows past the cap or has not arrived by the deadline. Whatever the
/// handler answers to such a body (axum's extractors answer `text/plain`), the client gets the
/// relay's JSON `413` or `408`.
async fn limit_body(State(limits): State<BodyLimits>, req: Request, next: Next) -> Response {
    if req.body().size_hint().exact() == Some(0) {
        return next.run(req).await;
    }
    if req.body().size_hint().lower() > limits.max {
        return ApiError::BodyTooLarge.into_response();
    }
    let (parts, body) = req.into_parts();
    let deadline = Instant::now() + limits.timeout;
    let max = limits.max;
    let chunks = body.into_data_stream();
    let fault: Arc<std::sync::OnceLock<BodyFault>> = Arc::default();
    let seen_fault = fault.clone();
    // State: the chunks and the bytes seen so far; `None` once the body failed. The chunk that
    // would cross the cap is not passed on, so no reader gets more than the cap.
    let guarded = futures_util::stream::unfold(Some((chunks, 0u64)), move |state| {
        let fault = fault.clone();
        async move {
            let (mut chunks, seen) = state?;
            let failed = |f: BodyFault| {
                let _ = fault.set(f);
                Some((Err(f.io_error()), None))
            };
            match tokio::time::timeout_at(deadline, chunks.next()).await {
                Err(_) => failed(BodyFault::TimedOut),
                Ok(None) => None,
                Ok(Some(Err(e))) => Some((Err(std::io::Error::other(e)), None)),
                Ok(Some(Ok(chunk))) => {
                    let seen = seen + chunk.len() as u64;
                    if seen > max {
                        return failed(BodyFault::TooLarge);
                    }
                    Some((Ok(chunk), Some((chunks, seen))))
                }
            }
        }
    });
    let response = next
        .run(Request::from_parts(parts, Body::from_stream(guarded)))
        .await;
    match seen_fault.get() {
        Some(f) => f.error().into_response(),
        None => response,
    }
}

/// Runs the request; a panic in it becomes a `500` (logged) instead of a dropped connection.
async fn catch_panic(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    match std::panic::AssertUnwindSafe(next.run(req))
        .catch_unwind()
        .await
    {
        Ok(response) => response,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!(%method, %path, panic = %what, "request handler panicked");
            ApiError::Panicked.into_response()
        }
    }
}
