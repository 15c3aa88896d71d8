//! Who may see and change what: domain.md's permission table as data, and one decision function.
//!
//! Every command in `trainmate-app` asks [`decide`] before touching data that belongs to someone,
//! after working out how the caller relates to the data's owner ([`Relation`]). The table is a
//! constant so reviewing the rules means reading one list, and the tests spell out every cell.
//!
//! A refusal is [`Decision::NotFound`], never "forbidden": answering differently for "exists but
//! not yours" would let anyone probe which ids exist (the original product leaked every member's
//! records by id). [`Forbidden`] is only for role-level actions that have no target, through
//! [`require_role`].

use crate::code::code_enum;

code_enum! {
    /// The signed-in user's account type.
    pub enum Role as "role" {
        Trainer => "trainer",
        Member => "member",
    }
}

/// How the signed-in user relates to the owner of the data being accessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The data is the caller's own.
    SelfUser,
    /// The owner is the caller's trainer (the caller is a member assigned to them).
    MyTrainer,
    /// The owner is a member assigned to the caller (the caller is their trainer).
    MyAssignedMember,
    /// The owner is another member of the caller's trainer.
    FellowMember,
    /// The owner is a member with no trainer.
    UnassignedMember,
    /// Anyone else: other trainers and their members.
    Other,
}

impl Relation {
    pub const ALL: &'static [Relation] = &[
        Relation::SelfUser,
        Relation::MyTrainer,
        Relation::MyAssignedMember,
        Relation::FellowMember,
        Relation::UnassignedMember,
        Relation::Other,
    ];
}

/// Something the caller wants to do with another user's (or their own) data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Name, email, phone, birth date, photo and latest metrics.
    ReadProfile,
    WriteProfile,
    /// The body-metrics history.
    ReadMetrics,
    WriteMetrics,
    /// Days, workout exercises and sets, with their totals.
    ReadWorkouts,
    /// Create days, add workout exercises and sets, and edit day- and exercise-level fields.
    LogWorkout,
    /// Edit or delete an existing set. `recorded_by_caller`: the caller recorded that set
    /// themselves — a member may change only those, while still reading the ones their trainer
    /// recorded.
    EditSet {
        recorded_by_caller: bool,
    },
    /// Set a new password without knowing the current one (a trainer for an assigned member).
    /// Changing one's own password with the current one, or with the recovery code, is not an
    /// access to someone else's data and does not go through this table.
    ResetPassword,
    /// End a trainer–member assignment (nothing is deleted).
    Release,
    /// Find the owner in the unassigned-member search (name and email only).
    SearchUnassigned,
    /// Assign the owner to the caller.
    Assign,
    /// Name, email, phone and photo only: what a member sees of their trainer.
    ReadContact,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::ReadProfile,
        Action::WriteProfile,
        Action::ReadMetrics,
        Action::WriteMetrics,
        Action::ReadWorkouts,
        Action::LogWorkout,
        Action::EditSet {
            recorded_by_caller: true,
        },
        Action::EditSet {
            recorded_by_caller: false,
        },
        Action::ResetPassword,
        Action::Release,
        Action::SearchUnassigned,
        Action::Assign,
        Action::ReadContact,
    ];
}

/// The answer to an access by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    Allow,
    /// Answer exactly as if the id did not exist — for reads and writes alike.
    NotFound,
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Decision::Allow
    }
}

// The table below reads as a list of actions, without an `Action::` prefix on every line.
use Action::*;

/// Everything one may do with one's own data: read and write it all.
const OWN_DATA: &[Action] = &[
    ReadProfile,
    WriteProfile,
    ReadMetrics,
    WriteMetrics,
    ReadWorkouts,
    LogWorkout,
    EditSet {
        recorded_by_caller: true,
    },
    EditSet {
        recorded_by_caller: false,
    },
    ReadContact,
];

/// The permission table: for each role and relation, the actions allowed. A pair that is not
/// listed allows nothing.
///
/// Relationship actions (reset password, release, search, assign) are never allowed on oneself:
/// they act on someone else's account.
pub const PERMISSIONS: &[(Role, Relation, &[Action])] = &[
    // Trainer on their own data: read and write everything, including their own workouts.
    (Role::Trainer, Relation::SelfUser, OWN_DATA),
    // Trainer on an assigned member: profile, metrics, workouts (whoever recorded the sets),
    // reset password, release.
    (
        Role::Trainer,
        Relation::MyAssignedMember,
        &[
            ReadProfile,
            WriteProfile,
            ReadMetrics,
            WriteMetrics,
            ReadWorkouts,
            LogWorkout,
            EditSet {
                recorded_by_caller: true,
            },
            EditSet {
                recorded_by_caller: false,
            },
            ReadContact,
            ResetPassword,
            Release,
        ],
    ),
    // Trainer on an unassigned member: find them by name or email, and assign them. Nothing else.
    (
        Role::Trainer,
        Relation::UnassignedMember,
        &[SearchUnassigned, Assign],
    ),
    // Member on their own data: profile and metrics; log workouts; change only the sets they
    // recorded; read (not change) the sets their trainer recorded.
    (
        Role::Member,
        Relation::SelfUser,
        &[
            ReadProfile,
            WriteProfile,
            ReadMetrics,
            WriteMetrics,
            ReadWorkouts,
            LogWorkout,
            EditSet {
                recorded_by_caller: true,
            },
            ReadContact,
        ],
    ),
    // Member on their trainer: name, email, phone, photo.
    (Role::Member, Relation::MyTrainer, &[ReadContact]),
];

/// The one authorization decision every command goes through.
pub fn decide(role: Role, relation: Relation, action: Action) -> Decision {
    let allowed = PERMISSIONS
        .iter()
        .any(|&(r, rel, actions)| r == role && rel == relation && actions.contains(&action));
    if allowed {
        Decision::Allow
    } else {
        Decision::NotFound
    }
}

/// The caller's role may not use this command at all (no target involved, so saying so reveals
/// nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forbidden;

impl std::fmt::Display for Forbidden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("this account type may not do that")
    }
}

impl std::error::Error for Forbidden {}

/// For role-level commands without a target (a member calling a trainer-only command such as
/// searching unassigned members or creating a custom exercise).
pub fn require_role(role: Role, needed: Role) -> Result<(), Forbidden> {
    if role == needed {
        Ok(())
    } else {
        Err(Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Domain.md's table, one row per (role, relation) and one column per action, typed out by
    /// hand: `A` = allow, `.` = not_found. Columns, in order:
    ///
    /// RP read profile, WP write profile, RM read metrics, WM write metrics, RW read workouts,
    /// LW log workout, E+ edit a set I recorded, E- edit a set someone else recorded,
    /// PW reset password, RL release, SU search unassigned, AS assign, RC read contact.
    #[rustfmt::skip]
    const EXPECTED: &[(Role, Relation, &str)] = &[
        //                                          RP WP RM WM RW LW E+ E- PW RL SU AS RC
        (Role::Trainer, Relation::SelfUser,         "A  A  A  A  A  A  A  A  .  .  .  .  A"),
        (Role::Trainer, Relation::MyTrainer,        ".  .  .  .  .  .  .  .  .  .  .  .  ."),
        (Role::Trainer, Relation::MyAssignedMember, "A  A  A  A  A  A  A  A  A  A  .  .  A"),
        (Role::Trainer, Relation::FellowMember,     ".  .  .  .  .  .  .  .  .  .  .  .  ."),
        (Role::Trainer, Relation::UnassignedMember, ".  .  .  .  .  .  .  .  .  .  A  A  ."),
        (Role::Trainer, Relation::Other,            ".  .  .  .  .  .  .  .  .  .  .  .  ."),
        (Role::Member,  Relation::SelfUser,         "A  A  A  A  A  A  A  .  .  .  .  .  A"),
        (Role::Member,  Relation::MyTrainer,        ".  .  .  .  .  .  .  .  .  .  .  .  A"),
        (Role::Member,  Relation::MyAssignedMember, ".  .  .  .  .  .  .  .  .  .  .  .  ."),
        (Role::Member,  Relation::FellowMember,     ".  .  .  .  .  .  .  .  .  .  .  .  ."),
        (Role::Member,  Relation::UnassignedMember, ".  .  .  .  .  .  .  .  .  .  .  .  ."),
        (Role::Member,  Relation::Other,            ".  .  .  .  .  .  .  .  .  .  .  .  ."),
    ];

    /// The columns of [`EXPECTED`], listed independently of `Action::ALL`.
    const COLUMNS: [Action; 13] = [
        Action::ReadProfile,
        Action::WriteProfile,
        Action::ReadMetrics,
        Action::WriteMetrics,
        Action::ReadWorkouts,
        Action::LogWorkout,
        Action::EditSet {
            recorded_by_caller: true,
        },
        Action::EditSet {
            recorded_by_caller: false,
        },
        Action::ResetPassword,
        Action::Release,
        Action::SearchUnassigned,
        Action::Assign,
        Action::ReadContact,
    ];

    #[test]
    fn every_cell_of_the_table() {
        // Every role × relation pair is spelled out, and every action is a column.
        assert_eq!(EXPECTED.len(), Role::ALL.len() * Relation::ALL.len());
        assert_eq!(COLUMNS.len(), Action::ALL.len());
        for action in Action::ALL {
            assert!(COLUMNS.contains(action), "{action:?} has no column");
        }
        let mut cells = 0;
        for &(role, relation, row) in EXPECTED {
            let marks: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(marks.len(), COLUMNS.len(), "row {role:?} {relation:?}");
            for (&action, &mark) in COLUMNS.iter().zip(&marks) {
                let expected = match mark {
                    "A" => Decision::Allow,
                    "." => Decision::NotFound,
                    other => panic!("bad mark {other:?}"),
                };
                assert_eq!(
                    decide(role, relation, action),
                    expected,
                    "{role:?} → {relation:?}: {action:?}"
                );
                cells += 1;
            }
        }
        assert_eq!(cells, 2 * 6 * 13);
    }

    #[test]
    fn the_original_products_leaks_stay_closed() {
        // 1. Any signed-in user could read any member's records and profile by id.
        for relation in [
            Relation::FellowMember,
            Relation::UnassignedMember,
            Relation::Other,
        ] {
            assert_eq!(
                decide(Role::Member, relation, Action::ReadWorkouts),
                Decision::NotFound
            );
            assert_eq!(
                decide(Role::Member, relation, Action::ReadProfile),
                Decision::NotFound
            );
        }
        assert_eq!(
            decide(Role::Trainer, Relation::Other, Action::ReadProfile),
            Decision::NotFound
        );
        // 2. A trainer could write sets for members not assigned to them.
        for relation in [Relation::UnassignedMember, Relation::Other] {
            assert_eq!(
                decide(Role::Trainer, relation, Action::LogWorkout),
                Decision::NotFound
            );
        }
        // A member sees their trainer's contact but not the trainer's own workouts.
        assert!(decide(Role::Member, Relation::MyTrainer, Action::ReadContact).is_allowed());
        assert!(!decide(Role::Member, Relation::MyTrainer, Action::ReadWorkouts).is_allowed());
    }

    #[test]
    fn roles_gate_targetless_commands() {
        assert_eq!(require_role(Role::Trainer, Role::Trainer), Ok(()));
        assert_eq!(require_role(Role::Member, Role::Trainer), Err(Forbidden));
        assert_eq!(require_role(Role::Member, Role::Member), Ok(()));
        assert_eq!(require_role(Role::Trainer, Role::Member), Err(Forbidden));
        assert_eq!(Role::Trainer.as_str(), "trainer");
        assert_eq!("member".parse::<Role>(), Ok(Role::Member));
    }
}
