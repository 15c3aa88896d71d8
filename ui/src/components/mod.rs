//! Pieces several screens share.

pub mod password_checklist;
pub mod trend_chart;
