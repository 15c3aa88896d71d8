//! Derived totals per exercise and per day: sets, reps, volume, duration, calories.
//!
//! The store keeps totals in tables of their own and updates them in the same transaction as the
//! set that changed, so it needs to *add* and *subtract* one set's contribution rather than
//! re-reading a whole day. Everything is an integer sum, so add-then-subtract restores the exact
//! previous totals and an incremental total always equals a fresh recomputation
//! ([`Totals::from_sets`]).
//!
//! Whether a total is estimated cannot be kept as a single flag under subtraction (removing one
//! estimated set says nothing about the others), so the totals count estimated sets instead.

use crate::catalog::Load;

/// What one logged set adds to its exercise's and its day's totals.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub struct SetContribution {
    pub reps: u32,
    /// Reps × weight lifted in grams (see [`set_volume_g`]).
    pub volume_g: u64,
    /// The measured duration (0 when none), not the 90 s calorie slot: the day's duration is the
    /// time the trainer actually timed.
    pub duration_s: u32,
    /// The set's calories, from [`crate::calories::set_calories`].
    pub cal: u64,
    /// The calorie figure is estimated.
    pub estimated: bool,
}

impl SetContribution {
    pub fn new(
        load: Load,
        reps: u32,
        weight_g: u32,
        duration_s: Option<u32>,
        cal: u64,
        estimated: bool,
    ) -> Self {
        SetContribution {
            reps,
            volume_g: set_volume_g(load, reps, weight_g),
            duration_s: duration_s.unwrap_or(0),
            cal,
            estimated,
        }
    }
}

/// Reps × weight in grams, the volume one set adds.
///
/// An assisted exercise's weight is a counterweight that *helps*: more of it is an easier set, so
/// counting it as lifted volume would reward assistance. Such sets add no volume.
pub fn set_volume_g(load: Load, reps: u32, weight_g: u32) -> u64 {
    match load {
        Load::External | Load::None => u64::from(reps) * u64::from(weight_g),
        Load::Assisted => 0,
    }
}

/// Totals over a group of sets (one workout exercise, or one day).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub struct Totals {
    pub sets: u64,
    pub reps: u64,
    pub volume_g: u64,
    pub duration_s: u64,
    pub cal: u64,
    /// How many of the sets have an estimated calorie figure.
    pub estimated_sets: u64,
}

/// Subtracting a set that was never added would make a total negative: the stored totals and the
/// sets disagree, and the caller should recompute them from the sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TotalsUnderflow;

impl std::fmt::Display for TotalsUnderflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("totals would go negative: recompute them from the sets")
    }
}

impl std::error::Error for TotalsUnderflow {}

impl Totals {
    /// Totals recomputed from scratch.
    pub fn from_sets<'a>(sets: impl IntoIterator<Item = &'a SetContribution>) -> Self {
        let mut totals = Totals::default();
        for set in sets {
            totals.add(set);
        }
        totals
    }

    /// Adds one set. Saturates instead of overflowing (in-range sets would need billions of
    /// years of logging to get there).
    pub fn add(&mut self, set: &SetContribution) {
        self.sets = self.sets.saturating_add(1);
        self.reps = self.reps.saturating_add(u64::from(set.reps));
        self.volume_g = self.volume_g.saturating_add(set.volume_g);
        self.duration_s = self.duration_s.saturating_add(u64::from(set.duration_s));
        self.cal = self.cal.saturating_add(set.cal);
        self.estimated_sets = self.estimated_sets.saturating_add(u64::from(set.estimated));
    }

    /// Removes one set that was added before. On underflow nothing changes.
    pub fn subtract(&mut self, set: &SetContribution) -> Result<(), TotalsUnderflow> {
        let sub = |total: u64, part: u64| total.checked_sub(part).ok_or(TotalsUnderflow);
        let updated = Totals {
            sets: sub(self.sets, 1)?,
            reps: sub(self.reps, u64::from(set.reps))?,
            volume_g: sub(self.volume_g, set.volume_g)?,
            duration_s: sub(self.duration_s, u64::from(set.duration_s))?,
            cal: sub(self.cal, set.cal)?,
            estimated_sets: sub(self.estimated_sets, u64::from(set.estimated))?,
        };
        *self = updated;
        Ok(())
    }

    /// Replaces one set's old contribution by its new one (an edit).
    pub fn replace(
        &mut self,
        old: &SetContribution,
        new: &SetContribution,
    ) -> Result<(), TotalsUnderflow> {
        self.subtract(old)?;
        self.add(new);
        Ok(())
    }

    /// Whether any set's calorie figure is estimated.
    pub fn is_estimated(&self) -> bool {
        self.estimated_sets > 0
    }

    /// Whole kcal for display.
    pub fn kcal_rounded(&self) -> u64 {
        crate::calories::kcal_rounded(self.cal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_day_of_four_bench_sets() {
        // 4 × (10 reps × 60 kg) = 4 × 600_000 g = 2_400_000 g volume; 4 × 6_125 cal = 24_500.
        let set = SetContribution::new(Load::External, 10, 60_000, None, 6_125, false);
        let totals = Totals::from_sets(&[set; 4]);
        assert_eq!(
            totals,
            Totals {
                sets: 4,
                reps: 40,
                volume_g: 2_400_000,
                duration_s: 0,
                cal: 24_500,
                estimated_sets: 0,
            }
        );
        assert_eq!(totals.kcal_rounded(), 25);
        assert!(!totals.is_estimated());
    }

    #[test]
    fn assisted_sets_add_reps_but_no_volume() {
        assert_eq!(set_volume_g(Load::Assisted, 8, 20_000), 0);
        assert_eq!(set_volume_g(Load::None, 12, 0), 0);
        // Weight on a bodyweight exercise (a weighted pull-up) is still lifted: 5 × 10 kg.
        assert_eq!(set_volume_g(Load::None, 5, 10_000), 50_000);
        assert_eq!(
            set_volume_g(Load::External, 1_000, 1_000_000),
            1_000_000_000
        );
    }

    #[test]
    fn estimated_sets_are_counted_so_removal_is_exact() {
        let timed = SetContribution::new(Load::None, 0, 0, None, 8_663, true);
        let lifted = SetContribution::new(Load::External, 5, 100_000, Some(40), 6_125, false);
        let mut totals = Totals::from_sets(&[timed, lifted, timed]);
        assert_eq!(totals.estimated_sets, 2);
        totals.subtract(&timed).expect("was added");
        assert!(totals.is_estimated());
        totals.subtract(&timed).expect("was added");
        assert!(!totals.is_estimated());
        assert_eq!(totals, Totals::from_sets(&[lifted]));
    }

    #[test]
    fn subtracting_a_set_never_added_changes_nothing() {
        let small = SetContribution::new(Load::External, 1, 1_000, None, 100, false);
        let big = SetContribution::new(Load::External, 10, 1_000, None, 100, false);
        let mut totals = Totals::from_sets(&[small]);
        let before = totals;
        assert_eq!(totals.subtract(&big), Err(TotalsUnderflow));
        assert_eq!(totals, before);
        let mut empty = Totals::default();
        assert_eq!(empty.subtract(&small), Err(TotalsUnderflow));
        assert_eq!(empty, Totals::default());
    }

    fn contribution() -> impl Strategy<Value = SetContribution> {
        (
            0..=1_000u32,
            0..=1_000_000u32,
            proptest::option::of(0..=86_400u32),
            0..=400_000u64,
        )
            .prop_flat_map(|(reps, weight, duration, cal)| {
                (
                    prop_oneof![Just(Load::External), Just(Load::None), Just(Load::Assisted)],
                    any::<bool>(),
                )
                    .prop_map(move |(load, estimated)| {
                        SetContribution::new(load, reps, weight, duration, cal, estimated)
                    })
            })
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Add(SetContribution),
        Delete(prop::sample::Index),
        Change(prop::sample::Index, SetContribution),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            2 => contribution().prop_map(Edit::Add),
            1 => any::<prop::sample::Index>().prop_map(Edit::Delete),
            1 => (any::<prop::sample::Index>(), contribution())
                .prop_map(|(index, set)| Edit::Change(index, set)),
        ]
    }

    /// The oracle: plain sums over the current sets, written out field by field.
    fn recompute(sets: &[SetContribution]) -> (u64, u64, u64, u64, u64, u64) {
        let mut sums = (0, 0, 0, 0, 0, 0);
        for s in sets {
            sums.0 += 1;
            sums.1 += u64::from(s.reps);
            sums.2 += s.volume_g;
            sums.3 += u64::from(s.duration_s);
            sums.4 += s.cal;
            sums.5 += u64::from(s.estimated);
        }
        sums
    }

    proptest! {
        /// Random add/edit/delete sequences keep incremental totals equal to a recomputation.
        #[test]
        fn incremental_totals_equal_a_recomputation(edits in prop::collection::vec(edit(), 0..40)) {
            let mut sets: Vec<SetContribution> = Vec::new();
            let mut totals = Totals::default();
            for edit in edits {
                match edit {
                    Edit::Add(set) => {
                        totals.add(&set);
                        sets.push(set);
                    }
                    Edit::Delete(index) if !sets.is_empty() => {
                        let removed = sets.remove(index.index(sets.len()));
                        prop_assert_eq!(totals.subtract(&removed), Ok(()));
                    }
                    Edit::Change(index, set) if !sets.is_empty() => {
                        let i = index.index(sets.len());
                        prop_assert_eq!(totals.replace(&sets[i], &set), Ok(()));
                        sets[i] = set;
                    }
                    Edit::Delete(_) | Edit::Change(..) => {}
                }
                let t = totals;
                prop_assert_eq!(
                    (t.sets, t.reps, t.volume_g, t.duration_s, t.cal, t.estimated_sets),
                    recompute(&sets)
                );
                prop_assert_eq!(totals, Totals::from_sets(&sets));
            }
        }
    }
}
