//! Page content rendered from one evaluation, kept for the next visitor: the overview and an
//! indicator's page are the same for everyone with the same rights until the plan changes, and
//! drawing their charts and writing their HTML cost more than the rest of the request. Only the
//! frame (who is signed in, the sign-out form's token) is written per request, around it.
//!
//! A kept page belongs to the evaluation it was rendered from: when the plan changes, the plan
//! cache evaluates it again and the page no longer matches, so it is rendered anew.

use crate::evaluation::PlanYear;
use shinchoku_core::FiscalYear;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

/// Pages kept at most (tens of kilobytes each); beyond, the cache starts again.
const PAGES: usize = 4096;

/// Which page of a plan's year, with what differs between visitors who may read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKey {
    Overview,
    Indicator {
        id: i64,
        /// The visitor may change it: the page offers the entry form.
        can_edit: bool,
    },
}

/// A page's title and its content's HTML.
#[derive(Debug)]
pub struct RenderedPage {
    pub title: String,
    pub html: String,
}

/// The content as HTML (set unescaped into the frame: it was escaped when rendered).
impl std::fmt::Display for RenderedPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.html)
    }
}

type Key = (i64, FiscalYear, PageKey);
/// A kept page and the evaluation it was rendered from.
type Kept = (Weak<PlanYear>, Arc<RenderedPage>);

#[derive(Debug, Default)]
pub struct RenderedPages {
    pages: Mutex<HashMap<Key, Kept>>,
}

impl RenderedPages {
    /// The page of plan `plan_id` rendered from exactly the evaluation `py`, if kept.
    pub fn get(
        &self,
        plan_id: i64,
        py: &Arc<PlanYear>,
        page: PageKey,
    ) -> Option<Arc<RenderedPage>> {
        let pages = self.pages.lock().ok()?;
        let (from, rendered) = pages.get(&(plan_id, py.year, page))?;
        // a live pointer to the same allocation is the same evaluation
        (from.strong_count() > 0 && std::ptr::eq(from.as_ptr(), Arc::as_ptr(py)))
            .then(|| rendered.clone())
    }

    /// Keeps a page rendered from the evaluation `py`.
    pub fn keep(
        &self,
        plan_id: i64,
        py: &Arc<PlanYear>,
        page: PageKey,
        rendered: RenderedPage,
    ) -> Arc<RenderedPage> {
        let rendered = Arc::new(rendered);
        if let Ok(mut pages) = self.pages.lock() {
            if pages.len() >= PAGES {
                pages.retain(|_, (from, _)| from.strong_count() > 0);
                if pages.len() >= PAGES {
                    pages.clear();
                }
            }
            pages.insert(
                (plan_id, py.year, page),
                (Arc::downgrade(py), rendered.clone()),
            );
        }
        rendered
    }
}
