//! Pieces several screens share.

pub mod password_checklist;
