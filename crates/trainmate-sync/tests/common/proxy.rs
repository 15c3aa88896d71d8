//! A fault-injecting HTTP/1.1 proxy between devices and the sync server (sync.md test 2).
//!
//! Each device connection carries one request. With faults on, the proxy delivers every request
//! to the server two or three times (a push's extra copies either right away or held back and
//! delivered before a later request, their answers thrown away) and loses about a third of the
//! answers: it closes the device's connection instead of answering. Decisions come from a seeded
//! RNG. With faults off it forwards each request once and answers it. A server that cannot be
//! reached closes the device's connection (the device sees "offline").

use std::sync::{Arc, Mutex};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy did, so a test can check that faults really happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProxyStats {
    /// Requests received from devices.
    pub requests: usize,
    /// Deliveries to the server beyond the first of each request (right away or held back).
    pub extra_deliveries: usize,
    /// Held-back push copies delivered later.
    pub late_deliveries: usize,
    /// Answers the devices never got.
    pub dropped_answers: usize,
}

struct State {
    upstream: String,
    faults: bool,
    rng: StdRng,
    /// Push requests held back, delivered before some later request.
    late: Vec<Vec<u8>>,
    stats: ProxyStats,
}

pub struct Proxy {
    pub base: String,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A request as read from a device: its head (with `connection: close`) and body.
struct Request {
    raw: Vec<u8>,
    is_push: bool,
}

impl Proxy {
    /// A proxy on 127.0.0.1 in front of the server on `upstream_port`, faults off.
    pub async fn start(upstream_port: u16, seed: u64) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy binds");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let state = Arc::new(Mutex::new(State {
            upstream: format!("127.0.0.1:{upstream_port}"),
            faults: false,
            rng: StdRng::seed_from_u64(seed),
            late: Vec::new(),
            stats: ProxyStats::default(),
        }));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move { serve(socket, state).await });
            }
        });
        Proxy { base, state, task }
    }

    pub fn set_faults(&self, on: bool) {
        self.lock().faults = on;
    }

    pub fn stats(&self) -> ProxyStats {
        self.lock().stats
    }

    /// Delivers every held-back copy now (answers thrown away).
    pub async fn flush_late(&self) {
        let (upstream, late) = {
            let mut state = self.lock();
            (state.upstream.clone(), std::mem::take(&mut state.late))
        };
        for raw in late {
            let _ = forward(&upstream, &raw).await;
            self.lock().stats.late_deliveries += 1;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

async fn serve(mut socket: TcpStream, state: Arc<Mutex<State>>) {
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    // Decide everything up front, under the lock, in arrival order.
    let (upstream, late_now, copies_now, copies_late, drop_answer) = {
        let mut guard = state.lock().unwrap_or_else(|p| p.into_inner());
        let s = &mut *guard;
        s.stats.requests += 1;
        let upstream = s.upstream.clone();
        if !s.faults {
            (upstream, Vec::new(), 1, 0, false)
        } else {
            let mut late_now = Vec::new();
            while !s.late.is_empty() && s.rng.gen_bool(0.5) {
                let len = s.late.len();
                let index = s.rng.gen_range(0..len);
                late_now.push(s.late.swap_remove(index));
            }
            let extra = s.rng.gen_range(1..=2);
            let mut now = 1;
            let mut later = 0;
            for _ in 0..extra {
                if request.is_push && s.rng.gen_bool(0.5) {
                    later += 1;
                } else {
                    now += 1;
                }
            }
            let drop_answer = s.rng.gen_ratio(1, 3);
            s.stats.extra_deliveries += extra;
            s.stats.late_deliveries += late_now.len();
            if drop_answer {
                s.stats.dropped_answers += 1;
            }
            (upstream, late_now, now, later, drop_answer)
        }
    };
    for raw in late_now {
        let _ = forward(&upstream, &raw).await;
    }
    let mut answer = None;
    for _ in 0..copies_now {
        let reply = forward(&upstream, &request.raw).await;
        if answer.is_none() {
            answer = reply;
        }
    }
    if copies_late > 0 {
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        for _ in 0..copies_late {
            s.late.push(request.raw.clone());
        }
    }
    match answer {
        Some(reply) if !drop_answer => {
            let _ = socket.write_all(&reply).await;
            let _ = socket.shutdown().await;
        }
        // Lost on the way back (or the server was not there): the connection just closes.
        _ => drop(socket),
    }
}

/// Sends one request on a new connection and reads the whole answer (the server closes the
/// connection after it: the request says `connection: close`).
async fn forward(upstream: &str, raw: &[u8]) -> Option<Vec<u8>> {
    let mut server = TcpStream::connect(upstream).await.ok()?;
    server.write_all(raw).await.ok()?;
    let mut reply = Vec::new();
    server.read_to_end(&mut reply).await.ok()?;
    (!reply.is_empty()).then_some(reply)
}

/// Reads a request head and its `content-length` body; rewrites the head to close the
/// connection after the answer. `None` when the device closed or sent something unexpected.
async fn read_request(socket: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buffer[..head_end]).ok()?.to_owned();
    let mut lines = head.split("\r\n").filter(|l| !l.is_empty());
    let request_line = lines.next()?.to_owned();
    let mut headers = Vec::new();
    let mut length = 0usize;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        let lower = name.trim().to_ascii_lowercase();
        match lower.as_str() {
            "content-length" => length = value.trim().parse().ok()?,
            // Bodies from the sync client always carry a length.
            "transfer-encoding" => return None,
            "connection" | "keep-alive" => continue,
            _ => {}
        }
        headers.push(line.to_owned());
    }
    while buffer.len() < head_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let mut raw = format!("{request_line}\r\n");
    for header in headers {
        raw.push_str(&header);
        raw.push_str("\r\n");
    }
    raw.push_str("connection: close\r\n\r\n");
    let mut raw = raw.into_bytes();
    raw.extend_from_slice(&buffer[head_end..head_end + length]);
    Some(Request {
        is_push: request_line.starts_with("POST /v1/sync/push"),
        raw,
    })
}
