//! Ordinals in words and figures in the six UN languages, and the sessions they number.

use plenary_core::Forum;
use plenary_enrich::un::{find_session, parse_ordinal};

fn check(input: &str, expected: Option<u32>) {
    assert_eq!(parse_ordinal(input), expected, "ordinal {input:?}");
}

#[test]
fn english() {
    check("first", Some(1));
    check("Fifth", Some(5));
    check("twelfth", Some(12));
    check("Thirteenth", Some(13));
    check("twentieth", Some(20));
    check("twenty-first", Some(21));
    check("Fifty-seventh", Some(57));
    check("sixty-third", Some(63));
    check("ninety-ninth", Some(99));
    check("57th", Some(57));
    check("57 th", Some(57));
    check("1st", Some(1));
    check("22nd", Some(22));
    check("23rd", Some(23));
}

#[test]
fn french() {
    check("premier", Some(1));
    check("première", Some(1));
    check("quatrième", Some(4));
    check("vingt-troisième", Some(23));
    check("Vingt-cinquième", Some(25));
    check("vingt et unième", Some(21));
    check("Cinquante-septième", Some(57));
    check("soixante et unième", Some(61));
    check("soixante-dixième", Some(70));
    check("soixante-douzième", Some(72));
    check("quatre-vingt-deuxième", Some(82));
    check("25e", Some(25));
    check("23ème", Some(23));
    check("1er", Some(1));
}

#[test]
fn spanish() {
    check("primer", Some(1));
    check("tercera", Some(3));
    check("vigésimo tercer", Some(23));
    check("vigésimo tercero", Some(23));
    check("vigésimo octavo", Some(28));
    check("Vigésimo segundo", Some(22));
    check("quincuagésimo séptimo", Some(57));
    check("decimotercero", Some(13));
    check("décimo tercer", Some(13));
    check("28º", Some(28));
    check("28.º", Some(28));
    check("14°", Some(14));
}

#[test]
fn russian() {
    check("Шестьдесят вторая", Some(62));
    check("шестьдесят второй", Some(62));
    check("пятьдесят седьмой", Some(57));
    check("пятьдесят седьмую", Some(57));
    check("тридцать четвертой", Some(34));
    check("двадцать третьей", Some(23));
    check("тринадцатый", Some(13));
    check("десятой", Some(10));
    check("57-я", Some(57));
    check("57-й", Some(57));
}

#[test]
fn arabic() {
    check("السابعة والعشرون", Some(27));
    check("السابعة والخمسين", Some(57));
    check("الحادية والستون", Some(61));
    check("الثالثة والعشرين", Some(23));
    check("الثالث عشر", Some(13));
    check("الرابعة عشرة", Some(14));
    check("العاشرة", Some(10));
    check("الأولى", Some(1));
    check("الخامس", Some(5));
}

#[test]
fn chinese() {
    check("第六十三", Some(63));
    check("第63届", Some(63));
    check("第十三届", Some(13));
    check("第三十四", Some(34));
    check("十", Some(10));
}

#[test]
fn rejects() {
    for input in [
        "",
        "session",
        "2014",
        "the",
        "first session",
        "Commission",
        "第",
        "th",
        "57 sessions",
    ] {
        check(input, None);
    }
}

fn check_session(text: &str, expected: Option<(Forum, u32)>) {
    assert_eq!(find_session(text), expected, "session in {text:?}");
}

#[test]
fn sessions_in_text() {
    use Forum::*;
    check_session(
        "At its 57th annual session (13-21 March 2014), the Commission on Narcotic Drugs welcomed",
        Some((Cnd, 57)),
    );
    check_session(
        "At its 57 th annual session (13-21 March 2014), the Commission on Narcotic Drugs (CND)",
        Some((Cnd, 57)),
    );
    check_session(
        "Commission on Narcotic Drugs\nFifty-seventh session\nVienna, 13-21 March 2014",
        Some((Cnd, 57)),
    );
    check_session(
        "Commission des stupéfiants\nCinquante-septième session",
        Some((Cnd, 57)),
    );
    check_session(
        "Comisión de Estupefacientes\n57º período de sesiones",
        Some((Cnd, 57)),
    );
    check_session(
        "Comisión de Prevención del Delito y Justicia Penal\nVigésimo segundo período de sesiones",
        Some((Ccpcj, 22)),
    );
    check_session(
        "Комиссия по наркотическим средствам\nШестьдесят вторая сессия",
        Some((Cnd, 62)),
    );
    check_session(
        "на своей шестьдесят второй сессии Комиссия по наркотическим средствам",
        Some((Cnd, 62)),
    );
    check_session(
        "لجنة منع الجريمة والعدالة الجنائية\nالدورة السابعة والعشرون",
        Some((Ccpcj, 27)),
    );
    check_session("الدورة السابعة والخمسين للجنة المخدرات", Some((Cnd, 57)));
    check_session("麻醉药品委员会\n第六十三届会议", Some((Cnd, 63)));
    check_session("预防犯罪和刑事司法委员会第63届会议", Some((Ccpcj, 63)));
    check_session(
        "preparations for the 13th Crime Congress (12-19 April 2015, Doha)",
        Some((CrimeCongress, 13)),
    );
    check_session(
        "the Thirteenth United Nations Congress on Crime Prevention and Criminal Justice",
        Some((CrimeCongress, 13)),
    );
    check_session(
        "14º Congreso de las Naciones Unidas sobre Prevención del Delito y Justicia Penal",
        Some((CrimeCongress, 14)),
    );
    check_session(
        "第十四届联合国预防犯罪和刑事司法大会",
        Some((CrimeCongress, 14)),
    );
    check_session(
        "مؤتمر الأمم المتحدة الرابع عشر لمنع الجريمة والعدالة الجنائية",
        Some((CrimeCongress, 14)),
    );
    check_session(
        "Conférence des États parties à la Convention des Nations Unies contre la corruption\nQuatrième session",
        Some((Cosp, 4)),
    );
    check_session(
        "the sixth session of the Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
        Some((Cop, 6)),
    );
    check_session("participation in 6 th CTOC", Some((Cop, 6)));
    check_session(
        "Update from the 61st Commission on Narcotic Drugs",
        Some((Cnd, 61)),
    );
    check_session(
        "NGOs at the eighth Conference of the States Parties in Abu Dhabi",
        Some((Cosp, 8)),
    );
    check_session(
        "Implementation Review Group\nFifteenth session\nVienna, 13-17 June 2024",
        Some((Irg, 15)),
    );
    check_session(
        "the 22 nd session of the Commission on Crime Prevention and Criminal Justice",
        Some((Ccpcj, 22)),
    );
    check_session(
        "UNCAC Implementation Review Group (IRG) holds its first NGO Briefing Session",
        None,
    );
    check_session(
        "One-day Training session for NGOs on 6 November in Brasilia",
        None,
    );
    check_session("the 2014 session of the Commission on Narcotic Drugs", None);
}
