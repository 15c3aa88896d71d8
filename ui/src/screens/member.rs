//! The member page: info card, body metrics, records. (Being built.)

use uuid::Uuid;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MemberScreenProps {
    pub member_id: Uuid,
}

#[function_component(MemberScreen)]
pub fn member_screen(props: &MemberScreenProps) -> Html {
    html! { <p data-testid="member-screen">{ props.member_id.to_string() }</p> }
}
