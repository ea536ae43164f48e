//! Sheets written for the tests: each a layout or a variant the fixtures do not show. Shared by
//! the layout tests and the round trip through the long CSV.

pub const MATRIX_OTHER_WORDS: &str = "令和4年度 施策評価シート\n\
         施策\t指標名\t単位\t担当課\t基準値\t区分\t令和2年度\t令和3年度\t令和4年度\n\
         基本目標1 安心して子育てできるまち\n\
         (1)子育て相談の充実\t子育て相談件数\t件\t子ども家庭課\t1,200\t目標\t1,250\t1,300\t1,350\n\
         \t\t\t\t\t実績\t1,180\t1,320\t\n\
         \t保育所待機児童数\t人\t保育課\t15\t目標\t10\t5\t0\n\
         \t\t\t\t\t実績\t12\t3\t\n";

pub const MATRIX_SHIFTED_ROWS: &str = "指標\t単位\t\t2020年度\t2021年度\t2022年度\n\
         利用者数\t人\t目標値\t100\t110\t120\n\
         \t\t\t実績値\t95\t115\t\n\
         講座開催回数\t回\t目標値\t4\t4\t4\n\
         実績値\t3\t5\t4\n";

pub const MATRIX_BAD_ROW: &str = "指標\t単位\t\tR2\tR3\n\
         相談件数\t件\t目標値\t10\t12\n\
         \t\t実績値\t9\t13\n\
         ※この行は集計中のため空欄\t\t\tあとで入力\n\
         訪問件数\t件\t目標値\t5\t6\n\
         \t\t実績値\t5\t7\t8\t9\n";

pub const MATRIX_TWO_DIGIT_YEARS: &str = "平成24年度 事業評価\n\
         指標\t単位\t\t22年度\t23年度\t24年度\n\
         参加者数\t人\t目標値\t50\t55\t60\n\
         \t\t実績値\t48\t57\t\n";

pub const SECTIONED_NUMBERED_NOTES: &str = "第3期 こども計画 進捗状況\n\
         \n\
         基本目標1 子どもの居場所づくり\n\
         \n\
         (1)放課後の居場所\n\
         指標\t目標値(令和6年度)\t令和4年度\t令和5年度\n\
         放課後児童クラブ登録児童数\t1,500人\t1,320人\t1,410人※1\n\
         子ども食堂の数\t20か所\t12か所\t※2 15か所\n\
         ※1 年度末時点\n\
         ※2 市の補助を受けている団体のみ\n\
         \n\
         (2)遊び場\n\
         指標\t目標値(令和6年度)\t令和4年度\t令和5年度\n\
         公園の整備数\t3か所\t1か所\t2か所\n";

pub const MATRIX_DIRECTION_TARGETS: &str = "指標\t単位\t\tR2\tR3\n\
         相談件数\t件\t目標値\t↑\t↑\n\
         \t\t実績値\t9\t13\n";

/// One row per indicator with 現状値・実績値・目標値・達成率・評価; years from the title's era,
/// the cells and a sentence; one measure split into groups.
pub const SUMMARY_WITH_YEARS_AND_GROUPS: &str = "平成24年度 施策評価シート\n\
    ※現状が平成20年度、目標が平成26年度の数値です。\n\
    基本施策\t指標\t対象\t単位\t現状値\t実績値\t目標値\t達成率\t評価\n\
    (1)子育て支援の充実\t子育てに満足している市民の割合\t\t%\t45.0%\t54.6% (22年度)\t60.0%\t91.0%\tB\n\
    \t待機児童数\t\t人\t120\t35 (23年度)\t0\t\tC\n\
    (2)健康づくり\t朝食を毎日食べる子どもの割合\t就学前児童\t%\t90.1%\t92.3% (23年度)\t100%\t92.3%\tB\n\
    \t\t小学生\t%\t85.0%\t84.1% (23年度)\t100%\t84.1%\tB\n";

/// Years across with 目標 and 実績 under each (two header rows, the year over the first column
/// of its pair as text exports leave it); groups under one indicator.
pub const WIDE_TWO_HEADER_ROWS: &str = "こども計画 指標の推移\n\
    基本目標\t指標\t対象\t単位\t令和2年度\t\t令和3年度\t\t令和4年度\t\n\
    \t\t\t\t目標\t実績\t目標\t実績\t目標\t実績\n\
    基本目標1 すこやかな成長\n\
    \t乳幼児健診の受診率\t\t%\t95%\t93.1%\t96%\t95.2%\t97%\t\n\
    \t放課後児童クラブ待機児童数\t低学年\t人\t0\t12\t0\t8\t0\t\n\
    \t\t高学年\t人\t0\t20\t0\t15\t0\t\n";

/// Years down the rows, indicators across; the unit in the name's parentheses or a 単位 row;
/// a 目標 row without a year holds the plan-end targets.
pub const TRANSPOSED_YEARS_DOWN: &str = "子育て支援の実績の推移\n\
    年度\t相談件数(件)\t利用者数\t満足度(%)\n\
    単位\t\t人\t\n\
    令和2年度\t120\t5,000\t62.1\n\
    令和3年度\t135\t5,200\t64.0\n\
    令和4年度\t150\t5,500\t\n\
    目標\t180\t6,000\t70\n";

/// Every cell filled down, as a sheet prepared for a filter is: the goal and the indicator
/// repeat on the 実績 row, and one indicator name is used twice on purpose.
pub const MATRIX_FILLED_DOWN: &str = "基本目標\t指標\t単位\t区分\tR3\tR4\tR5\n\
         1 子どもの健やかな育ち\t乳幼児健診受診率\t%\t目標\t95\t96\t97\n\
         1 子どもの健やかな育ち\t乳幼児健診受診率\t%\t実績\t94.2\t96.5\t\n\
         1 子どもの健やかな育ち\t相談件数\t件\t目標\t300\t320\t340\n\
         1 子どもの健やかな育ち\t相談件数\t件\t実績\t310\t305\t\n\
         1 子どもの健やかな育ち\t相談件数\t件\t目標\t40\t45\t50\n\
         1 子どもの健やかな育ち\t相談件数\t件\t実績\t38\t47\t\n\
         2 安心して子育てできる環境\t待機児童数\t人\t目標\t0\t0\t0\n\
         2 安心して子育てできる環境\t待機児童数\t人\t実績\t4\t0\t\n";

/// A 総合戦略 KPI list: one row per indicator, a column per year's actual (`R2実績`), the
/// baseline and the target with their years in the header; a balance below zero.
pub const SUMMARY_YEAR_COLUMNS: &str = "第2期 まち・ひと・しごと創生総合戦略 KPI進捗状況\n\
    基本目標\t重要業績評価指標(KPI)\t基準値(H30)\t目標値(R6)\tR2実績\tR3実績\tR4実績\t評価\n\
    1 しごとをつくる\t新規創業者数(累計)\t12件\t60件\t18件\t29件\t41件\tB\n\
    1 しごとをつくる\t市内事業所の従業者数\t25,300人\t26,000人\t25,100人\t25,480人\t25,620人\tC\n\
    2 ひとの流れをつくる\t転入超過数\t▲120人\t0人\t▲98人\t▲75人\t▲60人\tC\n";

/// One header row with a target and an actual column for each year (`令和2年度目標`).
pub const SUMMARY_PAIRED_YEAR_COLUMNS: &str = "指標名\t単位\t令和2年度目標\t令和2年度実績\t令和3年度目標\t令和3年度実績\n\
    ファミリー・サポート・センターの会員数\t人\t400\t385\t420\t431\n\
    一時預かりの利用者数\t人日\t1,200\t1,050\t1,250\t\n";

/// A 事業計画's progress: no 指標 column, each 事業 with its 計画 and 実績 rows and its unit
/// after the name.
pub const MATRIX_PROJECT_PLAN_ROWS: &str = "事業名\t区分\t令和2年度\t令和3年度\t令和4年度\t令和5年度\t令和6年度\n\
    延長保育事業(人)\t計画\t320\t330\t340\t350\t360\n\
    \t実績\t298\t310\t325\t\t\n\
    一時預かり事業(人日)\t計画\t1,200\t1,250\t1,300\t1,350\t1,400\n\
    \t実績\t1,010\t1,105\t1,290\t\t\n";

/// A list with the baseline, bare year columns and the plan-end target: the bare years hold
/// the actuals.
pub const SUMMARY_BARE_YEAR_ACTUALS: &str = "成果指標\t単位\t策定時(H30)\tR2\tR3\tR4\t目標値(R6)\n\
    乳幼児健診の受診率\t%\t94.0\t95.1\t96.3\t97.0\t98.0\n\
    子育てが楽しいと感じる親の割合\t%\t70.2\t71.0\t69.5\t72.4\t80.0\n";

/// Two goal columns (基本目標 | 施策), filled down in part: each column a level of the path.
pub const MATRIX_TWO_GOAL_COLUMNS: &str = "基本目標\t施策\t指標\t単位\t区分\tR3\tR4\n\
    1 子どもの育ち\t(1)母子保健\t乳幼児健診受診率\t%\t目標\t95\t96\n\
    1 子どもの育ち\t(1)母子保健\t乳幼児健診受診率\t%\t実績\t94.2\t96.5\n\
    1 子どもの育ち\t(2)相談体制\t子育て相談件数\t件\t目標\t1,200\t1,300\n\
    \t\t\t\t実績\t1,180\t1,350\n\
    2 安心して産み育てる\t(1)保育\t待機児童数\t人\t目標\t0\t0\n\
    \t\t\t\t実績\t4\t0\n";

/// One table whose 実績値 spans the years of the row below, with 単位 and 基準値 columns.
pub const SECTIONED_UNIT_AND_BASELINE: &str = "指標\t単位\t基準値\t実績値\t\t\t目標値\n\
    \t\tH30\tR2\tR3\tR4\tR6\n\
    乳幼児健診受診率\t%\t94.0\t95.1\t96.3\t97.0\t98.0\n\
    子育て相談件数\t件\t1,100\t1,180\t1,320\t1,350\t1,500\n";

/// A summary whose years sit in a second header row, one under each value column.
pub const SUMMARY_YEARS_UNDER_HEADER: &str = "基本施策\t指標\t現状値\t実績値\t目標値\t評価\n\
    \t\t(H30)\t(R4)\t(R6)\t\n\
    (1)母子保健\t乳幼児健診受診率\t94.0%\t97.0%\t98.0%\tB\n\
    (2)相談\t子育て相談件数\t1,100件\t1,350件\t1,500件\tA\n";

/// Years down the rows under two header rows: each indicator's name over its 目標 | 実績 pair.
pub const TRANSPOSED_TARGET_ACTUAL_PAIRS: &str = "年度\t相談件数(件)\t\t利用者数(人)\t\n\
    \t目標\t実績\t目標\t実績\n\
    令和2年度\t100\t95\t500\t480\n\
    令和3年度\t110\t112\t520\t530\n\
    令和4年度\t120\t\t540\t\n";

/// The label at the end of the name cell, in either bracket, and the unit before it.
pub const MATRIX_LABEL_IN_NAME: &str = "指標\tR2\tR3\tR4\n\
    相談件数(件)(目標)\t100\t110\t120\n\
    相談件数(件)(実績)\t95\t112\t\n\
    利用者数【目標】\t500\t520\t540\n\
    利用者数【実績】\t480\t530\t\n";

/// 達成率 and 評価 rows under each indicator's 目標 and 実績 rows: the sheet's own judgement.
pub const MATRIX_STATED_ROWS: &str = "指標\t区分\tR3\tR4\n\
    相談件数\t目標\t100\t110\n\
    \t実績\t95\t112\n\
    \t達成率\t95%\t102%\n\
    \t評価\tB\tA\n\
    利用者数\t目標\t500\t520\n\
    \t実績\t480\t530\n\
    \t達成率\t96%\t102%\n\
    \t評価\tB\t◎\n";

/// The title states the plan's period; the target column gives no year of its own.
pub const SUMMARY_PERIOD_IN_TITLE: &str = "第2期こども計画(令和2年度〜令和6年度) 成果指標\n\
    \n\
    指標\t現状値\tR5実績\t目標値\n\
    乳幼児健診受診率\t94.0%\t97.0%\t98.0%\n";

/// After the years, a column for the plan-end target alone (目標値(R6)).
pub const MATRIX_TARGET_COLUMN: &str = "指標\t区分\tR3\tR4\tR5\t目標値(R6)\n\
    相談件数\t目標\t100\t110\t120\t150\n\
    \t実績\t95\t112\t\t\n\
    訪問件数\t目標\t30\t32\t34\t40\n\
    \t実績\t28\t35\t\t41\n";

/// Under each year 目標 | 実績 | 達成率, and a column whose header names nothing.
pub const WIDE_WITH_RATES: &str = "指標\t単位\t令和2年度\t\t\t令和3年度\t\t\t\n\
    \t\t目標\t実績\t達成率\t目標\t実績\t達成率\tメモ\n\
    相談件数\t件\t100\t95\t95%\t110\t112\t102%\t速報値\n";

/// Every test sheet, by name.
pub const ALL: &[(&str, &str)] = &[
    ("transposed_years_down", TRANSPOSED_YEARS_DOWN),
    ("wide_two_header_rows", WIDE_TWO_HEADER_ROWS),
    (
        "summary_with_years_and_groups",
        SUMMARY_WITH_YEARS_AND_GROUPS,
    ),
    ("matrix_other_words", MATRIX_OTHER_WORDS),
    ("matrix_shifted_rows", MATRIX_SHIFTED_ROWS),
    ("matrix_bad_row", MATRIX_BAD_ROW),
    ("matrix_two_digit_years", MATRIX_TWO_DIGIT_YEARS),
    ("sectioned_numbered_notes", SECTIONED_NUMBERED_NOTES),
    ("matrix_direction_targets", MATRIX_DIRECTION_TARGETS),
    ("matrix_filled_down", MATRIX_FILLED_DOWN),
    ("summary_year_columns", SUMMARY_YEAR_COLUMNS),
    ("summary_paired_year_columns", SUMMARY_PAIRED_YEAR_COLUMNS),
    ("matrix_project_plan_rows", MATRIX_PROJECT_PLAN_ROWS),
    ("summary_bare_year_actuals", SUMMARY_BARE_YEAR_ACTUALS),
    ("matrix_two_goal_columns", MATRIX_TWO_GOAL_COLUMNS),
    ("sectioned_unit_and_baseline", SECTIONED_UNIT_AND_BASELINE),
    ("summary_years_under_header", SUMMARY_YEARS_UNDER_HEADER),
    (
        "transposed_target_actual_pairs",
        TRANSPOSED_TARGET_ACTUAL_PAIRS,
    ),
    ("matrix_label_in_name", MATRIX_LABEL_IN_NAME),
    ("matrix_stated_rows", MATRIX_STATED_ROWS),
    ("summary_period_in_title", SUMMARY_PERIOD_IN_TITLE),
    ("matrix_target_column", MATRIX_TARGET_COLUMN),
    ("wide_with_rates", WIDE_WITH_RATES),
];
