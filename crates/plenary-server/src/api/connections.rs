//! Accepting connections: how many at once, and how long each may keep the server waiting.
//!
//! `axum::serve` has no timeout for a client that sends its headers slowly or never, and
//! no bound on open connections, so a few hundred idle sockets can exhaust the process's
//! file descriptors (and with them the index reader's). Connections are served by hyper
//! here with a header-read timeout (which also closes idle keep-alive connections), read
//! and write timeouts on the socket (a client that stops reading an answer is dropped),
//! and at most `max_connections` open at once; the others wait in the listen backlog.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_io_timeout::TimeoutStream;
use tower::ServiceExt;
use tracing::{debug, warn};

/// Bounds on connections, whatever they ask.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// Connections open at once; the next waits until one closes.
    pub max_connections: usize,
    /// The longest a client may take to send a request's headers, and the longest a
    /// keep-alive connection may stay idle.
    pub header_read_timeout: Duration,
    /// The longest a socket may wait for the client to take the bytes of an answer, or
    /// to send more of a request body.
    pub socket_timeout: Duration,
    /// How long a graceful shutdown waits for requests under way.
    pub shutdown_grace: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 512,
            header_read_timeout: Duration::from_secs(10),
            socket_timeout: Duration::from_secs(60),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then waits for the requests
/// under way (at most `limits.shutdown_grace`).
pub(crate) async fn serve_connections(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let open = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(64 * 1024);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&open).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (socket, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of descriptors or a connection reset before it was taken: the
                // listener itself is fine, so wait a little and go on.
                warn!(%error, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = socket.set_nodelay(true);
        let mut stream = TimeoutStream::new(socket);
        stream.set_read_timeout(Some(limits.socket_timeout));
        stream.set_write_timeout(Some(limits.socket_timeout));
        let io = TokioIo::new(Box::pin(stream));
        let service = TowerToHyperService::new(
            router
                .clone()
                .map_request(|request: Request<Incoming>| request.map(axum::body::Body::new)),
        );
        let connection = builder.serve_connection(io, service);
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = watched.await {
                debug!(%peer, %error, "connection closed with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            warn!("shutting down with requests still under way");
        }
    }
    Ok(())
}
