//! Charts drawn as SVG, for the web's pages and the printed report alike: every position is
//! computed here, the templates (`templates/chart_*.html`) only draw. Each chart carries a title
//! and a description, and the page puts its data table beside it, so a screen reader has the
//! figures. Colours come from the style sheet by class (`g0` the best grade …), so the web's
//! strict Content-Security-Policy needs no inline style; `id` keeps the SVG's ids unique when a
//! report holds many charts.

use askama::Template;

/// The palette (grade colours `--g0`…`--gx`) and the charts' style, by class: the web serves it
/// before its own style sheet, the printed report holds it.
pub const STYLE: &str = include_str!("../templates/chart.css");

/// A horizontal stacked bar per row (a goal), one segment per grade.
#[derive(Debug, Clone, Template)]
#[template(path = "chart_bars.html")]
pub struct StackedBars {
    /// Prefix of the SVG's element ids, unique in its document.
    pub id: String,
    pub title: String,
    pub description: String,
    pub width: u32,
    pub height: u32,
    pub rows: Vec<BarRow>,
    pub legend: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct BarRow {
    pub label: String,
    pub y: u32,
    pub text_y: u32,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
pub struct Segment {
    pub x: f64,
    pub width: f64,
    pub class: String,
    pub tip: String,
}

const BAR_LEFT: f64 = 8.0;
const BAR_WIDTH: f64 = 560.0;
const ROW_HEIGHT: u32 = 44;

/// The distribution of grades under each goal: `labels` best first, counts in their order.
pub fn grade_bars(
    id: &str,
    title: &str,
    labels: &[String],
    rows: &[(String, Vec<usize>)],
) -> StackedBars {
    let bars: Vec<BarRow> = rows
        .iter()
        .enumerate()
        .map(|(i, (goal, counts))| {
            let total: usize = counts.iter().sum();
            let mut x = BAR_LEFT;
            let segments = counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(g, n)| {
                    let width = BAR_WIDTH * *n as f64 / total.max(1) as f64;
                    let s = Segment {
                        x,
                        width,
                        class: grade_class(g, labels.len()),
                        tip: format!("{}: {n}件", labels[g]),
                    };
                    x += width;
                    s
                })
                .collect();
            let top = i as u32 * ROW_HEIGHT;
            BarRow {
                label: goal.clone(),
                y: top + 18,
                text_y: top + 12,
                segments,
            }
        })
        .collect();
    let summary = rows
        .iter()
        .map(|(goal, counts)| {
            let parts: Vec<String> = counts
                .iter()
                .zip(labels)
                .filter(|(n, _)| **n > 0)
                .map(|(n, l)| format!("{l} {n}件"))
                .collect();
            format!("{goal}: {}", parts.join("、"))
        })
        .collect::<Vec<_>>()
        .join("。");
    StackedBars {
        id: id.to_owned(),
        title: title.to_owned(),
        description: summary,
        width: (BAR_LEFT * 2.0 + BAR_WIDTH) as u32,
        height: rows.len() as u32 * ROW_HEIGHT + 4,
        rows: bars,
        legend: labels
            .iter()
            .enumerate()
            .map(|(g, l)| (grade_class(g, labels.len()), l.clone()))
            .collect(),
    }
}

/// The style class of the grade at `rank` (0 best) on a scale of `count` labels, the last of
/// which is 評価不能.
pub fn grade_class(rank: usize, count: usize) -> String {
    if rank + 1 >= count {
        "gx".to_owned()
    } else {
        format!("g{}", rank.min(4))
    }
}

/// Targets and actuals over the years, with the outlook's projection.
#[derive(Debug, Clone, Template)]
#[template(path = "chart_line.html")]
pub struct LineChart {
    /// Prefix of the SVG's element ids, unique in its document.
    pub id: String,
    /// Each point names its figure on hover (a page); paper has no hover: its points are
    /// drawn as one path per series.
    pub tips: bool,
    pub title: String,
    pub description: String,
    pub width: u32,
    pub height: u32,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    pub series: Vec<Line>,
    pub plot_left: u32,
    pub plot_right: u32,
    pub plot_bottom: u32,
}

#[derive(Debug, Clone)]
pub struct Tick {
    pub at: f64,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Line {
    pub label: String,
    pub class: String,
    /// The SVG path through the points, empty for a single point.
    pub path: String,
    /// Every point as a dot of one path (a round cap on a zero-length segment): on paper, where
    /// nothing hovers, one element instead of one per point prints markedly faster.
    pub dots: String,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub tip: String,
}

/// One series to draw: its name, style class and (year index, value, as the sheet wrote it).
#[derive(Debug)]
pub struct SeriesData<'a> {
    pub label: &'a str,
    pub class: &'a str,
    pub points: Vec<(usize, f64, String)>,
}

const LEFT: u32 = 64;
const RIGHT: u32 = 600;
const TOP: u32 = 16;
const BOTTOM: u32 = 216;

/// A line chart over `years` (their labels); values scaled to a rounded range from zero (or
/// from the lowest value when it is negative).
pub fn line_chart(
    id: &str,
    title: &str,
    years: &[String],
    series: &[SeriesData<'_>],
    unit: &str,
) -> LineChart {
    let values = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi, step) = nice_range(lo, hi);
    let n = years.len().max(1);
    let x_at = |i: usize| {
        if n == 1 {
            f64::from(LEFT + RIGHT) / 2.0
        } else {
            f64::from(LEFT) + (f64::from(RIGHT - LEFT) * i as f64 / (n - 1) as f64)
        }
    };
    let y_at = |v: f64| f64::from(BOTTOM) - (v - lo) / (hi - lo) * f64::from(BOTTOM - TOP);
    let mut y_ticks = Vec::new();
    let mut v = lo;
    while v <= hi + step / 2.0 {
        y_ticks.push(Tick {
            at: y_at(v),
            label: figure(v),
        });
        v += step;
    }
    let lines = series
        .iter()
        .map(|s| {
            let points: Vec<Point> = s
                .points
                .iter()
                .map(|(i, v, raw)| Point {
                    x: x_at(*i),
                    y: y_at(*v),
                    tip: format!(
                        "{} {}: {raw}",
                        years.get(*i).map_or("", String::as_str),
                        s.label
                    ),
                })
                .collect();
            let path = if points.len() > 1 {
                points
                    .iter()
                    .enumerate()
                    .map(|(k, p)| {
                        format!("{}{:.1},{:.1}", if k == 0 { "M" } else { "L" }, p.x, p.y)
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                String::new()
            };
            let dots = points
                .iter()
                .map(|p| format!("M{:.1},{:.1}h0", p.x, p.y))
                .collect::<Vec<_>>()
                .join(" ");
            Line {
                label: s.label.to_owned(),
                class: s.class.to_owned(),
                path,
                dots,
                points,
            }
        })
        .collect();
    let description = series
        .iter()
        .map(|s| {
            let pts: Vec<String> = s
                .points
                .iter()
                .map(|(i, _, raw)| format!("{} {raw}", years.get(*i).map_or("", String::as_str)))
                .collect();
            if pts.is_empty() {
                format!("{}: なし", s.label)
            } else {
                format!("{}: {}", s.label, pts.join("、"))
            }
        })
        .collect::<Vec<_>>()
        .join("。");
    LineChart {
        id: id.to_owned(),
        tips: true,
        title: title.to_owned(),
        description: if unit.is_empty() {
            description
        } else {
            format!("単位 {unit}。{description}")
        },
        width: RIGHT + 48,
        height: BOTTOM + 40,
        x_ticks: years
            .iter()
            .enumerate()
            .map(|(i, y)| Tick {
                at: x_at(i),
                label: y.clone(),
            })
            .collect(),
        y_ticks,
        series: lines,
        plot_left: LEFT,
        plot_right: RIGHT,
        plot_bottom: BOTTOM,
    }
}

/// A range from `lo` to `hi` with at most 7 round steps (1, 2 or 5 × 10ⁿ).
fn nice_range(lo: f64, hi: f64) -> (f64, f64, f64) {
    let span = if hi - lo > 0.0 {
        hi - lo
    } else {
        hi.abs().max(1.0)
    };
    let raw = span / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| span / s <= 7.0)
        .unwrap_or(10.0 * magnitude);
    let lo = (lo / step).floor() * step;
    let hi = ((hi / step).ceil() * step).max(lo + step);
    (lo, hi, step)
}

/// A tick's figure: no needless decimals, thousands separated.
fn figure(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        let n = v.round() as i64;
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    } else {
        format!("{v:.1}")
    }
}

/// An indicator's chart: its targets and actuals over `years` (the figures as written in each
/// point's tip) and the outlook's projection, titled with its name. `None` when it has no
/// figure to draw (its cells are text such as アンケート調査済, or empty): an empty chart says
/// nothing.
pub fn indicator_chart(
    id: &str,
    indicator: &shinchoku_core::Indicator,
    record: &shinchoku_core::evaluate::EvaluationRecord,
    years: &[shinchoku_core::FiscalYear],
) -> Option<LineChart> {
    let labels: Vec<String> = years.iter().map(ToString::to_string).collect();
    let points = |series: &shinchoku_core::YearMap<shinchoku_core::Cell>| {
        years
            .iter()
            .enumerate()
            .filter_map(|(k, y)| {
                let cell = series.get(y)?;
                Some((k, cell.number()?.value, cell.raw.to_string()))
            })
            .collect::<Vec<_>>()
    };
    let mut series = vec![
        SeriesData {
            label: "目標値",
            class: "target",
            points: points(&indicator.targets),
        },
        SeriesData {
            label: "実績値",
            class: "actual",
            points: points(&indicator.actuals),
        },
    ];
    if series.iter().all(|s| s.points.is_empty()) {
        return None;
    }
    if let (Some(y), Some(v)) = (record.outlook_year, record.outlook_projected) {
        if let Some(k) = years.iter().position(|fy| fy.start_year() == y) {
            series.push(SeriesData {
                label: "見通し",
                class: "outlook",
                points: vec![(k, v, format!("{v:.1}"))],
            });
        }
    }
    Some(line_chart(
        id,
        &format!("「{}」の目標値と実績値の推移", record.indicator),
        &labels,
        &series,
        record.unit.as_deref().unwrap_or(""),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_round() {
        assert_eq!(nice_range(0.0, 63.0), (0.0, 70.0, 10.0));
        assert_eq!(nice_range(0.0, 5070.0), (0.0, 6000.0, 1000.0));
        assert_eq!(nice_range(-3.0, 8.0), (-4.0, 8.0, 2.0));
        assert_eq!(nice_range(0.0, 0.0), (0.0, 0.2, 0.2));
        assert_eq!(figure(5000.0), "5,000");
        assert_eq!(figure(-1200.0), "-1,200");
        assert_eq!(figure(0.4), "0.4");
    }

    #[test]
    fn bars_share_the_width_by_count_and_say_it_in_words() {
        let labels = vec!["A".to_owned(), "B".to_owned(), NOT.to_owned()];
        let chart = grade_bars(
            "c",
            "t",
            &labels,
            &[("基本目標1".to_owned(), vec![3, 1, 0])],
        );
        let s = &chart.rows[0].segments;
        assert_eq!(s.len(), 2, "an empty grade draws nothing");
        assert!((s[0].width - BAR_WIDTH * 0.75).abs() < 1e-9);
        assert!((s[1].x - (BAR_LEFT + BAR_WIDTH * 0.75)).abs() < 1e-9);
        assert_eq!(s[0].class, "g0");
        assert_eq!(chart.description, "基本目標1: A 3件、B 1件");
        assert_eq!(grade_class(2, 3), "gx");
    }

    const NOT: &str = "評価不能";

    #[test]
    fn lines_pass_through_their_points() {
        let years = vec!["R1".to_owned(), "R2".to_owned(), "R3".to_owned()];
        let chart = line_chart(
            "c",
            "t",
            &years,
            &[SeriesData {
                label: "実績値",
                class: "actual",
                points: vec![(0, 0.0, "0".into()), (2, 50.0, "50".into())],
            }],
            "%",
        );
        let line = &chart.series[0];
        assert_eq!(line.points[0].x, f64::from(LEFT));
        assert_eq!(line.points[1].x, f64::from(RIGHT));
        assert_eq!(line.points[0].y, f64::from(BOTTOM));
        assert_eq!(line.points[1].y, f64::from(TOP), "50 is the top of 0–50");
        assert!(line.path.starts_with('M'));
        assert_eq!(chart.description, "単位 %。実績値: R1 0、R3 50");
    }
}
