//! The app's state in one reducer store, provided by context: who is signed in, their settings,
//! what the app told about itself, and the one-time recovery code to show after sign-up. Leaf
//! components read it; only the root dispatches (after the IPC call that justifies the change).

use std::rc::Rc;

use trainmate_api::{AppInfoReply, Me, Settings};
use uuid::Uuid;
use yew::prelude::*;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// False until `current_user` (and the user's settings) answered at start.
    pub started: bool,
    pub me: Option<Me>,
    pub settings: Settings,
    pub app_info: Option<AppInfoReply>,
    /// A trainer's recovery code from sign-up, shown once on the welcome screen.
    pub recovery_code: Option<String>,
    /// The member highlighted on the members screen.
    pub selected_member: Option<Uuid>,
    /// Bumped when a member page changed what the member list shows (a name, a photo, a
    /// release): the list beside it is asked for again.
    pub members_version: u32,
    /// Welcome's "enter my body data": the member page opens its add-entry dialog once.
    pub open_metric_dialog: bool,
}

pub enum Action {
    Started {
        me: Option<Me>,
        settings: Option<Settings>,
    },
    AppInfo(AppInfoReply),
    SignedIn {
        me: Me,
        settings: Option<Settings>,
    },
    SignedUp {
        me: Me,
        recovery_code: Option<String>,
        settings: Option<Settings>,
    },
    /// The welcome screen was left: the code is gone for good.
    RecoveryCodeSeen,
    Consented(Me),
    Settings(Settings),
    SignedOut,
    /// A row of the member list was picked (or the pick cleared).
    SelectMember(Option<Uuid>),
    /// A member page changed something the member list shows.
    MembersChanged,
    /// Open (or no longer open) the member page's add-entry dialog on arrival.
    OpenMetricDialog(bool),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Started { me, settings } => {
                next.started = true;
                next.me = me;
                if let Some(s) = settings {
                    next.settings = s;
                }
            }
            Action::AppInfo(info) => next.app_info = Some(info),
            Action::SignedIn { me, settings } => {
                next.me = Some(me);
                next.recovery_code = None;
                next.selected_member = None;
                if let Some(s) = settings {
                    next.settings = s;
                }
            }
            Action::SignedUp {
                me,
                recovery_code,
                settings,
            } => {
                next.me = Some(me);
                next.recovery_code = recovery_code;
                if let Some(s) = settings {
                    next.settings = s;
                }
            }
            Action::RecoveryCodeSeen => next.recovery_code = None,
            Action::Consented(me) => next.me = Some(me),
            Action::Settings(s) => next.settings = s,
            Action::SignedOut => {
                next.me = None;
                next.recovery_code = None;
                next.selected_member = None;
            }
            Action::SelectMember(id) => next.selected_member = id,
            Action::MembersChanged => next.members_version = next.members_version.wrapping_add(1),
            Action::OpenMetricDialog(open) => next.open_metric_dialog = open,
        }
        Rc::new(next)
    }
}

pub type Store = UseReducerHandle<AppState>;
