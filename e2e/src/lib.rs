//! The end-to-end harness: the real TrainMate binary under Xvfb, driven through tauri-driver and
//! WebKitWebDriver with a Rust WebDriver client (fantoccini).
//!
//! Each test gets its own X display, its own driver ports and its own fresh data directory (passed
//! to the app as `--data-dir`, because tauri-driver starts the app with the driver's environment).
//! Every process is started in a new process group and only those groups are stopped, by pid, when
//! the test's [`Session`] is dropped. `cargo xtask test` builds the app with the UI embedded and sets
//! `TRAINMATE_APP`; these tests refuse to run without it.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::{elements::Element, Client, ClientBuilder, Locator};

/// The app binary under test.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("TRAINMATE_APP").map(PathBuf::from).expect(
        "TRAINMATE_APP is not set: run `cargo xtask test`, which builds the app with the UI \
         embedded and runs these tests",
    );
    assert!(
        path.is_file(),
        "TRAINMATE_APP={} does not exist",
        path.display()
    );
    path
}

/// Where screenshots go: `$CARGO_TARGET_DIR/e2e-screenshots` (or `target/e2e-screenshots`).
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("e2e-screenshots")
}

/// A process group this harness started; stopped (SIGTERM, then SIGKILL) when dropped.
struct Owned {
    name: &'static str,
    child: Child,
}

impl Owned {
    fn spawn(name: &'static str, command: &mut Command) -> Result<Owned> {
        let child = command
            .process_group(0)
            .stdin(Stdio::null())
            .spawn()
            .with_context(|| format!("could not start {name}"))?;
        Ok(Owned { name, child })
    }

    fn stop(&mut self) {
        let Ok(pid) = i32::try_from(self.child.id()) else {
            return;
        };
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            // The leader exited; its group may still hold children it started.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            return;
        }
        // SAFETY: signals only the process group this harness created (pgid == our child's pid).
        unsafe { libc::kill(-pid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        unsafe { libc::kill(-pid, libc::SIGKILL) };
        let _ = self.child.wait();
        let _ = self.name;
    }
}

impl Drop for Owned {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn wait_for_port(port: u16, what: &str, timeout: Duration) -> Result<()> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("{what} did not listen on port {port} within {timeout:?}")
}

/// Starts Xvfb on a free display and returns it with the display name (e.g. ":107").
fn start_xvfb(width: u32, height: u32) -> Result<(Owned, String)> {
    for _ in 0..50 {
        let number = 100 + (std::process::id() % 200) + (rand_u32() % 500);
        if Path::new(&format!("/tmp/.X11-unix/X{number}")).exists()
            || Path::new(&format!("/tmp/.X{number}-lock")).exists()
        {
            continue;
        }
        let display = format!(":{number}");
        let mut xvfb = Owned::spawn(
            "Xvfb",
            Command::new("Xvfb")
                .arg(&display)
                .args([
                    "-screen",
                    "0",
                    &format!("{width}x{height}x24"),
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if Path::new(&format!("/tmp/.X11-unix/X{number}")).exists() {
                return Ok((xvfb, display));
            }
            if let Ok(Some(_)) = xvfb.child.try_wait() {
                break; // lost a race for this display; try another
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        xvfb.stop();
    }
    bail!("could not start Xvfb on any display")
}

fn rand_u32() -> u32 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    nanos ^ std::process::id().rotate_left(16)
}

/// Options for one app session.
pub struct Launch {
    /// Test name: names the screenshot files.
    pub name: String,
    pub width: u32,
    pub height: u32,
    /// Reuse an existing data directory (restart tests); a fresh one otherwise.
    pub data_dir: Option<PathBuf>,
    /// Another binary started the same way (the benchmarks' minimal app); TrainMate otherwise.
    pub app: Option<PathBuf>,
}

impl Launch {
    pub fn new(name: &str) -> Launch {
        Launch {
            name: name.to_owned(),
            width: 1280,
            height: 800,
            data_dir: None,
            app: None,
        }
    }
}

/// One running app with its display, driver and data directory.
pub struct Session {
    pub client: Client,
    pub name: String,
    pub data_dir: PathBuf,
    _fresh_dir: Option<tempfile::TempDir>,
    driver: Owned,
    _xvfb: Owned,
}

impl Session {
    pub async fn start(launch: Launch) -> Result<Session> {
        let app = match launch.app {
            Some(app) => app,
            None => app_binary(),
        };
        let (xvfb, display) = start_xvfb(launch.width, launch.height)?;
        let (fresh_dir, data_dir) = match launch.data_dir {
            Some(dir) => (None, dir),
            None => {
                let fresh = tempfile::Builder::new()
                    .prefix("trainmate-e2e-")
                    .tempdir()?;
                let dir = fresh.path().join("data");
                (Some(fresh), dir)
            }
        };
        let (port, native_port) = (free_port()?, free_port()?);
        let driver = Owned::spawn(
            "tauri-driver",
            Command::new(tauri_driver())
                .args(["--port", &port.to_string()])
                .args(["--native-port", &native_port.to_string()])
                .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
                .env("DISPLAY", &display)
                // No accessibility bus here: without this the web view waits for one at start-up.
                .env("NO_AT_BRIDGE", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )?;
        wait_for_port(port, "tauri-driver", Duration::from_secs(20))?;
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({
                "application": app,
                "args": ["--data-dir", data_dir],
            }),
        );
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .context("could not open a WebDriver session on the app")?;
        let _ = client.set_window_size(launch.width, launch.height).await;
        Ok(Session {
            client,
            name: launch.name,
            data_dir,
            _fresh_dir: fresh_dir,
            driver,
            _xvfb: xvfb,
        })
    }

    /// Waits up to 15 s for an element with `data-testid`.
    pub async fn testid(&self, id: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(&format!("[data-testid=\"{id}\"]")))
            .await
            .with_context(|| format!("no element with data-testid={id}"))
    }

    /// Saves a screenshot as `<name>-<step>.png` and prints where it went.
    pub async fn screenshot(&self, step: &str) -> Result<PathBuf> {
        // WebKitWebDriver's screenshots lag the DOM slightly.
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = self.client.screenshot().await?;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}-{step}.png", self.name));
        std::fs::write(&path, png)?;
        println!("screenshot: {}", path.display());
        Ok(path)
    }

    /// Closes the app through WebDriver (a normal window close) and stops the driver and display.
    /// The data directory outlives the app, for checks and restarts.
    pub async fn close(mut self) -> Result<ClosedApp> {
        let client = self.client.clone();
        client.close().await.context("closing the app")?;
        self.driver.stop();
        Ok(ClosedApp {
            data_dir: self.data_dir.clone(),
            _fresh_dir: self._fresh_dir.take(),
        })
    }
}

impl Session {
    /// Kills the app with SIGKILL (no chance to flush or close anything), then stops the driver
    /// and display. The app is found by its unique `--data-dir` argument in `/proc/*/cmdline`,
    /// so only this session's app is signalled. The data directory outlives it, for a restart.
    pub async fn kill_app(mut self) -> Result<ClosedApp> {
        let pids = app_pids(&self.data_dir)?;
        if pids.is_empty() {
            bail!("no app process with --data-dir {}", self.data_dir.display());
        }
        for pid in &pids {
            // SAFETY: a plain signal to a process whose command line names our data directory.
            unsafe { libc::kill(*pid, libc::SIGKILL) };
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while pids.iter().any(|pid| alive(*pid)) {
            if Instant::now() > deadline {
                bail!("the app survived SIGKILL: {pids:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.driver.stop();
        Ok(ClosedApp {
            data_dir: self.data_dir.clone(),
            _fresh_dir: self._fresh_dir.take(),
        })
    }
}

/// The processes whose command line holds `--data-dir <dir>`.
fn app_pids(dir: &Path) -> Result<Vec<i32>> {
    let wanted = dir.as_os_str().as_encoded_bytes();
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc")? {
        let entry = entry?;
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<i32>().ok())
        else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
        let names_dir = args
            .windows(2)
            .any(|w| w[0] == b"--data-dir" && w[1] == wanted)
            || args
                .iter()
                .any(|a| a.strip_prefix(b"--data-dir=".as_slice()) == Some(wanted));
        if names_dir && pid != std::process::id() as i32 {
            pids.push(pid);
        }
    }
    Ok(pids)
}

/// Whether a process still runs (a zombie waiting for its parent counts as gone).
fn alive(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .map(|(_, rest)| !rest.trim_start().starts_with('Z'))
            .unwrap_or(false),
        Err(_) => false,
    }
}

/// The data directory of an app that was closed; deleted when dropped if the harness made it.
pub struct ClosedApp {
    pub data_dir: PathBuf,
    _fresh_dir: Option<tempfile::TempDir>,
}

fn tauri_driver() -> PathBuf {
    std::env::var_os("TAURI_DRIVER")
        .map(PathBuf::from)
        .or_else(|| dirs_home().map(|h| h.join(".cargo/bin/tauri-driver")))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("tauri-driver"))
}

fn dirs_home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// An X display of its own, for benchmarks that start an app without the driver; stopped when
/// dropped.
pub struct Display {
    pub name: String,
    _xvfb: Owned,
}

impl Display {
    pub fn start(width: u32, height: u32) -> Result<Display> {
        let (xvfb, name) = start_xvfb(width, height)?;
        Ok(Display { name, _xvfb: xvfb })
    }
}
