//! Shapes seen in real published tables (issue 16), each written small: small tables under
//! captions, values whose year a numbered note gives, a name and its figure in one cell. Each
//! test states the facts a correct reader recovers from its sheet.

mod common;

use common::inline::{figure, names_and_groups, read_text as read, said};
use shinchoku_core::finding::FindingKind;
use shinchoku_core::{Accumulation, CellValue, FiscalYear, Polarity, Series};

#[test]
fn small_tables_under_captions_are_one_measure_each_with_its_groups() {
    // a year over each pair; only the target of the pair is labelled
    let sheet = read(
        "○健診実施率\n\
         \t平成20年度\t\t平成21年度\t\n\
         \t\t目標値\t\t目標値\n\
         北海道\t21.0%\t29.0%\t21.6%\t37.7%\n\
         全 国\t30.9%\t―\t31.4%\t―\n\
         \n\
         ○保健指導実施率\n\
         \t平成20年度\t\t平成21年度\t\n\
         \t\t目標値\t\t目標値\n\
         北海道\t18.1%\t25.0%\t28.8%\t29.7%\n\
         全 国\t14.1%\t―\t19.5%\t―\n",
    );
    assert_eq!(sheet.layout, "wide", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let found = names_and_groups(p);
    assert_eq!(
        found,
        [
            ("健診実施率", Some("北海道")),
            ("健診実施率", Some("全 国")),
            ("保健指導実施率", Some("北海道")),
            ("保健指導実施率", Some("全 国")),
        ]
    );
    let at = |name, group, series, year| figure(p, name, Some(group), series, year);
    assert_eq!(at("健診実施率", "北海道", Series::Actual, 2008), Some(21.0));
    assert_eq!(at("健診実施率", "北海道", Series::Target, 2009), Some(37.7));
    assert_eq!(
        at("保健指導実施率", "全 国", Series::Actual, 2009),
        Some(19.5)
    );
    assert_eq!(at("保健指導実施率", "全 国", Series::Target, 2009), None);
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn numbered_notes_under_a_table_date_its_measured_values() {
    let sheet = read(
        "目標値は計画期間最終年度である平成32年度の数値とします。\n\
         指 標\t\t現状値\t目 標\n\
         (1)\t推進員養成講座修了者数\t256人\t350人以上\n\
         (2)\tコンクール参加者数\t18人\t増加\n\
         \n\
         【現状値の出典】\n\
         (1) 推進員研修会修了者(平成26年度)\n\
         (2) 平成27年度 コンクール結果\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let first = "推進員養成講座修了者数";
    let second = "コンクール参加者数";
    let baseline = |name: &str| {
        let i = p.indicators.iter().find(|i| i.name == name)?;
        let b = i.baseline.as_ref()?;
        Some((b.year?.start_year(), b.cell.number()?.value))
    };
    assert_eq!(baseline(first), Some((2014, 256.0)));
    assert_eq!(baseline(second), Some((2015, 18.0)));
    assert_eq!(figure(p, first, None, Series::Target, 2020), Some(350.0));
    // the notes are said to have been read, not lost
    let notes = p
        .findings
        .iter()
        .filter(|f| f.to_string().contains("推進員研修会修了者"))
        .count();
    assert_eq!(notes, 1, "{:#?}", p.findings);
}

#[test]
fn a_name_and_its_figure_in_one_cell_are_split_under_dated_kpi_headings() {
    let sheet = read(
        "具体的な施策\t具体的な取組み\tKPI(平成32年3月まで)\tKPI(平成27年度)\t達成率\n\
         雇用の創出\t就職活動の支援\t合同企業説明会参加者延べ人数300人\t合同企業説明会参加者延べ人数32人\t10.7%\n\
         \t雇用相談体制の整備\t就業相談者数100人\t就業相談者数0人\t0.0%\n\
         起業支援\t企業誘致の推進\t企業立地協定締結件数10件\t企業立地協定締結件数1件\t10.0%\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let names: Vec<&str> = p.indicators.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "合同企業説明会参加者延べ人数",
            "就業相談者数",
            "企業立地協定締結件数"
        ]
    );
    // a deadline at the end of March 2020 is fiscal 2019
    assert_eq!(
        figure(p, "就業相談者数", None, Series::Target, 2019),
        Some(100.0)
    );
    assert_eq!(
        figure(p, "就業相談者数", None, Series::Actual, 2015),
        Some(0.0)
    );
    let second = &p.indicators[1];
    // the raw cell is kept whole
    let year = FiscalYear::new(2019).expect("in range");
    let raw = second.targets.get(&year).map(|c| c.raw.to_string());
    assert_eq!(raw.as_deref(), Some("就業相談者数100人"));
    // two goal columns are two levels: the second row continues the first 施策
    assert_eq!(p.path(second.goal), ["雇用の創出", "雇用相談体制の整備"]);
    assert_eq!(p.path(p.indicators[2].goal), ["起業支援", "企業誘致の推進"]);
}

#[test]
fn a_course_under_the_name_and_a_milestone_date_the_row() {
    let sheet = read(
        "指標名\t目安値\t実績値\t進捗区分\n\
         \"合計特殊出生率\nH26年1.54→H31年1.68\"\t\"1.62\n(H29年)\"\t\"1.56\n(全国16位)\"\tC\n\
         \"社会増減(人)\nH26年▲3,703→H31年▲2,000\"\t\"▲2,700\n(H29年)\"\t▲2,530\tA\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let first = &p.indicators[0];
    assert_eq!(first.name, "合計特殊出生率");
    let base = first.baseline.as_ref().expect("a baseline");
    assert_eq!(
        (
            base.year.map(FiscalYear::start_year),
            base.cell.number().map(|q| q.value)
        ),
        (Some(2014), Some(1.54))
    );
    let second = &p.indicators[1];
    assert_eq!(second.name, "社会増減");
    assert_eq!(
        figure(p, "社会増減", None, Series::Target, 2019),
        Some(-2000.0)
    );
    assert_eq!(
        figure(p, "社会増減", None, Series::Target, 2017),
        Some(-2700.0)
    );
    // the undated result is the milestone's year, and said to be a guess at its cell
    assert_eq!(
        figure(p, "社会増減", None, Series::Actual, 2017),
        Some(-2530.0)
    );
    let guessed: Vec<&str> = p
        .findings
        .iter()
        .filter_map(|f| match &f.kind {
            FindingKind::YearFromContext { raw, .. } => Some(raw.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(guessed, ["1.56\n(全国16位)", "▲2,530"]);
}

#[test]
fn a_cell_listing_measures_line_by_line_is_a_row_for_each() {
    let sheet = read(
        "目指す都市圏像/施策\t基本目標/KPI\t現状値\t目標値\n\
         施策1 観光\t\"・ 訪問市町数\n・ 入込観光客数\"\t\"2.0箇所(2014年)\n3,737万8千人(2014年)\"\t\"2.2箇所(2020年)\n4,100万人(2020年)\"\n\
         経済\t○ 企業数及び従業者数\t\"73,618社(2014年)\n1,045,808人(2014年)\"\t\"現状維持以上(2020年)\n〃\"\n\
         経済\t○ 総生産\t9兆1,400億円(2012年度)\t10兆円(2020年度)\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let found = names_and_groups(p);
    assert_eq!(
        found,
        [
            ("訪問市町数", None),
            ("入込観光客数", None),
            ("企業数及び従業者数", Some("企業数")),
            ("企業数及び従業者数", Some("従業者数")),
            ("○ 総生産", None),
        ]
    );
    assert_eq!(
        figure(p, "入込観光客数", None, Series::Target, 2020),
        Some(41_000_000.0)
    );
    let base = p.indicators[1].baseline.as_ref().expect("a baseline");
    assert_eq!(base.cell.number().map(|q| q.value), Some(37_378_000.0));
    // the ditto mark says the line above again
    let year = FiscalYear::new(2020).expect("in range");
    let kept = p.indicators[3].targets.get(&year).map(|c| c.value.clone());
    assert!(matches!(kept, Some(CellValue::Direction(_))), "{kept:?}");
    // money in parts keeps its largest mark, as the target beside it does
    assert_eq!(
        figure(p, "○ 総生産", None, Series::Target, 2020),
        Some(10.0)
    );
    let base = p.indicators[4].baseline.as_ref().expect("a baseline");
    assert_eq!(base.cell.number().map(|q| q.value), Some(9.14));
}

#[test]
fn a_table_of_targets_takes_its_results_from_the_line_under_it() {
    let sheet = read(
        "健診受診率と保健指導実施率の目標値\n\
         区分\t平成30年度\t令和元年度\t国の目標令和元年度\n\
         特定健診受診率(パーセント)\t42.0\t45.0\t60.0\n\
         特定保健指導実施率(パーセント)\t60.0\t61.0\t60.0\n\
         平成30年度実績 特定健診受診率 38.1パーセント 特定保健指導実施率 67.2パーセント\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let first = &p.indicators[0];
    assert_eq!(first.name, "特定健診受診率");
    assert_eq!(first.unit.as_ref().map(|u| u.canonical()), Some("%"));
    assert_eq!(
        figure(p, "特定健診受診率", None, Series::Target, 2019),
        Some(45.0)
    );
    assert_eq!(
        figure(p, "特定健診受診率", None, Series::Actual, 2018),
        Some(38.1)
    );
    assert_eq!(
        figure(p, "特定保健指導実施率", None, Series::Actual, 2018),
        Some(67.2)
    );
    // the national target is not the city's, and is said to be set aside
    assert_eq!(
        figure(p, "特定健診受診率", None, Series::Target, 2019),
        Some(45.0)
    );
    let set_aside = p
        .findings
        .iter()
        .filter(|f| f.to_string().contains("60.0"))
        .count();
    assert_eq!(set_aside, 2, "{:#?}", p.findings);
}

#[test]
fn a_group_before_the_figure_and_a_target_said_with_wa() {
    let sheet = read(
        "\t項目\t\t現状値(平成26年度)\t目標値(平成31年度)\n\
         1\tBMI標準値の人の割合\t\t男性 72.8%\t男性 80%\n\
         \t\t\t女性 73.1%\t女性 80%\n\
         2\t欠食の割合\t20歳代 男性\t54.5%\t当面は20%\n\
         \t\t30歳代 男性\t33.3%\t平成31年度は10%\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let bmi = "BMI標準値の人の割合";
    assert_eq!(
        figure(p, bmi, Some("男性"), Series::Target, 2019),
        Some(80.0)
    );
    assert_eq!(
        figure(p, bmi, Some("女性"), Series::Target, 2019),
        Some(80.0)
    );
    let women = p
        .indicators
        .iter()
        .find(|i| i.name == bmi && i.group.as_deref() == Some("女性"))
        .and_then(|i| i.baseline.as_ref())
        .and_then(|b| b.cell.number())
        .map(|q| q.value);
    assert_eq!(women, Some(73.1));
    let skip = "欠食の割合";
    assert_eq!(
        figure(p, skip, Some("20歳代 男性"), Series::Target, 2019),
        Some(20.0)
    );
    assert_eq!(
        figure(p, skip, Some("30歳代 男性"), Series::Target, 2019),
        Some(10.0)
    );
}

#[test]
fn a_page_of_labels_and_values_is_read_as_a_form() {
    let sheet = read(
        "5か年計画を策定しました\n\
         \n\
         将来像 1\t安心・安全の追究\n\
         施策\t感染症対策の強化\n\
         指標\t「感染症専門研修受講者数」\n\
         現状値\t0人(令和2年度末)\t目標値\t542人(令和8年度末)\n\
         …など3針路と15施策\n\
         \n\
         将来像 2\t誰もが輝く社会\n\
         施策\t女性の活躍推進\n\
         指標\t「女性の就業率」\n\
         現状値\t30歳から39歳 71.6%(令和2年)\t目標値\t75.1%(令和8年)\n\
         現状値\t40歳から49歳 76.3%(令和2年)\t目標値\t79.2%(令和8年)\n",
    );
    assert_eq!(sheet.layout, "form", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let found = names_and_groups(p);
    assert_eq!(
        found,
        [
            ("「感染症専門研修受講者数」", None),
            ("「女性の就業率」", Some("30歳から39歳")),
            ("「女性の就業率」", Some("40歳から49歳")),
        ]
    );
    let first = &p.indicators[0];
    assert_eq!(
        p.path(first.goal),
        ["将来像 1 安心・安全の追究", "施策 感染症対策の強化"]
    );
    assert_eq!(
        p.path(p.indicators[2].goal),
        ["将来像 2 誰もが輝く社会", "施策 女性の活躍推進"]
    );
    // a 現状値 dated in its cell is that year's actual
    let count = "「感染症専門研修受講者数」";
    assert_eq!(figure(p, count, None, Series::Actual, 2020), Some(0.0));
    assert_eq!(figure(p, count, None, Series::Target, 2026), Some(542.0));
    let rate = "「女性の就業率」";
    assert_eq!(
        figure(p, rate, Some("40歳から49歳"), Series::Target, 2026),
        Some(79.2)
    );
    assert_eq!(
        figure(p, rate, Some("40歳から49歳"), Series::Actual, 2020),
        Some(76.3)
    );
    // the line that is no label and value is said, not dropped
    assert!(said(p, "…など3針路と15施策"), "{:#?}", p.findings);
}

#[test]
fn a_reference_column_listing_yearly_targets_gives_a_target_each_year() {
    let sheet = read(
        "指標名称(単位)\t基準値\t目標数値\t参考年間目標\n\
         行動宣言を行った企業数(累計)(社)\t-\t1,500 (2023年度)\t2019年度:300 2020年度:600 2022年度:1,200\n\
         親の割合(%)\t96.0 (2019年度)\t96.0以上 (2023年度)\t96.0以上 (毎年度)\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let name = "行動宣言を行った企業数(累計)";
    assert_eq!(figure(p, name, None, Series::Target, 2019), Some(300.0));
    assert_eq!(figure(p, name, None, Series::Target, 2022), Some(1200.0));
    assert_eq!(figure(p, name, None, Series::Target, 2023), Some(1500.0));
    // a reference figure for every year is no year's target: reported at its cell
    assert!(said(p, "96.0以上 (毎年度)"), "{:#?}", p.findings);
}

#[test]
fn groups_listed_line_by_line_in_a_value_cell_share_its_year_line() {
    let sheet = read(
        "指標名\t基準値\t今後の方向性\n\
         \"健康寿命\n介護を必要とする期間を引いた期間。\"\t\"男性76.9歳\n女性81.9歳\n(H21)\"\t伸ばしていきます。\n\
         \"元気高齢者の割合\n介護認定を受けていない高齢者の割合。\"\t\"85.1%\n(H21)\"\t維持していきます。\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let groups: Vec<Option<&str>> = p.indicators.iter().map(|i| i.group.as_deref()).collect();
    assert_eq!(groups, [Some("男性"), Some("女性"), None]);
    let women = p.indicators[1].baseline.as_ref().expect("a baseline");
    assert_eq!(
        (
            women.year.map(FiscalYear::start_year),
            women.cell.number().map(|q| q.value)
        ),
        (Some(2009), Some(81.9))
    );
    let kept = p.indicators[2].baseline.as_ref().expect("a baseline");
    assert_eq!(kept.cell.number().map(|q| q.value), Some(85.1));
}

#[test]
fn value_lines_in_label_and_figure_pairs_go_with_the_names_line_by_line() {
    let sheet = read(
        "\t指標\t\t基準値\t基準年度\t最終目標値\t年度\n\
         \t指標2\t\"所要時間(事務所まで)\n所要時間(本庁まで)\"\t\"満野→双海\n20分\n満野→本庁\n40分\"\tH20\t\"満野→双海\n17分\n満野→本庁\n37分\"\tH26\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let names: Vec<&str> = p.indicators.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["所要時間(事務所まで)", "所要時間(本庁まで)"]);
    let second = &p.indicators[1];
    let base = second.baseline.as_ref().expect("a baseline");
    assert_eq!(
        (
            base.year.map(FiscalYear::start_year),
            base.cell.number().map(|q| q.value)
        ),
        (Some(2008), Some(40.0))
    );
    let target = second
        .targets
        .get(&FiscalYear::new(2014).expect("in range"))
        .and_then(|c| c.number())
        .map(|q| q.value);
    assert_eq!(target, Some(37.0));
}

/// The descriptive columns (単位, 所管課, 定義, 方向, 累計) are read the same way in every layout
/// that has them: here a list of one row per indicator, a matrix of 目標値/実績値 rows and small
/// sectioned tables.
#[test]
fn descriptive_columns_are_read_in_every_layout() {
    let summary = read(
        "指標名\t単位\t所管課\t算出方法\t方向\t累計\t現状値(R1)\t目標値(R6)\n\
         待機児童数\t人\t保育課\t4月1日現在\t減少\t\t12\t0\n\
         里親登録数\t世帯\tこども課\t年度末\t↑\t累計\t8\t20\n",
    );
    let matrix = read(
        "指標\t単位\t担当課\t方向\t累計\t区分\tR2\tR3\tR4\n\
         待機児童数\t人\t保育課\t減少\t\t目標値\t10\t5\t0\n\
         \t\t\t\t\t実績値\t12\t6\t3\n\
         里親登録数\t世帯\tこども課\t増加\t累計\t目標値\t10\t15\t20\n\
         \t\t\t\t\t実績値\t9\t14\t18\n",
    );
    let sectioned = read(
        "①待機児童の解消\n\
         指標\t単位\t所管課\t方向\t目標値\t実績値\n\
         \t\t\t\t\tR2\tR3\n\
         待機児童数\t人\t保育課\t減少\t0\t12\t6\n\
         \n\
         ②里親の確保\n\
         指標\t単位\t所管課\t方向\t目標値\t実績値\n\
         \t\t\t\t\tR2\tR3\n\
         里親登録数\t世帯\tこども課\t増加\t20\t9\t14\n",
    );
    for (layout, sheet) in [
        ("summary", &summary),
        ("matrix", &matrix),
        ("sectioned", &sectioned),
    ] {
        assert_eq!(sheet.layout, layout);
        let plan = &sheet.plan;
        let described: Vec<_> = plan
            .indicators
            .iter()
            .map(|i| {
                (
                    i.name.as_str(),
                    i.unit.as_ref().map(|u| u.as_str().to_owned()),
                    i.department.as_deref(),
                    i.polarity,
                )
            })
            .collect();
        assert_eq!(
            described,
            [
                (
                    "待機児童数",
                    Some("人".to_owned()),
                    Some("保育課"),
                    Some(Polarity::Decrease)
                ),
                (
                    "里親登録数",
                    Some("世帯".to_owned()),
                    Some("こども課"),
                    Some(Polarity::Increase)
                ),
            ],
            "{layout}"
        );
    }
    for sheet in [&summary, &matrix] {
        let foster = &sheet.plan.indicators[1];
        assert_eq!(foster.accumulation, Some(Accumulation::RunningTotal));
        assert_eq!(sheet.plan.indicators[0].accumulation, None);
    }
    assert_eq!(
        summary.plan.indicators[0].definition.as_deref(),
        Some("4月1日現在")
    );
}

/// A sectioned table whose header is the last row recognition looks at (the first 400) and
/// whose year row comes after it is still read: reading looks again where recognition could
/// not see the rows below a header.
#[test]
fn a_table_whose_header_ends_the_recognised_rows_is_read() {
    let mut text = String::from("指標\t目標値\t実績値\n\t\tR2\tR3\n");
    // the first table's rows fill the sheet up to the 400th row (0-based 399)
    for k in 0..397 {
        text.push_str(&format!("指標{k}\t10\t5\t6\n"));
    }
    text.push_str("指標\t目標値\t実績値\n\t\tR2\tR3\n最後の指標\t20\t7\t8\n");
    let sheet = read(&text);
    assert_eq!(sheet.layout, "sectioned");
    assert_eq!(sheet.plan.indicators.len(), 398);
    assert_eq!(
        figure(&sheet.plan, "最後の指標", None, Series::Actual, 2021),
        Some(8.0)
    );
}

#[test]
fn targets_in_one_block_and_results_in_another_join_by_number_or_name() {
    let sheet = read(
        "【目標】\n\
         番号\t指標名\t単位\t目標値(R6)\n\
         1\t待機児童数\t人\t0\n\
         2\t里親登録数\t世帯\t20\n\
         \n\
         【実績】\n\
         番号\t指標名\tR4実績\tR5実績\n\
         1\t待機児童(4月1日)\t5\t3\n\
         2\t里親登録数\t12\t15\n\
         3\t子育て相談件数\t300\t320\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    // joined by number even where the name is written differently; a new one is its own
    assert_eq!(
        names_and_groups(p),
        [
            ("待機児童数", None),
            ("里親登録数", None),
            ("子育て相談件数", None)
        ]
    );
    assert_eq!(
        figure(p, "待機児童数", None, Series::Target, 2024),
        Some(0.0)
    );
    assert_eq!(
        figure(p, "待機児童数", None, Series::Actual, 2023),
        Some(3.0)
    );
    assert_eq!(
        figure(p, "里親登録数", None, Series::Actual, 2022),
        Some(12.0)
    );
    assert_eq!(
        figure(p, "子育て相談件数", None, Series::Actual, 2023),
        Some(320.0)
    );
    // the second block's figures are not read with the first block's columns
    assert!(p.indicators.iter().all(|i| {
        i.unit
            .as_ref()
            .is_none_or(|u| !u.as_str().starts_with(char::is_numeric))
    }));

    // without numbers, the name joins them
    let sheet = read(
        "指標名\t目標値(R6)\n\
         待機児童数\t0\n\
         \n\
         指標名\tR5実績\n\
         待機児童数\t3\n",
    );
    let p = &sheet.plan;
    assert_eq!(names_and_groups(p), [("待機児童数", None)]);
    assert_eq!(
        figure(p, "待機児童数", None, Series::Actual, 2023),
        Some(3.0)
    );
}

#[test]
fn one_word_on_every_row_of_a_value_column_is_its_value_not_groups() {
    let sheet = read(
        "指標名\t現状値(R1)\t目標値(R6)\n\
         健康寿命(男性)\t72.1歳\t延伸\n\
         健康寿命(女性)\t75.3歳\t延伸\n",
    );
    let p = &sheet.plan;
    assert_eq!(
        names_and_groups(p),
        [("健康寿命(男性)", None), ("健康寿命(女性)", None)]
    );
    let year = FiscalYear::new(2024).expect("in range");
    for ind in &p.indicators {
        let target = ind.targets.get(&year).map(|c| c.raw.as_str());
        assert_eq!(target, Some("延伸"), "{}", ind.name);
    }
}

#[test]
fn a_baseline_dated_row_by_row_under_a_two_row_heading_is_no_transposed_table() {
    let sheet = read(
        "評価指標\t策定時\t\t目標\t\n\
         \t値\t年度\t中間目標(R4)\t最終目標(R8)\n\
         自主防災組織の組織率\t78.5%\tH30\t85%\t90%\n\
         避難訓練参加者数\t1,200人\tR1\t1,500人\t2,000人\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    assert_eq!(
        names_and_groups(p),
        [("自主防災組織の組織率", None), ("避難訓練参加者数", None)]
    );
    assert_eq!(
        figure(p, "避難訓練参加者数", None, Series::Target, 2022),
        Some(1500.0)
    );
    assert_eq!(
        figure(p, "自主防災組織の組織率", None, Series::Target, 2026),
        Some(90.0)
    );
    let baseline_years: Vec<Option<i32>> = p
        .indicators
        .iter()
        .map(|i| {
            i.baseline
                .as_ref()
                .and_then(|b| b.year)
                .map(FiscalYear::start_year)
        })
        .collect();
    assert_eq!(baseline_years, [Some(2018), Some(2019)]);
}

#[test]
fn a_name_over_rows_naming_only_its_groups_is_one_indicator() {
    // the name alone on its row, then its groups indented under it
    let sheet = read(
        "指標\t現状値(R4)\t目標値(R11)\n\
         健康寿命の延伸\t\t\n\
         \u{3000}男性\t72.1歳\t73.0歳\n\
         \u{3000}女性\t75.3歳\t76.0歳\n\
         肥満者の割合\t25.0%\t20%\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    assert_eq!(
        names_and_groups(p),
        [
            ("健康寿命の延伸", Some("男性")),
            ("健康寿命の延伸", Some("女性")),
            ("肥満者の割合", None)
        ]
    );
    let life = "健康寿命の延伸";
    assert_eq!(
        figure(p, life, Some("女性"), Series::Target, 2029),
        Some(76.0)
    );
    assert!(
        p.goals.is_empty(),
        "no goal is made of the name: {:?}",
        p.goals
    );

    // numbered, with the name on a row of its own and the groups by age and school year
    let sheet = read(
        "番号\t指標\t単位\t現状値(R4)\t目標値(R11)\n\
         1\t朝食を欠食する人の割合\t%\t\t\n\
         \t20歳代男性\t\t33.3\t15\n\
         \t中学2年生\t\t5.1\t0\n\
         2\t健診受診率\t%\t40.2\t60\n",
    );
    let p = &sheet.plan;
    assert_eq!(
        names_and_groups(p),
        [
            ("朝食を欠食する人の割合", Some("20歳代男性")),
            ("朝食を欠食する人の割合", Some("中学2年生")),
            ("健診受診率", None)
        ]
    );
    let skip = p
        .indicators
        .iter()
        .find(|i| i.group.as_deref() == Some("中学2年生"));
    assert_eq!(
        skip.and_then(|i| i.unit.as_ref()).map(|u| u.as_str()),
        Some("%"),
        "a group takes the unit of the row that names it"
    );
    assert_eq!(
        figure(
            p,
            "朝食を欠食する人の割合",
            Some("20歳代男性"),
            Series::Target,
            2029
        ),
        Some(15.0)
    );
}

#[test]
fn small_tables_of_years_down_the_rows_are_named_by_their_captions() {
    let sheet = read(
        "(1)社会参加への環境づくり\n\
         成果目標 グループホームの利用人数(再掲)(人)\n\
         年度、目標値、実績値、達成率の順に記載\n\
         年度\t目標値\t実績値\t達成率\n\
         R1\t9,296\t9,442\t101.5%\n\
         R2\t9,806\t10,538\t107.46%\n\
         主な取組による成果\n\
         \n\
         成果目標 信号機の付加装置の整備状況(箇所)\n\
         年度\t目標値\t実績値\t達成率\n\
         R1\t1\t16\t1,600%\n\
         R2\t1\t20\t2,000%\n",
    );
    assert_eq!(sheet.layout, "transposed", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    assert_eq!(
        names_and_groups(p),
        [
            ("グループホームの利用人数", None),
            ("信号機の付加装置の整備状況", None)
        ]
    );
    assert_eq!(
        p.indicators[0].unit.as_ref().map(|u| u.as_str()),
        Some("人")
    );
    let signals = "信号機の付加装置の整備状況";
    assert_eq!(figure(p, signals, None, Series::Actual, 2020), Some(20.0));
    assert_eq!(figure(p, signals, None, Series::Target, 2019), Some(1.0));
    // the sheet's 達成率 is kept beside the figures, never read as one
    let stated = p.indicators[1]
        .stated_achievements
        .values()
        .filter_map(|c| c.number().map(|q| q.value))
        .collect::<Vec<_>>();
    assert_eq!(stated, [1600.0, 2000.0]);
}

#[test]
fn small_tables_of_years_across_are_named_by_their_captions() {
    let sheet = read(
        "基本目標Ⅰ 子育てのまちづくり\n\
         \n\
         数値目標① 婚姻率\n\
         平成25(基準値)\t平成27\t平成28(現状値)\t平成31(目標値)\n\
         5.5‰\t5.4‰\t5.0‰\t5.9‰\n\
         \n\
         数値目標② 出生数(人)\n\
         平成26(基準値)\t平成29(現状値)\t平成31(目標値)\n\
         3,823\t3,679\t4,107\n",
    );
    assert_eq!(sheet.layout, "captioned", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    assert_eq!(names_and_groups(p), [("婚姻率", None), ("出生数", None)]);
    // a baseline and a year with no word are measured values; the target is the target
    assert_eq!(figure(p, "婚姻率", None, Series::Actual, 2013), Some(5.5));
    assert_eq!(figure(p, "婚姻率", None, Series::Actual, 2015), Some(5.4));
    assert_eq!(figure(p, "婚姻率", None, Series::Target, 2019), Some(5.9));
    assert_eq!(
        figure(p, "出生数", None, Series::Target, 2019),
        Some(4107.0)
    );
    assert_eq!(
        p.indicators[1].unit.as_ref().map(|u| u.as_str()),
        Some("人")
    );
}
