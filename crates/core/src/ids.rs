//! Typed ids for the parts of a plan, so that an indicator's index can never be used as a
//! goal's. Within a [`crate::plan::Plan`] they are positions in its arenas.

use serde::{Deserialize, Serialize};

macro_rules! decl_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(u32);

        impl $name {
            pub(crate) fn from_index(i: usize) -> Self {
                // a plan holds far fewer than 4 billion parts of any kind
                Self(u32::try_from(i).unwrap_or(u32::MAX))
            }

            /// The position in the plan's list of this kind.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

decl_id!(
    /// A node of the goal tree (基本目標, 施策, ①…).
    GoalId
);
decl_id!(
    /// A project (事業).
    ProjectId
);
decl_id!(
    /// An outcome statement (成果目標).
    OutcomeId
);
decl_id!(
    /// An indicator (指標).
    IndicatorId
);
decl_id!(
    /// A footnote (※).
    NoteId
);
