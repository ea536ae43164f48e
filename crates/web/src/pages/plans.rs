//! The first page after signing in: the plans this account may read.

use super::Frame;
use crate::authz::{Action, authorize};
use crate::error::WebError;
use crate::session::Visitor;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use shinchoku_store::PlanSummary;

#[derive(Template, WebTemplate)]
#[template(path = "plans.html")]
pub struct PlansView {
    pub frame: Frame,
    pub plans: Vec<PlanLine>,
}

pub struct PlanLine {
    pub id: i64,
    pub name: String,
    pub municipality: String,
    pub period: String,
    pub indicators: i64,
    pub updated: String,
}

impl PlanLine {
    fn of(p: PlanSummary) -> PlanLine {
        PlanLine {
            id: p.id,
            name: p.name,
            municipality: match p.municipality_name {
                Some(n) => format!("{n}({})", p.municipality_code),
                None => p.municipality_code,
            },
            period: p.period.map_or_else(String::new, |(a, b)| {
                match (
                    shinchoku_core::FiscalYear::new(a as i32),
                    shinchoku_core::FiscalYear::new(b as i32),
                ) {
                    (Ok(a), Ok(b)) => format!("{a}〜{b}"),
                    _ => String::new(),
                }
            }),
            indicators: p.indicators,
            updated: shinchoku_store::japan_time(p.updated_at),
        }
    }
}

pub async fn list(State(state): State<AppState>, visitor: Visitor) -> Result<PlansView, WebError> {
    let plans = state
        .store
        .plans()
        .await?
        .into_iter()
        .filter(|p| {
            authorize(
                visitor.account(),
                Action::ReadPlan {
                    municipality: &p.municipality_code,
                },
            )
            .is_ok()
        })
        .map(PlanLine::of)
        .collect();
    Ok(PlansView {
        frame: Frame::new("計画の一覧", &visitor),
        plans,
    })
}
