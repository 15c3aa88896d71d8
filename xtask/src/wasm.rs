//! Drops the `name` custom section from the UI's wasm after trunk built it. The section maps
//! function indices to names for stack traces; rustc emits it for wasm even with
//! `strip = "symbols"`, and it is a third of the module (P6: UI wasm ≤ 600 KB gzipped). wasm-opt
//! would drop it too, but Debian's binaryen is too old to read current wasm (see `ui/index.html`).
//! Because the file changes after trunk, the UI's rust asset has `data-integrity="none"`: the
//! assets are embedded in the app binary, so subresource integrity guards nothing here.

use std::path::Path;

use anyhow::{bail, Context, Result};

/// Reads one unsigned LEB128 number at `at`; answers it and where the next byte is.
fn leb128(bytes: &[u8], mut at: usize) -> Result<(usize, usize)> {
    let (mut value, mut shift) = (0usize, 0u32);
    loop {
        let byte = *bytes.get(at).context("truncated LEB128")?;
        at += 1;
        value |= usize::from(byte & 0x7f)
            .checked_shl(shift)
            .context("LEB128 too long")?;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
        shift += 7;
    }
}

/// The module without its custom sections named `name`; everything else byte for byte.
pub fn without_name_section(module: &[u8]) -> Result<Vec<u8>> {
    if module.len() < 8 || &module[..4] != b"\0asm" {
        bail!("not a wasm module");
    }
    let mut out = module[..8].to_vec();
    let mut at = 8;
    while at < module.len() {
        let start = at;
        let id = module[at];
        let (size, body) = leb128(module, at + 1)?;
        let end = body.checked_add(size).context("section size overflows")?;
        if end > module.len() {
            bail!("section runs past the end of the module");
        }
        let is_name = id == 0 && {
            let (len, name_at) = leb128(module, body)?;
            module.get(name_at..name_at + len) == Some(b"name".as_slice())
        };
        if !is_name {
            out.extend_from_slice(&module[start..end]);
        }
        at = end;
    }
    Ok(out)
}

/// Strips every `*_bg.wasm` in `dir` (trunk's output).
pub fn strip_names_in(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.to_string_lossy().ends_with("_bg.wasm") {
            let module = std::fs::read(&path)?;
            let stripped = without_name_section(&module)
                .with_context(|| format!("reading {}", path.display()))?;
            std::fs::write(&path, stripped)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module: header, a type section (id 1, 1 byte), a custom "name" section and a custom
    /// "keep" section, built by hand.
    fn module() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend_from_slice(&[1, 1, 0]); // type section, size 1, zero types
        m.extend_from_slice(&[0, 7, 4, b'n', b'a', b'm', b'e', 0xAA, 0xBB]);
        m.extend_from_slice(&[0, 6, 4, b'k', b'e', b'e', b'p', 0xCC]);
        m
    }

    #[test]
    fn drops_the_name_section_and_keeps_the_rest_byte_for_byte() {
        let stripped = without_name_section(&module()).unwrap();
        let mut expected = b"\0asm\x01\0\0\0".to_vec();
        expected.extend_from_slice(&[1, 1, 0]);
        expected.extend_from_slice(&[0, 6, 4, b'k', b'e', b'e', b'p', 0xCC]);
        assert_eq!(stripped, expected);
    }

    #[test]
    fn refuses_what_is_not_a_whole_module() {
        assert!(without_name_section(b"hello").is_err());
        let mut cut = module();
        cut.truncate(cut.len() - 1);
        assert!(without_name_section(&cut).is_err());
    }

    #[test]
    fn reads_multi_byte_sizes() {
        assert_eq!(leb128(&[0xE5, 0x8E, 0x26], 0).unwrap(), (624_485, 3));
    }
}
