//! The exercise catalog's vocabulary: body parts, equipment, what an exercise measures, what its
//! load means, set types, and the default MET of a custom exercise.
//!
//! Each kind is a closed enum with a stable snake_case code (stored in SQLite, synced, sent over
//! IPC) and Korean/English labels, so the UI never invents a spelling and the store never stores
//! a free-form category.

use crate::code::code_enum;

code_enum! {
    /// The 12 body parts exercises are browsed by.
    pub enum BodyPart as "body_part" {
        Chest => "chest",
        Back => "back",
        Shoulders => "shoulders",
        Biceps => "biceps",
        Triceps => "triceps",
        Abs => "abs",
        Quads => "quads",
        Hamstrings => "hamstrings",
        Glutes => "glutes",
        Calves => "calves",
        Forearms => "forearms",
        Traps => "traps",
    }
}

impl BodyPart {
    /// The Korean label, as in the original product.
    pub const fn label_ko(self) -> &'static str {
        match self {
            BodyPart::Chest => "가슴",
            BodyPart::Back => "등",
            BodyPart::Shoulders => "어깨",
            BodyPart::Biceps => "이두",
            BodyPart::Triceps => "삼두",
            BodyPart::Abs => "복근",
            BodyPart::Quads => "대퇴사두",
            BodyPart::Hamstrings => "햄스트링",
            BodyPart::Glutes => "둔근",
            BodyPart::Calves => "종아리",
            BodyPart::Forearms => "전완",
            BodyPart::Traps => "승모",
        }
    }

    /// The English label, capitalised for headings and chips.
    pub const fn label_en(self) -> &'static str {
        match self {
            BodyPart::Chest => "Chest",
            BodyPart::Back => "Back",
            BodyPart::Shoulders => "Shoulders",
            BodyPart::Biceps => "Biceps",
            BodyPart::Triceps => "Triceps",
            BodyPart::Abs => "Abs",
            BodyPart::Quads => "Quads",
            BodyPart::Hamstrings => "Hamstrings",
            BodyPart::Glutes => "Glutes",
            BodyPart::Calves => "Calves",
            BodyPart::Forearms => "Forearms",
            BodyPart::Traps => "Traps",
        }
    }
}

code_enum! {
    /// The 9 kinds of equipment, the second level of browsing.
    pub enum Equipment as "equipment" {
        Bodyweight => "bodyweight",
        Dumbbell => "dumbbell",
        Barbell => "barbell",
        Machine => "machine",
        Cable => "cable",
        SmithMachine => "smith_machine",
        Band => "band",
        Stretching => "stretching",
        Cardio => "cardio",
    }
}

impl Equipment {
    pub const fn label_ko(self) -> &'static str {
        match self {
            Equipment::Bodyweight => "맨몸",
            Equipment::Dumbbell => "덤벨",
            Equipment::Barbell => "바벨",
            Equipment::Machine => "머신",
            Equipment::Cable => "케이블",
            Equipment::SmithMachine => "스미스 머신",
            Equipment::Band => "밴드",
            Equipment::Stretching => "스트레칭",
            Equipment::Cardio => "유산소",
        }
    }

    pub const fn label_en(self) -> &'static str {
        match self {
            Equipment::Bodyweight => "Bodyweight",
            Equipment::Dumbbell => "Dumbbell",
            Equipment::Barbell => "Barbell",
            Equipment::Machine => "Machine",
            Equipment::Cable => "Cable",
            Equipment::SmithMachine => "Smith machine",
            Equipment::Band => "Band",
            Equipment::Stretching => "Stretching",
            Equipment::Cardio => "Cardio",
        }
    }
}

code_enum! {
    /// What a set of the exercise records as its main measurement. It decides the time a set
    /// counts for in the calorie figure (see [`crate::calories::effective_seconds`]).
    pub enum Measures as "measures" {
        /// Repetitions (resistance and bodyweight exercises).
        Reps => "reps",
        /// A duration (plank, treadmill by time).
        Time => "time",
        /// A distance (rowing, cycling, swimming), usually with a duration.
        Distance => "distance",
    }
}

code_enum! {
    /// What the weight field of a set means for the exercise.
    pub enum Load as "load" {
        /// Weight lifted (barbell, dumbbell, machine stack).
        External => "external",
        /// No weight applies (bodyweight, stretching, most cardio); the field stays 0.
        None => "none",
        /// A counterweight that *helps* (assisted pull-up): more weight means an easier set.
        Assisted => "assisted",
    }
}

code_enum! {
    /// The kind of a logged set. Shown as a badge; it does not change the calorie figure.
    #[derive(Default)]
    pub enum SetType as "set_type" {
        WarmUp => "warm_up",
        #[default]
        Working => "working",
        Drop => "drop",
        Failure => "failure",
    }
}

/// The MET (in tenths) a new custom exercise starts with, before the trainer edits it:
/// 3.0 for bodyweight work (Compendium 02056), 3.5 for weighted resistance (02054), 5.0 for
/// time- or distance-measured cardio.
///
/// Assisted exercises are bodyweight movements made lighter, so they take the bodyweight value.
pub const fn default_met_tenths(measures: Measures, load: Load) -> u32 {
    match (measures, load) {
        (Measures::Time | Measures::Distance, _) => 50,
        (Measures::Reps, Load::External) => 35,
        (Measures::Reps, Load::None | Load::Assisted) => 30,
    }
}

/// The Compendium code that goes with [`default_met_tenths`], when one entry matches it.
///
/// Generic cardio at 5.0 has no single Compendium activity (elliptical, rowing and squats all sit
/// at 5.0), so that default has no code: the UI shows "custom" until the trainer picks one.
pub const fn default_compendium_code(measures: Measures, load: Load) -> Option<&'static str> {
    match (measures, load) {
        (Measures::Time | Measures::Distance, _) => None,
        (Measures::Reps, Load::External) => Some("02054"),
        (Measures::Reps, Load::None | Load::Assisted) => Some("02056"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_parts_have_codes_and_both_labels() {
        let expected = [
            ("chest", "가슴", "Chest"),
            ("back", "등", "Back"),
            ("shoulders", "어깨", "Shoulders"),
            ("biceps", "이두", "Biceps"),
            ("triceps", "삼두", "Triceps"),
            ("abs", "복근", "Abs"),
            ("quads", "대퇴사두", "Quads"),
            ("hamstrings", "햄스트링", "Hamstrings"),
            ("glutes", "둔근", "Glutes"),
            ("calves", "종아리", "Calves"),
            ("forearms", "전완", "Forearms"),
            ("traps", "승모", "Traps"),
        ];
        assert_eq!(BodyPart::ALL.len(), 12);
        for (part, (code, ko, en)) in BodyPart::ALL.iter().zip(expected) {
            assert_eq!(
                (part.as_str(), part.label_ko(), part.label_en()),
                (code, ko, en)
            );
            assert_eq!(code.parse::<BodyPart>(), Ok(*part));
            assert_eq!(
                serde_json::to_string(part).expect("serializes"),
                format!("\"{code}\"")
            );
        }
    }

    #[test]
    fn equipment_has_codes_and_both_labels() {
        let expected = [
            ("bodyweight", "맨몸", "Bodyweight"),
            ("dumbbell", "덤벨", "Dumbbell"),
            ("barbell", "바벨", "Barbell"),
            ("machine", "머신", "Machine"),
            ("cable", "케이블", "Cable"),
            ("smith_machine", "스미스 머신", "Smith machine"),
            ("band", "밴드", "Band"),
            ("stretching", "스트레칭", "Stretching"),
            ("cardio", "유산소", "Cardio"),
        ];
        assert_eq!(Equipment::ALL.len(), 9);
        for (kind, (code, ko, en)) in Equipment::ALL.iter().zip(expected) {
            assert_eq!(
                (kind.as_str(), kind.label_ko(), kind.label_en()),
                (code, ko, en)
            );
            let back: Equipment =
                serde_json::from_str(&format!("\"{code}\"")).expect("deserializes");
            assert_eq!(back, *kind);
        }
    }

    #[test]
    fn unknown_codes_are_rejected_not_guessed() {
        assert!("Chest".parse::<BodyPart>().is_err());
        assert!("smith machine".parse::<Equipment>().is_err());
        assert!(serde_json::from_str::<Equipment>("\"kettlebell\"").is_err());
        assert!(serde_json::from_str::<SetType>("3").is_err());
        let error = "x".parse::<Load>().expect_err("unknown");
        assert_eq!(error.to_string(), "unknown load code \"x\"");
    }

    #[test]
    fn set_types_default_to_working() {
        assert_eq!(SetType::default(), SetType::Working);
        let codes: Vec<&str> = SetType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(codes, ["warm_up", "working", "drop", "failure"]);
        let measures: Vec<&str> = Measures::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(measures, ["reps", "time", "distance"]);
        let loads: Vec<&str> = Load::ALL.iter().map(|l| l.as_str()).collect();
        assert_eq!(loads, ["external", "none", "assisted"]);
    }

    #[test]
    fn custom_exercises_start_from_the_domain_defaults() {
        assert_eq!(default_met_tenths(Measures::Reps, Load::External), 35);
        assert_eq!(default_met_tenths(Measures::Reps, Load::None), 30);
        assert_eq!(default_met_tenths(Measures::Reps, Load::Assisted), 30);
        assert_eq!(default_met_tenths(Measures::Time, Load::None), 50);
        assert_eq!(default_met_tenths(Measures::Distance, Load::External), 50);
        assert_eq!(
            default_compendium_code(Measures::Reps, Load::External),
            Some("02054")
        );
        assert_eq!(
            default_compendium_code(Measures::Reps, Load::None),
            Some("02056")
        );
        assert_eq!(default_compendium_code(Measures::Time, Load::None), None);
    }
}
