//! Pieces several screens share.

pub mod password_checklist;
pub mod stepper;
pub mod timers;
pub mod trend_chart;
