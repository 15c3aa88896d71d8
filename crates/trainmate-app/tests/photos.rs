//! Profile photos through the app: stored in the data directory without metadata, readable by
//! whoever may see the profile, refused by content.

mod support;

use base64::Engine;
use support::*;
use trainmate_api::*;

fn png_with_location() -> String {
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, 8, 8);
        encoder.set_color(png::ColorType::Rgb);
        encoder
            .add_text_chunk("Location".into(), "37.5665N 126.9780E".into())
            .unwrap();
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[120u8; 8 * 8 * 3]).unwrap();
    }
    base64::engine::general_purpose::STANDARD.encode(png)
}

#[test]
fn a_photo_is_stored_without_metadata_and_shown_to_who_may_see_it() {
    let t = TestApp::new();
    let coach = trainer(&t, "Coach");
    let member = member_of(&t, &coach, "Member");
    let stranger = trainer(&t, "Stranger");
    sign_in(&t.app, &coach);
    let reply = t
        .app
        .set_photo(SetPhotoArgs {
            member_id: member.id,
            data_base64: png_with_location(),
        })
        .unwrap();
    assert!(reply.data_url.starts_with("data:image/jpeg;base64,"));
    let file = t
        .data_dir()
        .join("photos")
        .join(format!("{}.jpg", member.id));
    let stored = std::fs::read(&file).unwrap();
    assert_eq!(&stored[..2], &[0xFF, 0xD8], "a JPEG");
    assert!(
        !stored.windows(7).any(|w| w == b"37.5665"),
        "no location kept"
    );
    let profile = t
        .app
        .get_profile(MemberRef {
            member_id: member.id,
        })
        .unwrap();
    assert!(profile.has_photo);
    assert_eq!(
        t.app
            .get_photo(MemberRef {
                member_id: member.id
            })
            .unwrap(),
        Some(reply)
    );
    // Refused by content, whatever it is called; nothing changes.
    let gif =
        base64::engine::general_purpose::STANDARD.encode(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;");
    assert_eq!(
        t.app.set_photo(SetPhotoArgs {
            member_id: member.id,
            data_base64: gif
        }),
        Err(ApiError::invalid("data_base64", Rule::Format))
    );
    assert_eq!(std::fs::read(&file).unwrap(), stored);
    // Another trainer can neither see nor set it.
    sign_in(&t.app, &stranger);
    assert_eq!(
        t.app.get_photo(MemberRef {
            member_id: member.id
        }),
        Err(ApiError::NotFound)
    );
    assert_eq!(
        t.app.set_photo(SetPhotoArgs {
            member_id: member.id,
            data_base64: png_with_location(),
        }),
        Err(ApiError::NotFound)
    );
}
