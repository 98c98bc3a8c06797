//! The submitting organization and status in the standard sentence of each language,
//! joint statements, the Roster, side-event organizers and paper submitters.

use plenary_core::ConsultativeStatus;
use plenary_enrich::un::{find_organizer, find_paper_submitter, find_submitter};

fn check(sentence: &str, organization: &str, status: Option<ConsultativeStatus>) {
    let found = find_submitter(sentence).unwrap_or_else(|| panic!("no submitter in {sentence:?}"));
    assert_eq!(
        found.organization, organization,
        "organization in {sentence:?}"
    );
    assert_eq!(found.consultative_status, status, "status in {sentence:?}");
}

#[test]
fn english() {
    use ConsultativeStatus::*;
    check(
        "Statement submitted by Harm Reduction International, a non-governmental organization in special consultative status with the Economic and Social Council",
        "Harm Reduction International",
        Some(Special),
    );
    check(
        "Statement submitted by the Academic Council on the United Nations System, a non-governmental organization in general consultative status with the Economic and Social Council**",
        "Academic Council on the United Nations System",
        Some(General),
    );
    check(
        "Statement submitted by The Salvation Army, a non-governmental organization in general consultative status with the Economic and Social Council",
        "The Salvation Army",
        Some(General),
    );
    check(
        "Statement submitted by International Legal Aid Network, a non-governmental organization on the Roster of the Economic and Social Council",
        "International Legal Aid Network",
        Some(Roster),
    );
    // Wrapped over lines, as PDF text is.
    check(
        "Statement submitted by Transparency International, a non-governmental\norganization in special consultative status with the Economic and\nSocial Council**",
        "Transparency International",
        Some(Special),
    );
}

#[test]
fn joint_statements() {
    use ConsultativeStatus::*;
    check(
        "Joint statement submitted by Harm Reduction International, Human Rights Watch and Amnesty International, non-governmental organizations in special consultative status with the Economic and Social Council",
        "Harm Reduction International",
        Some(Special),
    );
    check(
        "Statement submitted by the Alliance of NGOs on Crime Prevention and Criminal Justice and the World Society of Victimology, non-governmental organizations in special consultative status with the Economic and Social Council",
        "Alliance of NGOs on Crime Prevention and Criminal Justice",
        Some(Special),
    );
    check(
        "Déclaration conjointe présentée par la Fondation Scelles et l'Association Alliance, organisations non gouvernementales dotées du statut consultatif spécial auprès du Conseil économique et social",
        "Fondation Scelles",
        Some(Special),
    );
    check(
        "具有经济及社会理事会特别咨商地位的非政府组织国际减少伤害协会、人权观察联合提交的声明",
        "国际减少伤害协会",
        Some(Special),
    );
}

#[test]
fn french() {
    use ConsultativeStatus::*;
    check(
        "Déclaration présentée par la Fondation Scelles, organisation non gouvernementale dotée du statut consultatif spécial auprès du Conseil économique et social**",
        "Fondation Scelles",
        Some(Special),
    );
    check(
        "Déclaration présentée par Médecins du Monde, organisation non gouvernementale dotée du statut consultatif général auprès du Conseil économique et social",
        "Médecins du Monde",
        Some(General),
    );
    check(
        "Déclaration présentée par l'Association Ensemble contre la peine de mort, organisation non gouvernementale inscrite sur la Liste",
        "Association Ensemble contre la peine de mort",
        Some(Roster),
    );
}

#[test]
fn spanish() {
    use ConsultativeStatus::*;
    check(
        "Declaración presentada por Soroptimist International, organización no gubernamental reconocida como entidad consultiva general por el Consejo Económico y Social",
        "Soroptimist International",
        Some(General),
    );
    check(
        "Declaración presentada por la Corporación Humanas, organización no gubernamental reconocida como entidad consultiva especial por el Consejo Económico y Social",
        "Corporación Humanas",
        Some(Special),
    );
    check(
        "Declaración presentada por Intercambios Asociación Civil, organización no gubernamental incluida en la Lista",
        "Intercambios Asociación Civil",
        Some(Roster),
    );
}

#[test]
fn russian() {
    use ConsultativeStatus::*;
    check(
        "Заявление, представленное организацией «Евразийская ассоциация снижения вреда», неправительственной организацией, имеющей специальный консультативный статус при Экономическом и Социальном Совете",
        "Евразийская ассоциация снижения вреда",
        Some(Special),
    );
    check(
        "Заявление, представленное Международным центром пенитенциарных исследований, неправительственной организацией, имеющей общий консультативный статус при Экономическом и Социальном Совете",
        "Международным центром пенитенциарных исследований",
        Some(General),
    );
    check(
        "Заявление, представленное неправительственной организацией «Российская сеть снижения вреда», имеющей специальный консультативный статус при Экономическом и Социальном Совете",
        "Российская сеть снижения вреда",
        Some(Special),
    );
    check(
        "Заявление, представленное организацией «Центр безопасного Интернета», неправительственной организацией, включенной в Реестр",
        "Центр безопасного Интернета",
        Some(Roster),
    );
}

#[test]
fn arabic() {
    use ConsultativeStatus::*;
    check(
        "بيان مقدم من المنظمة العربية لحقوق الإنسان، وهي منظمة غير حكومية ذات مركز استشاري خاص لدى المجلس الاقتصادي والاجتماعي",
        "المنظمة العربية لحقوق الإنسان",
        Some(Special),
    );
    check(
        "بيان مقدم من الاتحاد الدولي للشباب، وهي منظمة غير حكومية ذات مركز استشاري عام لدى المجلس الاقتصادي والاجتماعي",
        "الاتحاد الدولي للشباب",
        Some(General),
    );
    check(
        "بيان مقدم من جمعية الشفافية، وهي منظمة غير حكومية مدرجة في القائمة",
        "جمعية الشفافية",
        Some(Roster),
    );
}

#[test]
fn chinese() {
    use ConsultativeStatus::*;
    check(
        "具有经济及社会理事会特别咨商地位的非政府组织国际减少伤害协会提交的声明",
        "国际减少伤害协会",
        Some(Special),
    );
    check(
        "具有经济及社会理事会全面咨商地位的非政府组织亚太反人口贩运联盟\n提交的声明**",
        "亚太反人口贩运联盟",
        Some(General),
    );
    check(
        "具有经济及社会理事会名册咨商地位的非政府组织透明中国提交的声明",
        "透明中国",
        Some(Roster),
    );
}

#[test]
fn no_sentence() {
    assert_eq!(
        find_submitter("The Commission on Narcotic Drugs held its session."),
        None
    );
}

fn check_organizer(text: &str, expected: Option<&str>) {
    assert_eq!(
        find_organizer(text).as_deref(),
        expected,
        "organizer in {text:?}"
    );
}

#[test]
fn side_event_organizers() {
    check_organizer(
        "Organized by the Bündnis gegen Cybermobbing (Alliance against Cyberbullying) in\ncooperation with the International Association of Youth and Family Judges",
        Some("Bündnis gegen Cybermobbing"),
    );
    check_organizer(
        "The event was organized by Penal Reform International and the Thailand Institute of Justice, in cooperation with UNODC.",
        Some("Penal Reform International"),
    );
    check_organizer("organized by UNODC and the UNCAC Coalition", Some("UNODC"));
    check_organizer(
        "a side event organized by the Alliance of NGOs on Crime Prevention and Criminal Justice. Speakers",
        Some("Alliance of NGOs on Crime Prevention and Criminal Justice"),
    );
    check_organizer(
        "Événement parallèle organisé par Penal Reform International et l'UNICEF.",
        Some("Penal Reform International"),
    );
    check_organizer(
        "Organizada por la Red Latinoamericana contra la Trata de Personas, en cooperación con el Gobierno de México.",
        Some("Red Latinoamericana contra la Trata de Personas"),
    );
    check_organizer(
        "Мероприятие, организованное Евразийской сетью снижения вреда при поддержке ЮНЭЙДС.",
        Some("Евразийской сетью снижения вреда"),
    );
    check_organizer(
        "حدث جانبي نظمته المنظمة الدولية للإصلاح الجنائي بالتعاون مع مكتب الأمم المتحدة.",
        Some("المنظمة الدولية للإصلاح الجنائي"),
    );
    check_organizer(
        "由亚太反人口贩运联盟主办的会外活动",
        Some("亚太反人口贩运联盟"),
    );
    check_organizer(
        "On the occasion of the International Day, the Academic Council on the United Nations System and the Small Arms Survey organized a symposium on Femicide",
        Some("Academic Council on the United Nations System"),
    );
    check_organizer("The Commission adopted five resolutions.", None);
}

#[test]
fn paper_submitters() {
    assert_eq!(
        find_paper_submitter("Conference room paper submitted by the UNCAC Coalition").as_deref(),
        Some("UNCAC Coalition")
    );
    assert_eq!(
        find_paper_submitter("Documento de sesión presentado por el Instituto Centroamericano de Estudios para la Seguridad, en nombre de doce organizaciones").as_deref(),
        Some("Instituto Centroamericano de Estudios para la Seguridad")
    );
    assert_eq!(
        find_paper_submitter("Document de séance établi par le Secrétariat"),
        None
    );
    assert_eq!(
        find_paper_submitter("Conference room paper prepared by the Secretariat"),
        None
    );
}
