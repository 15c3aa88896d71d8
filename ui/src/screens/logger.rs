//! The session logger for one member's day. (Being built.)

use uuid::Uuid;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LoggerScreenProps {
    pub member_id: Uuid,
    /// Local date YYYY-MM-DD.
    pub date: String,
}

#[function_component(LoggerScreen)]
pub fn logger_screen(props: &LoggerScreenProps) -> Html {
    html! { <p data-testid="logger-screen">{ format!("{} {}", props.member_id, props.date) }</p> }
}
