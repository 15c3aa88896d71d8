//! Profiles and the dated body-metrics history.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::UserType;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub user_id: Uuid,
    pub user_type: UserType,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    /// Local date YYYY-MM-DD.
    pub birth_date: Option<String>,
    pub has_photo: bool,
    pub latest: LatestMetrics,
    /// How many of the four body metrics are known (0–4).
    pub completeness: u8,
}

/// The latest known value of each metric, each from its own most recent entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatestMetrics {
    pub height_mm: Option<u32>,
    pub weight_g: Option<u32>,
    pub body_fat_tenths: Option<u32>,
    pub skeletal_muscle_g: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateProfileArgs {
    pub member_id: Uuid,
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub birth_date: Option<String>,
}

/// A member's trainer as the member sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub has_photo: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyMetricEntry {
    pub entry_id: Uuid,
    pub member_id: Uuid,
    /// Local date YYYY-MM-DD.
    pub measured_on: String,
    pub height_mm: Option<u32>,
    pub weight_g: Option<u32>,
    pub body_fat_tenths: Option<u32>,
    pub skeletal_muscle_g: Option<u32>,
}

/// Numbers arrive signed so a negative value is answered `invalid` with `min`, not a type error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddBodyMetricArgs {
    pub member_id: Uuid,
    pub measured_on: String,
    #[serde(default)]
    pub height_mm: Option<i64>,
    #[serde(default)]
    pub weight_g: Option<i64>,
    #[serde(default)]
    pub body_fat_tenths: Option<i64>,
    #[serde(default)]
    pub skeletal_muscle_g: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateBodyMetricArgs {
    pub entry_id: Uuid,
    pub measured_on: String,
    #[serde(default)]
    pub height_mm: Option<i64>,
    #[serde(default)]
    pub weight_g: Option<i64>,
    #[serde(default)]
    pub body_fat_tenths: Option<i64>,
    #[serde(default)]
    pub skeletal_muscle_g: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRef {
    pub entry_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetPhotoArgs {
    pub member_id: Uuid,
    /// The file's bytes, base64 (standard alphabet, padding optional).
    pub data_base64: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoReply {
    /// `data:image/jpeg;base64,…` for an `<img src>`.
    pub data_url: String,
}
