//! A member's sessions by date. (Being built.)

use uuid::Uuid;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HistoryScreenProps {
    pub member_id: Uuid,
}

#[function_component(HistoryScreen)]
pub fn history_screen(props: &HistoryScreenProps) -> Html {
    html! { <p data-testid="history-screen">{ props.member_id.to_string() }</p> }
}
