//! Profile photos: checked by content (png, jpeg or webp — never by name), at most 5 MB,
//! decoded with size limits, scaled to an avatar and re-encoded as JPEG, which drops every piece
//! of metadata (EXIF location included). Stored as `photos/<user id>.jpg` in the data directory,
//! written to a temporary file and renamed so a crash never leaves half a photo.

use std::io::Cursor;

use base64::Engine;
use image::{ImageFormat, ImageReader, Limits};
use trainmate_api::*;
use trainmate_core::authz::Action;
use trainmate_store::photos;

use crate::{authz, App};

/// Largest accepted upload.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Longest side of the stored avatar.
const AVATAR_PX: u32 = 512;
/// Largest decoded dimensions accepted (guards against decompression bombs).
const MAX_DIMENSION: u32 = 12_000;

fn photo_error(rule: Rule) -> ApiError {
    ApiError::invalid("data_base64", rule)
}

/// Decodes, checks and re-encodes an upload into metadata-free JPEG bytes.
pub fn sanitize(data_base64: &str) -> Result<Vec<u8>, ApiError> {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    if data_base64.len() > MAX_BYTES / 3 * 4 + 8 {
        return Err(photo_error(Rule::Max));
    }
    let bytes = engine
        .decode(data_base64.trim())
        .map_err(|_| photo_error(Rule::Format))?;
    if bytes.is_empty() {
        return Err(photo_error(Rule::Required));
    }
    if bytes.len() > MAX_BYTES {
        return Err(photo_error(Rule::Max));
    }
    let format = image::guess_format(&bytes).map_err(|_| photo_error(Rule::Format))?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP
    ) {
        return Err(photo_error(Rule::Format));
    }
    let mut reader = ImageReader::with_format(Cursor::new(&bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    reader.limits(limits);
    let image = reader.decode().map_err(|_| photo_error(Rule::Format))?;
    let avatar = image.thumbnail(AVATAR_PX, AVATAR_PX).to_rgb8();
    let mut out = Vec::new();
    avatar
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
        .map_err(|_| ApiError::Internal)?;
    Ok(out)
}

fn data_url(jpeg: &[u8]) -> String {
    format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(jpeg)
    )
}

impl App {
    pub fn set_photo(&self, args: SetPhotoArgs) -> Result<PhotoReply, ApiError> {
        let caller = self.caller()?;
        let owner_id = args.member_id.to_string();
        self.read(|conn| {
            Ok(authz::require(
                conn,
                &caller,
                &owner_id,
                Action::WriteProfile,
            )?)
        })?;
        let jpeg = sanitize(&args.data_base64)?;
        let dir = self.data_dir.join("photos");
        let file = format!("{owner_id}.jpg");
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&dir)?;
            let temporary = dir.join(format!("{file}.partial"));
            std::fs::write(&temporary, &jpeg)?;
            std::fs::File::open(&temporary)?.sync_all()?;
            std::fs::rename(&temporary, dir.join(&file))
        };
        write().map_err(|error| {
            log::error!("could not store a photo in {}: {error}", dir.display());
            ApiError::Internal
        })?;
        let now = self.clock.now_ms();
        self.write(|tx| Ok(photos::set_photo_file(tx, &owner_id, &file, now)?))?;
        Ok(PhotoReply {
            data_url: data_url(&jpeg),
        })
    }

    pub fn get_photo(&self, args: MemberRef) -> Result<Option<PhotoReply>, ApiError> {
        let caller = self.caller()?;
        let owner_id = args.member_id.to_string();
        let file = self.read(|conn| {
            // Own profile, an assigned member's, or (for a member) their trainer's contact photo.
            if authz::require(conn, &caller, &owner_id, Action::ReadProfile).is_err() {
                authz::require(conn, &caller, &owner_id, Action::ReadContact)?;
            }
            Ok(photos::photo_file(conn, &owner_id)?)
        })?;
        let Some(file) = file else {
            return Ok(None);
        };
        match std::fs::read(self.data_dir.join("photos").join(file)) {
            Ok(jpeg) => Ok(Some(PhotoReply {
                data_url: data_url(&jpeg),
            })),
            // The file was removed outside the app: show no photo rather than fail the page.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => {
                log::error!("could not read a photo: {error}");
                Err(ApiError::Internal)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    /// A PNG with a text chunk (metadata) carrying a location.
    fn png_with_metadata() -> Vec<u8> {
        let mut png = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut png, 4, 3);
            encoder.set_color(png::ColorType::Rgb);
            encoder
                .add_text_chunk("GPS".into(), "37.5665 N, 126.9780 E".into())
                .unwrap();
            let mut writer = encoder.write_header().unwrap();
            writer.write_image_data(&[200u8; 4 * 3 * 3]).unwrap();
        }
        png
    }

    #[test]
    fn a_png_becomes_a_jpeg_without_its_metadata() {
        let upload = png_with_metadata();
        assert!(upload.windows(3).any(|w| w == b"GPS"));
        let stored = sanitize(&encode(&upload)).unwrap();
        assert_eq!(&stored[..3], &[0xFF, 0xD8, 0xFF], "JPEG magic");
        assert!(!stored.windows(3).any(|w| w == b"GPS"), "metadata stripped");
        assert!(
            !stored.windows(7).any(|w| w == b"37.5665"),
            "location stripped"
        );
    }

    #[test]
    fn content_not_name_decides_and_sizes_are_capped() {
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
        assert_eq!(sanitize(&encode(gif)), Err(photo_error(Rule::Format)));
        assert_eq!(sanitize("not base64!"), Err(photo_error(Rule::Format)));
        assert_eq!(sanitize(""), Err(photo_error(Rule::Required)));
        let mut fake_png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        fake_png.extend([0u8; 32]);
        assert_eq!(sanitize(&encode(&fake_png)), Err(photo_error(Rule::Format)));
        let huge = vec![0u8; MAX_BYTES + 1];
        assert_eq!(sanitize(&encode(&huge)), Err(photo_error(Rule::Max)));
    }
}
