//! Document symbols of the Vienna bodies and of other UN series.

use plenary_core::Forum;
use plenary_enrich::un::{DocumentSymbol, SymbolKind};

/// What a symbol is expected to say about itself.
struct Expected {
    normalized: &'static str,
    forum: Option<Forum>,
    year: Option<i32>,
    session: Option<u32>,
    kind: SymbolKind,
}

fn check(input: &str, expected: Option<Expected>) {
    let parsed = DocumentSymbol::parse(input);
    let Some(expected) = expected else {
        assert!(
            parsed.is_none(),
            "{input:?} should not parse, got {parsed:?}"
        );
        return;
    };
    let symbol = parsed.unwrap_or_else(|| panic!("{input:?} should parse"));
    assert_eq!(
        symbol.as_str(),
        expected.normalized,
        "normalized form of {input:?}"
    );
    assert_eq!(symbol.forum(), expected.forum, "forum of {input:?}");
    assert_eq!(symbol.year(), expected.year, "year of {input:?}");
    assert_eq!(symbol.session(), expected.session, "session of {input:?}");
    assert_eq!(symbol.kind(), expected.kind, "kind of {input:?}");
}

fn symbol(
    normalized: &'static str,
    forum: Option<Forum>,
    year: Option<i32>,
    session: Option<u32>,
    kind: SymbolKind,
) -> Option<Expected> {
    Some(Expected {
        normalized,
        forum,
        year,
        session,
        kind,
    })
}

#[test]
fn vienna_symbols() {
    use Forum::*;
    use SymbolKind::*;
    check(
        "E/CN.7/2014/NGO/3",
        symbol("E/CN.7/2014/NGO/3", Some(Cnd), Some(2014), Some(57), Ngo),
    );
    check(
        "E/CN.7/ 2014/NGO/3",
        symbol("E/CN.7/2014/NGO/3", Some(Cnd), Some(2014), Some(57), Ngo),
    );
    check(
        " E/CN.7/2014/NGO/3. ",
        symbol("E/CN.7/2014/NGO/3", Some(Cnd), Some(2014), Some(57), Ngo),
    );
    check(
        "E/CN.7/2011/NGO/2",
        symbol("E/CN.7/2011/NGO/2", Some(Cnd), Some(2011), Some(54), Ngo),
    );
    // Annual since the 35th session (1992); the biennial sessions before imply no number.
    check(
        "E/CN.7/1992/2",
        symbol("E/CN.7/1992/2", Some(Cnd), Some(1992), Some(35), Regular),
    );
    check(
        "E/CN.7/1989/2",
        symbol("E/CN.7/1989/2", Some(Cnd), Some(1989), None, Regular),
    );
    check(
        "E/CN.7/2020/CRP.5",
        symbol("E/CN.7/2020/CRP.5", Some(Cnd), Some(2020), Some(63), Crp),
    );
    check(
        "E/CN.7/2015/L.3/Rev.1",
        symbol(
            "E/CN.7/2015/L.3/Rev.1",
            Some(Cnd),
            Some(2015),
            Some(58),
            Limited,
        ),
    );
    check(
        "E/CN.7/2015/7/Add.1",
        symbol(
            "E/CN.7/2015/7/Add.1",
            Some(Cnd),
            Some(2015),
            Some(58),
            Regular,
        ),
    );
    check(
        "E/CN.15/2014/CRP.4",
        symbol("E/CN.15/2014/CRP.4", Some(Ccpcj), Some(2014), Some(23), Crp),
    );
    check(
        "E/CN.15/2012/NGO/1",
        symbol("E/CN.15/2012/NGO/1", Some(Ccpcj), Some(2012), Some(21), Ngo),
    );
    check(
        "e/cn.15/2025/ngo/16",
        symbol(
            "E/CN.15/2025/NGO/16",
            Some(Ccpcj),
            Some(2025),
            Some(34),
            Ngo,
        ),
    );
    check(
        "UNODC/CCPCJ/EG.6/2015/2",
        symbol(
            "UNODC/CCPCJ/EG.6/2015/2",
            Some(Ccpcj),
            Some(2015),
            None,
            Regular,
        ),
    );
    check(
        "CAC/COSP/2019/NGO/2",
        symbol("CAC/COSP/2019/NGO/2", Some(Cosp), Some(2019), Some(8), Ngo),
    );
    check(
        "CAC/COSP/2013/NGO/1/Rev.1",
        symbol(
            "CAC/COSP/2013/NGO/1/Rev.1",
            Some(Cosp),
            Some(2013),
            Some(5),
            Ngo,
        ),
    );
    check(
        "CAC/COSP/2006/2",
        symbol("CAC/COSP/2006/2", Some(Cosp), Some(2006), Some(1), Regular),
    );
    check(
        "CAC/COSP/2008/1",
        symbol("CAC/COSP/2008/1", Some(Cosp), Some(2008), Some(2), Regular),
    );
    check(
        "CAC/COSP/2023/NGO/13",
        symbol(
            "CAC/COSP/2023/NGO/13",
            Some(Cosp),
            Some(2023),
            Some(10),
            Ngo,
        ),
    );
    check(
        "CAC/COSP/WG.2/2014/2",
        symbol(
            "CAC/COSP/WG.2/2014/2",
            Some(Cosp),
            Some(2014),
            None,
            Regular,
        ),
    );
    check(
        "CAC/COSP/IRG/2016/NGO/1",
        symbol("CAC/COSP/IRG/2016/NGO/1", Some(Irg), Some(2016), None, Ngo),
    );
    check(
        "CAC/COSP/IRG/I/1/1/Add.5",
        symbol("CAC/COSP/IRG/I/1/1/Add.5", Some(Irg), None, None, Regular),
    );
    check(
        "CAC/COSP/IRG/2019/CRP.2",
        symbol("CAC/COSP/IRG/2019/CRP.2", Some(Irg), Some(2019), None, Crp),
    );
    check(
        "CTOC/COP/2020/NGO/11",
        symbol("CTOC/COP/2020/NGO/11", Some(Cop), Some(2020), Some(10), Ngo),
    );
    check(
        "CTOC/COP/2012/15",
        symbol("CTOC/COP/2012/15", Some(Cop), Some(2012), Some(6), Regular),
    );
    check(
        "CTOC/COP/2005/3",
        symbol("CTOC/COP/2005/3", Some(Cop), Some(2005), Some(2), Regular),
    );
    check(
        "CTOC/COP/WG.2/2014/2",
        symbol("CTOC/COP/WG.2/2014/2", Some(Cop), Some(2014), None, Regular),
    );
    check(
        "A/CONF.222/NGO/3",
        symbol("A/CONF.222/NGO/3", Some(CrimeCongress), None, Some(13), Ngo),
    );
    check(
        "A/CONF.213/L.6",
        symbol(
            "A/CONF.213/L.6",
            Some(CrimeCongress),
            None,
            Some(12),
            Limited,
        ),
    );
    check(
        "A/CONF.234/INF/1",
        symbol(
            "A/CONF.234/INF/1",
            Some(CrimeCongress),
            None,
            Some(14),
            Information,
        ),
    );
}

#[test]
fn other_bodies_follow_their_series() {
    use Forum::*;
    use SymbolKind::*;
    // A conference of the Assembly that is not a Crime Congress is the Assembly's.
    check(
        "A/CONF.224/PC.III./L.1",
        symbol(
            "A/CONF.224/PC.III./L.1",
            Some(GeneralAssembly),
            None,
            None,
            Limited,
        ),
    );
    check(
        "A/69/767",
        symbol("A/69/767", Some(GeneralAssembly), None, Some(69), Regular),
    );
    check(
        "A/RES/69/1",
        symbol(
            "A/RES/69/1",
            Some(GeneralAssembly),
            None,
            Some(69),
            Resolution,
        ),
    );
    check(
        "A/70/PV.16",
        symbol("A/70/PV.16", Some(GeneralAssembly), None, Some(70), Regular),
    );
    check(
        "A/AC.105/1085",
        symbol("A/AC.105/1085", Some(GeneralAssembly), None, None, Regular),
    );
    check(
        "A/C.1/70/L.5",
        symbol(
            "A/C.1/70/L.5",
            Some(FirstCommittee),
            None,
            Some(70),
            Limited,
        ),
    );
    check(
        "A/C.3/68/L.8",
        symbol(
            "A/C.3/68/L.8",
            Some(ThirdCommittee),
            None,
            Some(68),
            Limited,
        ),
    );
    check(
        "A/C.6/69/SR.3",
        symbol(
            "A/C.6/69/SR.3",
            Some(SixthCommittee),
            None,
            Some(69),
            Regular,
        ),
    );
    check(
        "A/HRC/28/15",
        symbol(
            "A/HRC/28/15",
            Some(HumanRightsCouncil),
            None,
            Some(28),
            Regular,
        ),
    );
    check(
        "A/HRC/WG.6/20/SVN/1",
        symbol("A/HRC/WG.6/20/SVN/1", Some(Upr), None, Some(20), Regular),
    );
    check(
        "E/CN.6/2015/NGO/12",
        symbol("E/CN.6/2015/NGO/12", Some(Csw), Some(2015), None, Ngo),
    );
    check(
        "E/2015/L.12",
        symbol("E/2015/L.12", Some(Ecosoc), Some(2015), None, Limited),
    );
    check(
        "E/C.12/GC/24",
        symbol("E/C.12/GC/24", Some(Cescr), None, None, Regular),
    );
    check(
        "S/RES/2199 (2015)",
        symbol(
            "S/RES/2199 (2015)",
            Some(SecurityCouncil),
            Some(2015),
            None,
            Resolution,
        ),
    );
    check(
        "S/2015/123",
        symbol(
            "S/2015/123",
            Some(SecurityCouncil),
            Some(2015),
            None,
            Regular,
        ),
    );
    check(
        "CEDAW/C/SVN/CO/7",
        symbol("CEDAW/C/SVN/CO/7", Some(Cedaw), None, None, Regular),
    );
    check(
        "CRC/C/15/Add.1",
        symbol("CRC/C/15/Add.1", Some(Crc), None, None, Regular),
    );
    check(
        "CCPR/C/21/Rev.1",
        symbol("CCPR/C/21/Rev.1", Some(Ccpr), None, None, Regular),
    );
    check(
        "CAT/C/54/2",
        symbol("CAT/C/54/2", Some(Cat), None, None, Regular),
    );
    check(
        "CED/C/SVN/1",
        symbol("CED/C/SVN/1", Some(Ced), None, None, Regular),
    );
    // Series of no body Plenary names.
    check(
        "DP/2015/3",
        symbol("DP/2015/3", None, Some(2015), None, Regular),
    );
    check(
        "UNEP/CHW.12/1",
        symbol("UNEP/CHW.12/1", None, None, None, Regular),
    );
}

#[test]
fn every_crime_congress_by_its_conference_number() {
    let congresses = [
        (6, 1),
        (17, 2),
        (26, 3),
        (43, 4),
        (56, 5),
        (87, 6),
        (121, 7),
        (144, 8),
        (169, 9),
        (187, 10),
        (203, 11),
        (213, 12),
        (222, 13),
        (234, 14),
    ];
    for (conference, congress) in congresses {
        let symbol = DocumentSymbol::parse(&format!("A/CONF.{conference}/1"))
            .unwrap_or_else(|| panic!("A/CONF.{conference}/1 parses"));
        assert_eq!(
            symbol.forum(),
            Some(Forum::CrimeCongress),
            "A/CONF.{conference}"
        );
        assert_eq!(symbol.session(), Some(congress), "A/CONF.{conference}");
    }
}

#[test]
fn rejects() {
    for input in [
        "",
        "and/or",
        "E/CN.7",
        "CAC/COSP",
        "km/h",
        "E/CN.7/2014/NGO/3 and more",
        "X/CN.7/2014/1",
        "see E/CN.7/2014/1",
        "Distr.: General",
    ] {
        check(input, None);
    }
}

#[test]
fn corrections_and_base() {
    let corrected = DocumentSymbol::parse("E/CN.7/2016/NGO/5/Corr.1").expect("parses");
    assert_eq!(corrected.corrigendum(), Some(1));
    assert_eq!(corrected.revision(), None);
    assert_eq!(corrected.base().as_str(), "E/CN.7/2016/NGO/5");
    let revised = DocumentSymbol::parse("CAC/COSP/2013/NGO/1/Rev.2/Corr.1").expect("parses");
    assert_eq!(revised.revision(), Some(2));
    assert_eq!(revised.base().as_str(), "CAC/COSP/2013/NGO/1");
    let addendum = DocumentSymbol::parse("CAC/COSP/IRG/I/1/1/ADD.5").expect("parses");
    assert_eq!(addendum.as_str(), "CAC/COSP/IRG/I/1/1/Add.5");
    assert_eq!(addendum.addendum(), Some(5));
    assert_eq!(addendum.base().as_str(), "CAC/COSP/IRG/I/1/1/Add.5");
}

#[test]
fn finds_symbols_in_text_with_offsets() {
    let text = "United Nations E/CN.7/2014/NGO/3\n* E/CN.7/2014/1.\nresolution A/C.3/68/L.8 and E/2014/28-E/CN.7/2014/16";
    let found: Vec<(usize, String)> = DocumentSymbol::find_all(text)
        .into_iter()
        .map(|(offset, symbol)| (offset, symbol.as_str().to_string()))
        .collect();
    assert_eq!(
        found,
        vec![
            (15, "E/CN.7/2014/NGO/3".to_string()),
            (35, "E/CN.7/2014/1".to_string()),
            (61, "A/C.3/68/L.8".to_string()),
            (78, "E/2014/28".to_string()),
            (88, "E/CN.7/2014/16".to_string()),
        ]
    );
    assert_eq!(&text[15..32], "E/CN.7/2014/NGO/3");
}
