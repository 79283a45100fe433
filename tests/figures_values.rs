//! The value parser's table: figures from the sample reports and every written form issue 13 lists, each with
//! the value it must read as (number or range, base unit, qualifier). Includes each case that other parsers
//! fail on (533, 35萬, 3.698亿, 两万余, 百分之三十, and 余 / 百分之 inside running text).

use spantag::figures::{FigureValue, Table, read_value};

/// `NUMBER UNIT [QUALIFIER]`, the notation of the gold files: `369800000 元`, `26000 人 more_than`.
fn notation(value: &FigureValue) -> String {
    let mut out = value.amount.to_string();
    if !value.unit.is_empty() {
        out.push(' ');
        out.push_str(&value.unit);
    }
    if value.approx() {
        out.push(' ');
        out.push_str(value.qualifier.as_str());
    }
    out
}

const CASES: &[(&str, &str)] = &[
    // From the sample reports.
    ("8260户", "8260 户"),
    ("27089名", "27089 名"),
    ("131名", "131 名"),
    ("2800元", "2800 元"),
    ("4大类", "4 大类"),
    ("79个", "79 个"),
    ("3.698亿元", "369800000 元"),
    ("791万元", "7910000 元"),
    ("1.9075亿元", "190750000 元"),
    ("3703.1万元", "37031000 元"),
    ("1025场次", "1025 场次"),
    ("超过2.6万人", "26000 人 more_than"),
    ("6184.15万元", "61841500 元"),
    ("12眼", "12 眼"),
    ("444公里", "444 公里"),
    ("84725人", "84725 人"),
    ("77.7公里", "77.7 公里"),
    ("1.62万户", "16200 户"),
    ("90%以上", "90 % at_least"),
    ("2.91%", "2.91 %"),
    ("0.74%", "0.74 %"),
    ("2個", "2 个"),
    ("523人", "523 人"),
    ("533人", "533 人"),
    ("533", "533"),
    ("0.68%", "0.68 %"),
    ("3.99%", "3.99 %"),
    ("223萬元", "2230000 元"),
    ("3125人次", "3125 人次"),
    ("217.07萬元", "2170700 元"),
    ("142余万元", "1420000 元 more_than"),
    ("142余万", "1420000 more_than"),
    ("60余万元", "600000 元 more_than"),
    ("近一倍", "1 倍 under"),
    ("不少于30处", "30 处 at_least"),
    ("406起", "406 起"),
    ("110余个", "110 个 more_than"),
    ("50岁", "50 岁"),
    ("2.5万元", "25000 元"),
    ("4.8亩", "4.8 亩"),
    ("近1000元", "1000 元 under"),
    ("1.8亿元", "180000000 元"),
    ("3617万元", "36170000 元"),
    ("195余万元", "1950000 元 more_than"),
    ("3097户", "3097 户"),
    // Chinese numerals, Simplified, Traditional and formal.
    ("35萬", "350000"),
    ("35萬人", "350000 人"),
    ("3.698亿", "369800000"),
    ("两万余", "20000 more_than"),
    ("两万余人", "20000 人 more_than"),
    ("兩萬人", "20000 人"),
    ("三億元", "300000000 元"),
    ("二十万元", "200000 元"),
    ("十九人", "19 人"),
    ("九十人", "90 人"),
    ("一百〇五户", "105 户"),
    ("三万五", "35000"),
    ("廿人", "20 人"),
    ("壹仟贰佰叁拾肆元", "1234 元"),
    ("貳拾萬元", "200000 元"),
    ("參佰人", "300 人"),
    ("陸拾伍戶", "65 户"),
    ("三个", "3 个"),
    // Mixed forms.
    ("3.5万", "35000"),
    ("3万5千", "35000"),
    ("3万5千元", "35000 元"),
    ("两百多万元", "2000000 元 more_than"),
    ("1000多人", "1000 人 more_than"),
    ("十多个", "10 个 more_than"),
    ("2,000万元", "20000000 元"),
    ("1,234元", "1234 元"),
    ("12,345,678元", "12345678 元"),
    ("1，234人", "1234 人"),
    ("１２３人", "123 人"),
    ("１２．５％", "12.5 %"),
    ("1.2亿", "120000000"),
    // Percentages, 个百分点, 成, multiples.
    ("百分之三十", "30 %"),
    ("百分之3.5", "3.5 %"),
    ("不足百分之五", "5 % under"),
    ("3个百分点", "3 个百分点"),
    ("0.5個百分點", "0.5 个百分点"),
    ("三成", "30 %"),
    ("九成以上", "90 % at_least"),
    ("近3成", "30 % under"),
    ("3倍", "3 倍"),
    ("1.5倍", "1.5 倍"),
    ("翻一番", "2 倍"),
    ("翻两番", "4 倍"),
    ("翻了一番", "2 倍"),
    // Ranges.
    ("3-5万", "30000..50000"),
    ("3-5万元", "30000..50000 元"),
    ("两到三万", "20000..30000"),
    ("两到三万人", "20000..30000 人"),
    ("1万至5万", "10000..50000"),
    ("1万至5万元", "10000..50000 元"),
    ("3～5个", "3..5 个"),
    // Qualifiers.
    ("约3000人", "3000 人 approx"),
    ("3000人左右", "3000 人 approx"),
    ("大约两千人", "2000 人 approx"),
    ("至少5家", "5 家 at_least"),
    ("逾200人", "200 人 more_than"),
    ("不到10%", "10 % under"),
    ("5%以下", "5 % at_most"),
    ("最多3次", "3 次 at_most"),
    ("10公里以内", "10 公里 at_most"),
    // Units that start with a multiplier character are units, not thousands.
    ("5千瓦", "5 千瓦"),
    ("2千克", "2 公斤"),
    ("3千米", "3 公里"),
    ("500平方米", "500 平方米"),
    ("2.5万亩", "25000 亩"),
    // 余 and 百分之 inside running text (a hand-made span may hold more than the figure).
    ("实现收益142余万元", "1420000 元 more_than"),
    ("受益群众超过2.6万人", "26000 人 more_than"),
    ("占比百分之三十以上", "30 % at_least"),
    ("发放资助金217.07萬元", "2170700 元"),
];

#[test]
fn value_table() {
    assert!(CASES.len() >= 80, "the table must keep at least 80 cases");
    let table = Table::builtin();
    let mut failures = Vec::new();
    for &(text, expected) in CASES {
        let got = read_value(text, &table).map(|v| notation(&v));
        if got.as_deref() != Some(expected) {
            failures.push(format!("{text}: expected {expected}, got {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases wrong:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn dates_and_time_phrases_have_no_value() {
    let table = Table::builtin();
    for text in ["2014年", "5月14日", "五年来", "3个月", "2020年底"] {
        assert_eq!(read_value(text, &table), None, "{text}");
    }
}

#[test]
fn values_serialise_as_the_exports_want() {
    let table = Table::builtin();
    let value = read_value("超过2.6万人", &table).expect("a value");
    assert_eq!(
        value.to_json().to_string(),
        r#"{"approx":true,"number":26000,"qualifier":"more_than","unit":"人"}"#
    );
    let range = read_value("3-5万元", &table).expect("a value");
    assert_eq!(
        range.to_json().to_string(),
        r#"{"approx":false,"high":50000,"low":30000,"qualifier":"exact","unit":"元"}"#
    );
    let fraction = read_value("0.68%", &table).expect("a value");
    assert_eq!(fraction.to_json()["number"].to_string(), "0.68");
}
