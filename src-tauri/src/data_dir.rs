//! Where TrainMate keeps its database, photos and the web view's own storage.
//!
//! `--data-dir PATH` wins over `TRAINMATE_DATA_DIR`, which wins over the XDG data directory
//! (`~/.local/share/trainmate`). The flag exists because tauri-driver starts the app with its own
//! environment: end-to-end tests give each test its own directory as an app argument.

use std::ffi::OsString;
use std::path::PathBuf;

/// The environment variable that overrides the default location.
pub const ENV_VAR: &str = "TRAINMATE_DATA_DIR";

#[derive(Debug, PartialEq, Eq)]
pub struct Resolved {
    pub data_dir: PathBuf,
    /// Arguments that are not ours (e.g. added by a WebDriver); reported, not fatal.
    pub ignored: Vec<OsString>,
}

/// Resolves the data directory from the command-line arguments (without the program name), the
/// environment variable's value and the platform's data directory.
pub fn resolve(
    args: impl IntoIterator<Item = OsString>,
    env_value: Option<OsString>,
    platform_data_dir: Option<PathBuf>,
) -> Result<Resolved, String> {
    let mut from_flag = None;
    let mut ignored = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text == "--data-dir" {
            let value = args
                .next()
                .ok_or("--data-dir needs a directory, e.g. --data-dir ~/trainmate-data")?;
            from_flag = Some(PathBuf::from(value));
        } else if let Some(value) = text.strip_prefix("--data-dir=") {
            from_flag = Some(PathBuf::from(value));
        } else {
            ignored.push(arg);
        }
    }
    let data_dir = from_flag
        .or_else(|| env_value.filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| platform_data_dir.map(|d| d.join("trainmate")))
        .ok_or_else(|| {
            format!("no data directory: set {ENV_VAR} or pass --data-dir PATH (HOME is not set)")
        })?;
    if data_dir.as_os_str().is_empty() {
        return Err("--data-dir must not be empty".into());
    }
    Ok(Resolved { data_dir, ignored })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(items: &[&str]) -> Vec<OsString> {
        items.iter().map(OsString::from).collect()
    }

    #[test]
    fn flag_beats_environment_beats_platform() {
        let platform = Some(PathBuf::from("/home/t/.local/share"));
        let env = Some(OsString::from("/env/dir"));
        let cases = [
            (os(&["--data-dir", "/flag"]), env.clone(), "/flag"),
            (os(&["--data-dir=/flag2"]), env.clone(), "/flag2"),
            (os(&[]), env.clone(), "/env/dir"),
            (
                os(&[]),
                Some(OsString::new()),
                "/home/t/.local/share/trainmate",
            ),
            (os(&[]), None, "/home/t/.local/share/trainmate"),
        ];
        for (args, env, expected) in cases {
            let resolved = resolve(args, env, platform.clone()).unwrap();
            assert_eq!(resolved.data_dir, PathBuf::from(expected));
        }
    }

    #[test]
    fn unknown_arguments_are_kept_aside_and_missing_values_are_explained() {
        let resolved = resolve(os(&["--automation", "--data-dir", "/d"]), None, None).unwrap();
        assert_eq!(resolved.ignored, os(&["--automation"]));
        let error = resolve(os(&["--data-dir"]), None, None).unwrap_err();
        assert!(error.contains("--data-dir needs a directory"), "{error}");
        let error = resolve(os(&[]), None, None).unwrap_err();
        assert!(error.contains(ENV_VAR), "{error}");
        assert!(resolve(os(&["--data-dir="]), None, None).is_err());
    }
}
