//! The figure finder on running text: what is a figure, where it starts and ends, and what is not a figure
//! (guidelines: dates and years, ordinals and names, quoted slogans, time phrases), plus the Outcome and Measure
//! cue rules and code point offsets past astral characters.

use spantag::figures::{FIGURE, MEASURE, OUTCOME, Suggestion, Table, suggest};

fn figures(text: &str) -> Vec<String> {
    suggest(text, &Table::builtin(), &[FIGURE])
        .into_iter()
        .map(|s| s.text)
        .collect()
}

#[test]
fn finds_the_figures_of_a_sentence() {
    assert_eq!(
        figures("截至去年底,該市按程序退出貧困村2個、脫貧523人,貧困發生率降至0.68%。"),
        ["2個", "523人", "0.68%"]
    );
    assert_eq!(
        figures("经营性扶贫资产25个项目791万元,公益性扶贫资产572个1.9075亿元"),
        ["25个", "791万元", "572个", "1.9075亿元"]
    );
    assert_eq!(
        figures("整治工程22个77.7公里,15户57人风险预警全部解除"),
        ["22个", "77.7公里", "15户", "57人"]
    );
}

#[test]
fn boundaries_take_the_qualifier_and_leave_the_thing_counted() {
    assert_eq!(figures("受益群众超过2.6万人。"), ["超过2.6万人"]);
    assert_eq!(figures("农村有线电视覆盖率90%以上。"), ["90%以上"]);
    assert_eq!(
        figures("实现收益142余万元,分配60余万元"),
        ["142余万元", "60余万元"]
    );
    assert_eq!(figures("计划建设改造不少于30处便民生活圈"), ["不少于30处"]);
    assert_eq!(figures("每年还有近1000元的项目分红"), ["近1000元"]);
    assert_eq!(figures("贫困户人均收入翻了近一倍"), ["近一倍"]);
    assert_eq!(figures("家附近3公里"), ["3公里"]);
    assert_eq!(figures("投资3-5万元"), ["3-5万元"]);
    assert_eq!(figures("装机5千瓦"), ["5千瓦"]);
    assert_eq!(figures("收入翻两番"), ["翻两番"]);
}

#[test]
fn dates_and_years_are_not_figures() {
    assert!(figures("鲁网5月14日讯").is_empty());
    assert!(figures("2020年是全面建成小康社会的收官之年,2020年底,9月24日").is_empty());
    assert!(figures("更新时间:2020-10-15 2019-2020年").is_empty());
    assert_eq!(
        figures("由2014年的2800元增加到2020年的4000元"),
        ["2800元", "4000元"]
    );
}

#[test]
fn ordinals_names_and_slogans_are_not_figures() {
    assert_eq!(figures("选派第一书记40人"), ["40人"]);
    assert!(figures("喜迎十九大,第18批,第一种形态").is_empty());
    assert!(figures("聚焦“两不愁三保障”,构建“1+3+3”格局,项目“4+1”建管模式").is_empty());
    assert!(figures("提出1+3督导法").is_empty());
    assert!(figures("推出了「一個托底、五個全覆蓋」的政策").is_empty());
    assert!(figures("《打赢脱贫攻坚战三年行动实施意见》").is_empty());
    assert!(figures("千家万户,万众一心,老百姓").is_empty());
}

#[test]
fn a_quoted_sentence_is_speech_and_its_figures_count() {
    assert_eq!(figures("他说:“今年我家收入了3万元,很满意。”"), ["3万元"]);
}

#[test]
fn time_phrases_and_the_article_one_are_not_figures() {
    assert!(figures("五年来,5年来,连续两年,为期1年,不到一个月,3个月").is_empty());
    assert!(figures("扶持一批特色产业,对象一户一户核准,每月一次,一方面").is_empty());
    assert!(figures("建成项目,形成合力").is_empty());
    assert_eq!(figures("三成农户"), ["三成"]);
    assert_eq!(figures("第一书记张利锋的三个绰号"), ["三个"]);
}

#[test]
fn phone_numbers_and_bare_numbers_are_not_figures() {
    assert!(figures("联系电话:010-56019387、18516948318,点击数:410").is_empty());
    assert_eq!(figures("人口达3.5万"), ["3.5万"]);
}

#[test]
fn offsets_are_code_points_past_astral_characters() {
    let text = "𠮷𠮷贫困户523人,𠮷收入3.5万元";
    let found = suggest(text, &Table::builtin(), &[FIGURE]);
    let spans: Vec<(usize, usize, &str)> = found
        .iter()
        .map(|s| (s.start, s.end, s.text.as_str()))
        .collect();
    assert_eq!(spans, [(5, 9, "523人"), (13, 18, "3.5万元")]);
    let chars: Vec<char> = text.chars().collect();
    for s in &found {
        assert_eq!(chars[s.start..s.end].iter().collect::<String>(), s.text);
    }
}

fn labelled<'a>(found: &'a [Suggestion], label: &str) -> Vec<&'a str> {
    found
        .iter()
        .filter(|s| s.label == label)
        .map(|s| s.text.as_str())
        .collect()
}

#[test]
fn cue_rules_propose_outcomes_and_measures() {
    let text = "兴平市扎实推行村级“总队长”工作制,组织33名市级领导。截至去年底,贫困发生率降至0.68%。同时,16个贫困村于2017年全部摘帽。";
    let found = suggest(text, &Table::builtin(), &[FIGURE, OUTCOME, MEASURE]);
    assert_eq!(
        labelled(&found, OUTCOME),
        ["贫困发生率降至0.68%", "16个贫困村于2017年全部摘帽"]
    );
    assert_eq!(
        labelled(&found, MEASURE),
        ["推行村级“总队长”工作制", "组织33名市级领导"]
    );
    assert_eq!(labelled(&found, FIGURE), ["33名", "0.68%", "16个"]);
    // Outer before inner at the same start, sorted by start.
    assert!(
        found
            .windows(2)
            .all(|w| (w[0].start, std::cmp::Reverse(w[0].end))
                <= (w[1].start, std::cmp::Reverse(w[1].end)))
    );
    let only_measures = suggest(text, &Table::builtin(), &[MEASURE]);
    assert!(only_measures.iter().all(|s| s.label == MEASURE));
    assert!(only_measures.iter().all(|s| s.value.is_none()));
}

#[test]
fn a_workspace_unit_is_found_without_a_rebuild() {
    let config = r#"(figures: (units: [(name: "头猪", base: "头")]))"#;
    let dir = tempfile::tempdir().expect("a scratch folder");
    std::fs::write(dir.path().join("spantag.ron"), config).expect("write the settings");
    let workspace = spantag::store::Workspace::open(dir.path()).expect("the settings read");
    let table = Table::extended(workspace.config().figures.clone());
    let found = suggest("发放3头猪", &table, &[FIGURE]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].text, "3头猪");
    assert_eq!(found[0].value.as_ref().map(|v| v.unit.as_str()), Some("头"));
}
