//! Footnotes (※ …) and the marks that point to them. A note is attached to the cells marked
//! with its number, else to every marked cell of its scope (a table, or the whole sheet), else
//! to the whole table when the table's header carries the mark or nothing is marked at all.

use shinchoku_core::ids::IndicatorId;
use shinchoku_core::text::normalize;
use shinchoku_core::{Finding, FindingKind, Location, PlanBuilder};

/// The marks and indicators a note can attach to.
#[derive(Debug, Default)]
pub struct NoteScope {
    pub indicators: Vec<IndicatorId>,
    /// Indicators with a marked cell, the mark's number, and the cell's text.
    marks: Vec<(IndicatorId, Option<u32>, String)>,
    /// A header of the table carries ※: its notes speak of every row.
    pub header_marked: bool,
    /// How many notes were attached since the scope opened.
    notes: usize,
    used: Vec<bool>,
}

/// The number of a note text: `※1 …` → 1, `※ …` → none; `None` when the text is no note.
pub fn note_number(text: &str) -> Option<Option<u32>> {
    let t = normalize(text);
    let rest = t.strip_prefix('※').or_else(|| t.strip_prefix('*'))?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some(digits.parse().ok())
}

impl NoteScope {
    pub fn mark(&mut self, indicator: IndicatorId, number: Option<u32>, raw: &str) {
        self.marks.push((indicator, number, raw.to_owned()));
        self.used.push(false);
    }

    pub fn add_indicator(&mut self, id: IndicatorId) {
        self.indicators.push(id);
    }

    /// Attaches a note text found at `location` to what it speaks of.
    pub fn attach(&mut self, plan: &mut PlanBuilder, text: &str, location: Option<Location>) {
        let number = note_number(text).flatten();
        let mut targets: Vec<IndicatorId> = Vec::new();
        let take = |targets: &mut Vec<IndicatorId>,
                    i: usize,
                    marks: &[(IndicatorId, Option<u32>, String)]| {
            if !targets.contains(&marks[i].0) {
                targets.push(marks[i].0);
            }
        };
        if let Some(n) = number {
            for i in 0..self.marks.len() {
                if self.marks[i].1 == Some(n) {
                    take(&mut targets, i, &self.marks);
                    self.used[i] = true;
                }
            }
        }
        if targets.is_empty() {
            for i in 0..self.marks.len() {
                if self.marks[i].1.is_none() || number.is_none() {
                    take(&mut targets, i, &self.marks);
                    self.used[i] = true;
                }
            }
        }
        // a numbered note no cell points to: said so, and kept with its table
        let unmatched_number = number.is_some() && targets.is_empty();
        if self.header_marked || targets.is_empty() {
            for id in &self.indicators {
                if !targets.contains(id) {
                    targets.push(*id);
                }
            }
        }
        if targets.is_empty() || unmatched_number {
            plan.report(
                Finding::new(FindingKind::NoteWithoutMark {
                    text: text.trim().to_owned(),
                })
                .at(location.clone()),
            );
        }
        plan.add_note(text.trim(), location, &targets);
        self.notes += 1;
    }

    /// Closes the scope: a marked cell whose note never came is a finding.
    pub fn close(self, plan: &mut PlanBuilder) {
        for (i, (id, _, raw)) in self.marks.iter().enumerate() {
            if !self.used[i] && (self.notes == 0 || !self.header_marked) {
                let ind = &plan.plan().indicators[id.index()];
                let finding = Finding::new(FindingKind::NoteMarkWithoutNote {
                    indicator: ind.name.clone(),
                    raw: raw.clone(),
                })
                .at(ind.location.clone())
                .about(*id);
                plan.report(finding);
            }
        }
    }
}
