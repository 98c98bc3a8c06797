//! Dates in the six UN languages.

use chrono::NaiveDate;
use plenary_enrich::un::{find_dates, parse_date};

fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn check(input: &str, expected: Option<NaiveDate>) {
    assert_eq!(parse_date(input), expected, "date in {input:?}");
}

#[test]
fn english() {
    check("10 February 2014", date(2014, 2, 10));
    check("February 10, 2014", date(2014, 2, 10));
    check("1st March 2014", date(2014, 3, 1));
    check("March 11, 2013", date(2013, 3, 11));
    check("13-21 March 2014", date(2014, 3, 13));
    check("22-26 April, 2013", date(2013, 4, 22));
    check("from 9-12 October 2012", date(2012, 10, 9));
    check("30 March-1 April 2014", date(2014, 3, 30));
    check("April 25 to 30, 2026", date(2026, 4, 25));
    check("25 to 30 April 2026", date(2026, 4, 25));
    check("Tuesday, 24 May 2016, 14:10-15:00", date(2016, 5, 24));
    check("in February 2011 in Laxenburg", None);
    check("the Commission may 12 2014", None);
    check("31 February 2014", None);
}

#[test]
fn french() {
    check("10 février 2014", date(2014, 2, 10));
    check("1er mars 2014", date(2014, 3, 1));
    check("24 août 2020", date(2020, 8, 24));
    check("du 13 au 21 mars 2014", date(2014, 3, 13));
    check("12-16 octobre 2020", date(2020, 10, 12));
    check("2 juin 2022", date(2022, 6, 2));
}

#[test]
fn spanish() {
    check("10 de febrero de 2014", date(2014, 2, 10));
    check("13 a 21 de marzo de 2014", date(2014, 3, 13));
    check("del 13 al 21 de marzo de 2014", date(2014, 3, 13));
    check("1º de mayo de 2015", date(2015, 5, 1));
    check("9 de octubre de 2015", date(2015, 10, 9));
    check(
        "27 de abril de 2026, de 14.00 a 15.30 horas",
        date(2026, 4, 27),
    );
}

#[test]
fn russian() {
    check("10 февраля 2014 года", date(2014, 2, 10));
    check("13–21 марта 2014 года", date(2014, 3, 13));
    check("с 13 по 21 марта 2014 г.", date(2014, 3, 13));
    check("28 октября 2019 года", date(2019, 10, 28));
    check("30 марта – 1 апреля 2015 года", date(2015, 3, 30));
}

#[test]
fn arabic() {
    check("10 شباط/فبراير 2014", date(2014, 2, 10));
    check("١٠ شباط/فبراير ٢٠١٤", date(2014, 2, 10));
    check("13-21 آذار/مارس 2014", date(2014, 3, 13));
    check("12-19 نيسان/أبريل 2015", date(2015, 4, 12));
    check("3 كانون الأول/ديسمبر 2019", date(2019, 12, 3));
    check("28 تشرين الأول/أكتوبر 2019", date(2019, 10, 28));
    check("5 حزيران/يونيه 2023", date(2023, 6, 5));
    check("۵ مايو ۲۰۱۸", date(2018, 5, 5));
}

#[test]
fn chinese() {
    check("2014年2月10日", date(2014, 2, 10));
    check("2014年3月13日至21日", date(2014, 3, 13));
    check("2025年5月19日至23日，维也纳", date(2025, 5, 19));
    check("２０１４年２月１０日", date(2014, 2, 10));
    check("二〇一四年二月十日", date(2014, 2, 10));
}

#[test]
fn iso() {
    check("date: 2018-03-15", date(2018, 3, 15));
    check("2018-13-40", None);
}

#[test]
fn finds_every_date_with_offsets() {
    let text = "Distr.: General\n10 February 2014\nVienna, 13-21 March 2014; 2014年3月13日";
    let found = find_dates(text);
    assert_eq!(
        found,
        vec![
            (16, NaiveDate::from_ymd_opt(2014, 2, 10).expect("valid")),
            (41, NaiveDate::from_ymd_opt(2014, 3, 13).expect("valid")),
            (59, NaiveDate::from_ymd_opt(2014, 3, 13).expect("valid")),
        ]
    );
    assert!(text[16..].starts_with("10 February"));
    assert!(text[41..].starts_with("13-21"));
    assert!(text[59..].starts_with("2014年"));
}
