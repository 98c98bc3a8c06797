//! The topic tagger: for every topic and each of the six languages, a paragraph that is
//! about it and a near-miss that is not; ancestors, evidence, passages and user taxonomies.

use plenary_core::Taxonomy;
use plenary_enrich::TopicTagger;

fn tagger() -> TopicTagger {
    TopicTagger::new(&Taxonomy::bundled())
}

fn slugs(tagger: &TopicTagger, text: &str) -> Vec<String> {
    tagger
        .tag(text)
        .into_iter()
        .map(|assignment| assignment.slug)
        .collect()
}

/// `text` is tagged with `slug` (and its ancestors).
fn check_tagged(tagger: &TopicTagger, slug: &str, lang: &str, text: &str) {
    let found = slugs(tagger, text);
    assert!(
        found.iter().any(|found| found == slug),
        "{slug} ({lang}) missing from {found:?} for: {text}"
    );
    for ancestor in tagger.taxonomy().ancestors(slug) {
        assert!(
            found.contains(&ancestor.slug),
            "{slug} ({lang}) implies {}: {found:?}",
            ancestor.slug
        );
    }
}

/// `text` is not tagged with `slug`.
fn check_not_tagged(tagger: &TopicTagger, slug: &str, lang: &str, text: &str) {
    let found = slugs(tagger, text);
    assert!(
        !found.iter().any(|found| found == slug),
        "{slug} ({lang}) wrongly in {found:?} for: {text}"
    );
}

/// (slug, language, a paragraph about the topic, a near-miss that is not about it)
const CASES: &[(&str, &str, &str, &str)] = &[
    // violence-against-women
    (
        "violence-against-women",
        "en",
        "Violence against women remains pervasive. Domestic violence and sexual violence go unpunished, and survivors of gender-based violence rarely reach shelters.",
        "Women make up a growing share of people in prison, and many women are held for minor drug offences far from their families.",
    ),
    (
        "violence-against-women",
        "fr",
        "La violence à l'égard des femmes reste omniprésente. Les violences conjugales et les violences sexuelles restent impunies, et la violence fondée sur le genre touche une femme sur trois.",
        "Les femmes représentent une part croissante de la population carcérale, et de nombreuses femmes sont détenues pour des infractions mineures.",
    ),
    (
        "violence-against-women",
        "es",
        "La violencia contra las mujeres sigue siendo generalizada. La violencia doméstica y la violencia sexual quedan impunes, y la violencia de género afecta a una de cada tres mujeres.",
        "Las mujeres representan una proporción creciente de la población penitenciaria y muchas mujeres están detenidas por delitos menores.",
    ),
    (
        "violence-against-women",
        "ru",
        "Насилие в отношении женщин остается повсеместным. Бытовое насилие и сексуальное насилие остаются безнаказанными, а гендерное насилие затрагивает каждую третью женщину.",
        "Женщины составляют растущую долю заключенных, и многие женщины содержатся под стражей за мелкие правонарушения.",
    ),
    (
        "violence-against-women",
        "ar",
        "لا يزال العنف ضد المرأة منتشرا. ويفلت مرتكبو العنف المنزلي والعنف الجنسي من العقاب، ويطال العنف القائم على نوع الجنس امرأة من كل ثلاث نساء.",
        "تمثل النساء نسبة متزايدة من نزلاء السجون، وتحتجز كثير من النساء بسبب جرائم بسيطة.",
    ),
    (
        "violence-against-women",
        "zh",
        "暴力侵害妇女行为仍然普遍存在。家庭暴力和性暴力往往不受惩罚，基于性别的暴力影响到三分之一的妇女。",
        "妇女在监狱人口中所占比例不断上升，许多妇女因轻微罪行被关押。",
    ),
    // femicide
    (
        "femicide",
        "en",
        "Femicide is the most extreme form of violence against women. Gender-related killings of women and girls rose again last year, and most femicides are committed by a partner.",
        "The resolution on taking action against gender-related violence was adopted last year without a vote.",
    ),
    (
        "femicide",
        "fr",
        "Le féminicide est la forme la plus extrême de violence à l'égard des femmes. Les féminicides ont encore augmenté l'an dernier et les meurtres de femmes restent impunis.",
        "La résolution sur la violence à l'égard des femmes a été adoptée sans vote l'an dernier.",
    ),
    (
        "femicide",
        "es",
        "El feminicidio es la forma más extrema de violencia contra las mujeres. Los feminicidios aumentaron de nuevo y las muertes violentas de mujeres quedan impunes.",
        "La resolución sobre la violencia contra las mujeres fue aprobada sin votación el año pasado.",
    ),
    (
        "femicide",
        "ru",
        "Фемицид является крайней формой насилия в отношении женщин. Число убийств женщин по гендерным мотивам в прошлом году снова выросло.",
        "Резолюция о насилии в отношении женщин была принята без голосования в прошлом году.",
    ),
    (
        "femicide",
        "ar",
        "قتل الإناث هو أشد أشكال العنف ضد المرأة تطرفا. وقد ارتفعت جرائم قتل النساء مرة أخرى في العام الماضي.",
        "اعتمد القرار المتعلق بالعنف ضد المرأة دون تصويت في العام الماضي.",
    ),
    (
        "femicide",
        "zh",
        "杀害妇女是暴力侵害妇女行为最极端的形式。去年与性别有关的杀害妇女事件再次增加。",
        "关于暴力侵害妇女行为的决议去年未经表决获得通过。",
    ),
    // death-penalty
    (
        "death-penalty",
        "en",
        "We call on States to abolish the death penalty. Executions for drug offences rose last year, and hundreds remain on death row. A moratorium on the use of the death penalty is a first step.",
        "The execution of the budget was reviewed, and the projects executed by the Office were audited; capital flight remains a concern.",
    ),
    (
        "death-penalty",
        "fr",
        "Nous appelons les États à abolir la peine de mort. Les exécutions pour des infractions liées aux drogues ont augmenté et des centaines de condamnés à mort attendent.",
        "L'exécution du budget a été examinée et le taux d'exécution des projets reste faible.",
    ),
    (
        "death-penalty",
        "es",
        "Instamos a los Estados a abolir la pena de muerte. Las ejecuciones por delitos de drogas aumentaron y cientos de condenados a muerte esperan en el corredor de la muerte.",
        "Se examinó la ejecución del presupuesto y la ejecución de proyectos en la región avanzó.",
    ),
    (
        "death-penalty",
        "ru",
        "Мы призываем государства отменить смертную казнь. Число казней за преступления, связанные с наркотиками, выросло, а мораторий на смертную казнь пока не введен.",
        "Была рассмотрена ход исполнения бюджета и осуществления проектов в регионе.",
    ),
    (
        "death-penalty",
        "ar",
        "ندعو الدول إلى إلغاء عقوبة الإعدام. وقد ازدادت حالات الإعدام بسبب جرائم المخدرات، وينتظر المئات من المحكوم عليهم بالإعدام.",
        "جرى استعراض تنفيذ الميزانية وإعدام المضبوطات من المخدرات وفقا للقانون.",
    ),
    (
        "death-penalty",
        "zh",
        "我们呼吁各国废除死刑。去年因毒品犯罪被处决的人数增加，数百人仍在等待执行死刑。",
        "审查了预算执行情况和项目执行率。",
    ),
    // corruption
    (
        "corruption",
        "en",
        "Corruption diverts public funds from health and education. Bribery of public officials and embezzlement go unpunished, and asset recovery remains slow.",
        "The Conference of the States Parties to the United Nations Convention against Corruption met in Vienna; delegates discussed the venue of the next session.",
    ),
    (
        "corruption",
        "fr",
        "La corruption détourne les fonds publics de la santé et de l'éducation. Les pots-de-vin et le détournement de fonds restent impunis, et le recouvrement d'avoirs est lent.",
        "La Conférence des États parties à la Convention des Nations Unies contre la corruption s'est réunie à Vienne pour fixer la date de la prochaine session.",
    ),
    (
        "corruption",
        "es",
        "La corrupción desvía fondos públicos de la salud y la educación. El soborno y la malversación quedan impunes, y la recuperación de activos es lenta.",
        "La Conferencia de los Estados Partes en la Convención de las Naciones Unidas contra la Corrupción se reunió en Viena para fijar la fecha del próximo período de sesiones.",
    ),
    (
        "corruption",
        "ru",
        "Коррупция отвлекает государственные средства от здравоохранения и образования. Взяточничество и хищения остаются безнаказанными, а возвращение активов идет медленно.",
        "Конференция государств - участников Конвенции Организации Объединенных Наций против коррупции собралась в Вене, чтобы определить дату следующей сессии.",
    ),
    (
        "corruption",
        "ar",
        "يحول الفساد الأموال العامة عن الصحة والتعليم. وتفلت الرشوة والاختلاس من العقاب، ولا يزال استرداد الموجودات بطيئا.",
        "اجتمع مؤتمر الدول الأطراف في اتفاقية الأمم المتحدة لمكافحة الفساد في فيينا لتحديد موعد الدورة المقبلة.",
    ),
    (
        "corruption",
        "zh",
        "腐败使公共资金偏离卫生和教育。贿赂和贪污不受惩罚，资产追回进展缓慢。",
        "联合国反腐败公约缔约国会议在维也纳举行，确定下届会议的日期。",
    ),
    // drug-policy
    (
        "drug-policy",
        "en",
        "Drug policy must put health first. People who use drugs face arrest rather than treatment, and the decriminalization of drug use would reduce the harms of drug control.",
        "The Commission on Narcotic Drugs and the United Nations Office on Drugs and Crime held a joint briefing on the budget.",
    ),
    (
        "drug-policy",
        "fr",
        "La politique en matière de drogues doit placer la santé au premier plan. Les usagers de drogues sont arrêtés au lieu d'être soignés, et la dépénalisation de la consommation de drogues réduirait les dommages.",
        "La Commission des stupéfiants et l'Office des Nations Unies contre la drogue et le crime ont tenu une réunion sur le budget.",
    ),
    (
        "drug-policy",
        "es",
        "La política de drogas debe poner la salud en primer lugar. Las personas que usan drogas son detenidas en lugar de recibir tratamiento, y la despenalización del consumo de drogas reduciría los daños.",
        "La Comisión de Estupefacientes y la Oficina de las Naciones Unidas contra la Droga y el Delito celebraron una reunión sobre el presupuesto.",
    ),
    (
        "drug-policy",
        "ru",
        "Политика в отношении наркотиков должна ставить здоровье на первое место. Потребителей наркотиков арестовывают вместо лечения, а декриминализация употребления наркотиков снизила бы вред.",
        "Комиссия по наркотическим средствам и Управление Организации Объединенных Наций по наркотикам и преступности провели совещание о бюджете.",
    ),
    (
        "drug-policy",
        "ar",
        "يجب أن تضع سياسات المخدرات الصحة في المقام الأول. ويتعرض متعاطو المخدرات للاعتقال بدلا من العلاج، ومن شأن عدم التجريم أن يحد من الأضرار.",
        "عقدت لجنة المخدرات ومكتب الأمم المتحدة المعني بالمخدرات والجريمة اجتماعا بشأن الميزانية.",
    ),
    (
        "drug-policy",
        "zh",
        "毒品政策必须把健康放在首位。吸毒者遭到逮捕而不是得到治疗，将吸毒非罪化可以减少危害。",
        "麻醉药品委员会和联合国毒品和犯罪问题办公室举行了关于预算的会议。",
    ),
    // harm-reduction
    (
        "harm-reduction",
        "en",
        "Harm reduction saves lives. Needle and syringe programmes, opioid substitution therapy and naloxone to reverse overdoses should be available in every prison.",
        "The delegation said that its policies aim at the reduction of harm to society caused by crime in general.",
    ),
    (
        "harm-reduction",
        "fr",
        "La réduction des risques sauve des vies. Les programmes d'échange de seringues, les traitements de substitution et la naloxone contre les surdoses doivent être accessibles.",
        "La délégation a indiqué que sa politique vise à réduire les risques de catastrophe naturelle.",
    ),
    (
        "harm-reduction",
        "es",
        "La reducción de daños salva vidas. Los programas de intercambio de jeringas, la terapia de sustitución con metadona y la naloxona contra las sobredosis deben estar disponibles.",
        "La delegación indicó que su política busca reducir los daños causados por los desastres naturales.",
    ),
    (
        "harm-reduction",
        "ru",
        "Снижение вреда спасает жизни. Программы обмена игл и шприцев, заместительная терапия и налоксон для предотвращения передозировки должны быть доступны.",
        "Делегация заявила, что ее политика направлена на уменьшение ущерба от стихийных бедствий.",
    ),
    (
        "harm-reduction",
        "ar",
        "الحد من الضرر ينقذ الأرواح. ويجب أن تتاح برامج تبادل الإبر والمحاقن والعلاج البديل بالميثادون والنالوكسون لعلاج الجرعات الزائدة.",
        "قال الوفد إن سياسته تهدف إلى التخفيف من آثار الكوارث الطبيعية.",
    ),
    (
        "harm-reduction",
        "zh",
        "减少危害可以挽救生命。针具交换、美沙酮替代疗法以及用于逆转用药过量的纳洛酮应当普及。",
        "代表团表示，其政策旨在减轻自然灾害造成的损失。",
    ),
    // organized-crime
    (
        "organized-crime",
        "en",
        "Transnational organized crime thrives on weak institutions. Organized criminal groups launder their profits and mafia-type networks infiltrate legitimate business.",
        "The Conference of the Parties to the United Nations Convention against Transnational Organized Crime adopted its agenda.",
    ),
    (
        "organized-crime",
        "fr",
        "La criminalité transnationale organisée prospère sur la faiblesse des institutions. Les groupes criminels organisés blanchissent leurs profits et les organisations criminelles infiltrent l'économie.",
        "La Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée a adopté son ordre du jour.",
    ),
    (
        "organized-crime",
        "es",
        "La delincuencia organizada transnacional prospera con instituciones débiles. Los grupos delictivos organizados blanquean sus ganancias y las organizaciones criminales se infiltran en la economía.",
        "La Conferencia de las Partes en la Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional aprobó su programa.",
    ),
    (
        "organized-crime",
        "ru",
        "Транснациональная организованная преступность процветает там, где слабы институты. Организованные преступные группы отмывают доходы, а преступные организации проникают в экономику.",
        "Конференция участников Конвенции Организации Объединенных Наций против транснациональной организованной преступности утвердила повестку дня.",
    ),
    (
        "organized-crime",
        "ar",
        "تزدهر الجريمة المنظمة عبر الوطنية حيث تضعف المؤسسات. وتقوم الجماعات الإجرامية المنظمة بغسل الأموال وتتغلغل المنظمات الإجرامية في الاقتصاد.",
        "أقر مؤتمر الأطراف في اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية جدول أعماله.",
    ),
    (
        "organized-crime",
        "zh",
        "跨国有组织犯罪在体制薄弱的地方猖獗。有组织犯罪集团清洗非法所得，犯罪组织渗透合法经济。",
        "联合国打击跨国有组织犯罪公约缔约方会议通过了议程。",
    ),
    // human-trafficking
    (
        "human-trafficking",
        "en",
        "Trafficking in persons is a grave crime. Victims of trafficking are recruited for forced labour and sexual exploitation, and traffickers use online platforms.",
        "Wildlife trafficking and drug trafficking fund armed groups in the region.",
    ),
    (
        "human-trafficking",
        "fr",
        "La traite des personnes est un crime grave. Les victimes de la traite sont recrutées pour le travail forcé et l'exploitation sexuelle.",
        "Le trafic de drogues et le trafic d'armes financent les groupes armés de la région.",
    ),
    (
        "human-trafficking",
        "es",
        "La trata de personas es un delito grave. Las víctimas de trata son captadas para trabajo forzoso y explotación sexual.",
        "Se trata de una región donde el tráfico de drogas financia a los grupos armados.",
    ),
    (
        "human-trafficking",
        "ru",
        "Торговля людьми является тяжким преступлением. Жертв торговли людьми вербуют для принудительного труда и сексуальной эксплуатации.",
        "Незаконный оборот наркотиков и торговля оружием финансируют вооруженные группы в регионе.",
    ),
    (
        "human-trafficking",
        "ar",
        "الاتجار بالبشر جريمة خطيرة. ويجند ضحايا الاتجار للعمل القسري والاستغلال الجنسي.",
        "يمول الاتجار بالمخدرات والاتجار بالأسلحة الجماعات المسلحة في المنطقة.",
    ),
    (
        "human-trafficking",
        "zh",
        "人口贩运是严重犯罪。贩运受害者被招募从事强迫劳动和性剥削。",
        "毒品贩运和武器贩运为该地区的武装团体提供资金。",
    ),
    // migrant-smuggling
    (
        "migrant-smuggling",
        "en",
        "The smuggling of migrants across the Mediterranean has cost thousands of lives. Smuggled migrants are often abandoned at sea by smugglers.",
        "Drug smuggling and cigarette smuggling through the port have increased.",
    ),
    (
        "migrant-smuggling",
        "fr",
        "Le trafic illicite de migrants en Méditerranée a coûté des milliers de vies. Les migrants sont souvent abandonnés en mer par les passeurs.",
        "L'Organisation internationale pour les migrations a publié son rapport annuel sur le budget.",
    ),
    (
        "migrant-smuggling",
        "es",
        "El tráfico ilícito de migrantes en el Mediterráneo ha costado miles de vidas. Los migrantes son abandonados en el mar por los traficantes de migrantes.",
        "La Organización Internacional para las Migraciones publicó su informe anual sobre el presupuesto.",
    ),
    (
        "migrant-smuggling",
        "ru",
        "Незаконный ввоз мигрантов через Средиземное море стоил тысяч жизней. Мигрантов часто бросают в море.",
        "Международная организация по миграции опубликовала ежегодный доклад о бюджете.",
    ),
    (
        "migrant-smuggling",
        "ar",
        "أودى تهريب المهاجرين عبر البحر المتوسط بحياة الآلاف. وكثيرا ما يترك المهربون المهاجرين في البحر.",
        "نشرت المنظمة الدولية للهجرة تقريرها السنوي عن الميزانية.",
    ),
    (
        "migrant-smuggling",
        "zh",
        "经地中海偷运移民已造成数千人死亡。蛇头经常将移民遗弃在海上。",
        "国际移民组织发布了关于预算的年度报告。",
    ),
    // firearms
    (
        "firearms",
        "en",
        "Illicit firearms fuel violence. Trafficking in firearms and ammunition across borders must be stopped, and small arms must be marked and traced.",
        "The treaty on nuclear weapons and chemical weapons was discussed in another forum.",
    ),
    (
        "firearms",
        "fr",
        "Les armes à feu illicites alimentent la violence. Le trafic d'armes et de munitions doit cesser et les armes légères doivent être marquées.",
        "Le traité sur les armes nucléaires et les armes chimiques a été examiné dans une autre enceinte.",
    ),
    (
        "firearms",
        "es",
        "Las armas de fuego ilícitas alimentan la violencia. El tráfico de armas y municiones debe detenerse y las armas pequeñas deben marcarse.",
        "El tratado sobre armas nucleares y armas químicas se examinó en otro foro.",
    ),
    (
        "firearms",
        "ru",
        "Незаконное огнестрельное оружие подпитывает насилие. Незаконный оборот оружия и боеприпасов необходимо пресечь, а стрелковое оружие маркировать.",
        "Договор о запрещении ядерного оружия и химического оружия обсуждался на другом форуме.",
    ),
    (
        "firearms",
        "ar",
        "تغذي الأسلحة النارية غير المشروعة العنف. ويجب وقف الاتجار بالأسلحة والذخيرة ووسم الأسلحة الصغيرة.",
        "نوقشت معاهدة الأسلحة النووية والأسلحة الكيميائية في محفل آخر.",
    ),
    (
        "firearms",
        "zh",
        "非法枪支助长暴力。必须制止跨境贩运枪支和弹药，小武器必须加以标识。",
        "关于核武器和化学武器的条约在另一个论坛进行了讨论。",
    ),
    // environmental-crime
    (
        "environmental-crime",
        "en",
        "Environmental crime is among the most profitable forms of crime. Wildlife trafficking, illegal logging and illegal mining destroy ecosystems, and poaching pushes species to extinction.",
        "An enabling environment for civil society requires access to information and the freedom to meet.",
    ),
    (
        "environmental-crime",
        "fr",
        "La criminalité environnementale est parmi les plus lucratives. Le trafic d'espèces sauvages, l'exploitation forestière illégale et le braconnage détruisent les écosystèmes.",
        "Un environnement favorable à la société civile exige l'accès à l'information.",
    ),
    (
        "environmental-crime",
        "es",
        "Los delitos que afectan al medio ambiente están entre los más lucrativos. El tráfico de vida silvestre, la tala ilegal y la caza furtiva destruyen los ecosistemas.",
        "Un entorno propicio para la sociedad civil exige acceso a la información.",
    ),
    (
        "environmental-crime",
        "ru",
        "Экологические преступления относятся к самым прибыльным. Незаконная рубка леса, браконьерство и торговля объектами дикой природы разрушают экосистемы.",
        "Благоприятная среда для гражданского общества требует доступа к информации.",
    ),
    (
        "environmental-crime",
        "ar",
        "الجرائم البيئية من أكثر أشكال الجريمة ربحا. ويدمر الاتجار بالأحياء البرية وقطع الأشجار غير المشروع والصيد الجائر النظم الإيكولوجية.",
        "تتطلب البيئة المواتية للمجتمع المدني الوصول إلى المعلومات.",
    ),
    (
        "environmental-crime",
        "zh",
        "环境犯罪是利润最高的犯罪形式之一。野生动植物贩运、非法采伐和偷猎破坏生态系统。",
        "有利于民间社会的环境需要获取信息的权利。",
    ),
    // cybercrime
    (
        "cybercrime",
        "en",
        "Cybercrime is growing fast. Ransomware attacks on hospitals and online fraud cost billions, and cybercriminals exploit weak cybersecurity.",
        "The meeting was broadcast online and documents were posted on the Internet.",
    ),
    (
        "cybercrime",
        "fr",
        "La cybercriminalité progresse rapidement. Les rançongiciels visent les hôpitaux, la fraude en ligne coûte des milliards et les cybercriminels exploitent les failles.",
        "La réunion a été diffusée en ligne et les documents ont été publiés sur Internet.",
    ),
    (
        "cybercrime",
        "es",
        "La ciberdelincuencia crece rápidamente. Los programas maliciosos atacan hospitales, el fraude en línea cuesta miles de millones y los ciberdelincuentes explotan las debilidades.",
        "La reunión se transmitió en línea y los documentos se publicaron en Internet.",
    ),
    (
        "cybercrime",
        "ru",
        "Киберпреступность быстро растет. Программы-вымогатели атакуют больницы, а киберпреступники используют слабую кибербезопасность.",
        "Заседание транслировалось через интернет, а документы были размещены на сайте.",
    ),
    (
        "cybercrime",
        "ar",
        "تتزايد الجريمة السيبرانية بسرعة. وتستهدف برامج الفدية المستشفيات ويكلف الاحتيال عبر الإنترنت المليارات.",
        "بثت الجلسة عبر الإنترنت ونشرت الوثائق على الموقع.",
    ),
    (
        "cybercrime",
        "zh",
        "网络犯罪增长迅速。勒索软件攻击医院，网络诈骗造成数十亿损失。",
        "会议在互联网上直播，文件也已在网上公布。",
    ),
    // terrorism
    (
        "terrorism",
        "en",
        "Terrorism and violent extremism threaten communities. Counter-terrorism measures must respect human rights, and terrorist groups recruit online.",
        "The programme on crime prevention was presented by the secretariat and adopted.",
    ),
    (
        "terrorism",
        "fr",
        "Le terrorisme et l'extrémisme violent menacent les communautés. Les mesures antiterroristes doivent respecter les droits humains.",
        "Le programme de prévention du crime a été présenté par le secrétariat et adopté.",
    ),
    (
        "terrorism",
        "es",
        "El terrorismo y el extremismo violento amenazan a las comunidades. Las medidas antiterroristas deben respetar los derechos humanos.",
        "El programa de prevención del delito fue presentado por la secretaría y aprobado.",
    ),
    (
        "terrorism",
        "ru",
        "Терроризм и насильственный экстремизм угрожают обществу. Контртеррористические меры должны соблюдать права человека.",
        "Программа по предупреждению преступности была представлена секретариатом и утверждена.",
    ),
    (
        "terrorism",
        "ar",
        "يهدد الإرهاب والتطرف العنيف المجتمعات. ويجب أن تحترم تدابير مكافحة الإرهاب حقوق الإنسان.",
        "قدمت الأمانة برنامج منع الجريمة واعتمد.",
    ),
    (
        "terrorism",
        "zh",
        "恐怖主义和暴力极端主义威胁社区。反恐措施必须尊重人权。",
        "秘书处介绍了预防犯罪方案并获得通过。",
    ),
    // prisons
    (
        "prisons",
        "en",
        "Prison overcrowding is a crisis. Pretrial detention keeps thousands of prisoners in jail for years, in breach of the Nelson Mandela Rules.",
        "The prisoners of war were exchanged under the ceasefire agreement.",
    ),
    (
        "prisons",
        "fr",
        "La surpopulation carcérale est une crise. La détention provisoire maintient des milliers de détenus en prison, en violation des Règles Nelson Mandela.",
        "Le rapport porte sur la réforme de la police et des tribunaux.",
    ),
    (
        "prisons",
        "es",
        "El hacinamiento carcelario es una crisis. La prisión preventiva mantiene a miles de reclusos en la cárcel durante años, en violación de las Reglas Nelson Mandela.",
        "El informe trata de la reforma de la policía y de los tribunales.",
    ),
    (
        "prisons",
        "ru",
        "Переполненность тюрем — это кризис. Досудебное содержание под стражей удерживает тысячи заключенных годами, в нарушение Правил Нельсона Манделы.",
        "Сторона сообщила о заключенных соглашениях и договорах о сотрудничестве.",
    ),
    (
        "prisons",
        "ar",
        "يمثل اكتظاظ السجون أزمة. ويبقي الحبس الاحتياطي آلاف السجناء لسنوات، خلافا لقواعد نيلسون مانديلا.",
        "يتناول التقرير إصلاح الشرطة والمحاكم.",
    ),
    (
        "prisons",
        "zh",
        "监狱人满为患是一场危机。审前羁押使数千名囚犯被关押多年，违反了纳尔逊·曼德拉规则。",
        "报告涉及警察和法院的改革。",
    ),
    // victims
    (
        "victims",
        "en",
        "Victims of crime need support. Victim assistance services, compensation and the protection of victims in criminal proceedings remain underfunded.",
        "The storm made thousands of victims, and the report lists the damage to roads.",
    ),
    (
        "victims",
        "fr",
        "Les victimes de la criminalité ont besoin de soutien. L'assistance aux victimes et la protection des victimes pendant la procédure restent insuffisantes.",
        "La tempête a fait une victime et le rapport énumère les dégâts sur les routes.",
    ),
    (
        "victims",
        "es",
        "Las víctimas del delito necesitan apoyo. La asistencia a las víctimas y la protección de las víctimas durante el proceso siguen sin financiación.",
        "La tormenta dejó una víctima y el informe enumera los daños en las carreteras.",
    ),
    (
        "victims",
        "ru",
        "Жертвам преступлений нужна поддержка. Помощь жертвам и защита жертв в ходе уголовного процесса по-прежнему недофинансированы.",
        "Буря унесла одну жизнь, а в докладе перечислены повреждения дорог.",
    ),
    (
        "victims",
        "ar",
        "يحتاج ضحايا الجريمة إلى الدعم. ولا تزال مساعدة الضحايا وحماية الضحايا أثناء الإجراءات الجنائية تفتقر إلى التمويل.",
        "خلفت العاصفة ضحية واحدة ويعدد التقرير الأضرار التي لحقت بالطرق.",
    ),
    (
        "victims",
        "zh",
        "犯罪被害人需要支持。援助受害者和在刑事诉讼中保护受害者的服务仍然资金不足。",
        "风暴造成一名受害者，报告列出了道路受损情况。",
    ),
    // children
    (
        "children",
        "en",
        "Children in conflict with the law must be treated as children first. Juvenile justice systems should respect the best interests of the child and use detention of minors as a last resort.",
        "Many participants travelled with their children to the conference.",
    ),
    (
        "children",
        "fr",
        "Les enfants en conflit avec la loi doivent d'abord être traités comme des enfants. La justice pour mineurs doit respecter l'intérêt supérieur de l'enfant.",
        "De nombreux participants sont venus à la conférence avec leurs enfants.",
    ),
    (
        "children",
        "es",
        "Los niños en conflicto con la ley deben ser tratados ante todo como niños. La justicia juvenil debe respetar el interés superior del niño.",
        "Muchos participantes viajaron con sus niños a la conferencia.",
    ),
    (
        "children",
        "ru",
        "С детьми, находящимися в конфликте с законом, нужно обращаться прежде всего как с детьми. Ювенальная юстиция должна учитывать наилучшие интересы ребенка.",
        "Многие участники приехали на конференцию со своими детьми.",
    ),
    (
        "children",
        "ar",
        "يجب معاملة الأطفال المخالفين للقانون كأطفال أولا. ويجب أن يحترم قضاء الأحداث مصالح الطفل الفضلى.",
        "سافر كثير من المشاركين مع أطفالهم إلى المؤتمر.",
    ),
    (
        "children",
        "zh",
        "触法儿童首先应被当作儿童对待。少年司法制度应尊重儿童最大利益。",
        "许多与会者带着他们的儿童来参加会议。",
    ),
];

#[test]
fn every_topic_in_every_language_is_found_and_near_misses_are_not() {
    let tagger = tagger();
    for slug in tagger
        .taxonomy()
        .topics()
        .iter()
        .map(|topic| topic.slug.as_str())
    {
        for lang in ["en", "fr", "es", "ru", "ar", "zh"] {
            assert!(
                CASES
                    .iter()
                    .any(|(case_slug, case_lang, _, _)| *case_slug == slug && *case_lang == lang),
                "a case for {slug} in {lang}"
            );
        }
    }
    for (slug, lang, about, near_miss) in CASES {
        check_tagged(&tagger, slug, lang, about);
        check_not_tagged(&tagger, slug, lang, near_miss);
    }
}

/// A subject named once in a clear clause is a topic, as a reader building a brief counts
/// it: the subjects of a session's side events, from a UNODC civil-society news item.
#[test]
fn one_clear_clause_is_enough_for_a_short_real_text() {
    let tagger = tagger();
    let item = "NGOs organized various side events in collaboration with UNODC and Member States that focused on victims of human trafficking, migrant smuggling, and terrorism. Other well-attended events focused on femicide, children of incarcerated parents, the death penalty, and the re-socialization of offenders.";
    let found = slugs(&tagger, item);
    for expected in [
        "death-penalty",
        "femicide",
        "violence-against-women",
        "human-trafficking",
        "migrant-smuggling",
        "organized-crime",
        "terrorism",
    ] {
        assert!(
            found.contains(&expected.to_string()),
            "{expected}: {found:?}"
        );
    }
    // A word inside an excluded phrase still says nothing, however short the text.
    let budget =
        "The Board reviewed the execution of the budget and the execution rate of projects.";
    assert!(
        slugs(&tagger, budget).is_empty(),
        "{:?}",
        slugs(&tagger, budget)
    );
}

#[test]
fn a_title_alone_assigns_its_topic() {
    let tagger = tagger();
    let body = "We thank the Chair and the secretariat for the preparation of this session.";
    assert!(slugs(&tagger, body).is_empty());
    let with_title: Vec<String> = tagger
        .tag_with_title("Ending the death penalty for drug offences", body)
        .into_iter()
        .map(|a| a.slug)
        .collect();
    assert!(
        with_title.contains(&"death-penalty".to_string()),
        "{with_title:?}"
    );
}

#[test]
fn assignments_carry_scores_and_evidence() {
    let tagger = tagger();
    let text = "The Death Penalty must end. Executions continue, and the death penalty is applied to drug offences. \
                A moratorium on the use of the death penalty is a first step.";
    let assignments = tagger.tag(text);
    let death_penalty = assignments
        .iter()
        .find(|a| a.slug == "death-penalty")
        .expect("death-penalty is assigned");
    assert!(death_penalty.score >= 1.0, "{death_penalty:?}");
    let evidence = &death_penalty.evidence;
    let term = |name: &str| evidence.iter().find(|e| e.term == name);
    assert_eq!(
        term("death penalty").map(|e| (e.count, e.first_offset)),
        Some((2, 4))
    );
    assert_eq!(term("executions").map(|e| e.count), Some(1));
    assert_eq!(
        term("moratorium on the use of the death penalty").map(|e| e.count),
        Some(1)
    );
    assert_eq!(
        evidence[0].term, "death penalty",
        "the most frequent term comes first"
    );
    for pair in assignments.windows(2) {
        assert!(
            pair[0].score >= pair[1].score,
            "sorted by score: {assignments:?}"
        );
    }
}

#[test]
fn children_imply_their_parents() {
    let tagger = tagger();
    let text = "Harm reduction saves lives. Needle and syringe programmes, opioid substitution therapy and naloxone must be available.";
    let assignments = tagger.tag(text);
    let score_of = |slug: &str| assignments.iter().find(|a| a.slug == slug).map(|a| a.score);
    let child = score_of("harm-reduction").expect("harm-reduction is assigned");
    let parent = score_of("drug-policy").expect("drug-policy is implied");
    assert!(parent >= child, "a parent scores at least as its child");
}

#[test]
fn word_boundaries_prefixes_and_clitics() {
    let tagger = tagger();
    // "executions" inside another word does not count.
    assert!(
        slugs(
            &tagger,
            "Nonexecutionsdeath penaltyx capital punishmentary."
        )
        .is_empty()
    );
    // A trailing * lets the word continue: "femicide*" matches "femicides".
    assert!(
        tagger
            .tag_passage("Femicides rose.")
            .contains(&"femicide".to_string())
    );
    // An Arabic term after the conjunction و and the article ال.
    assert!(
        tagger
            .tag_passage("والإعدام وعقوبة الإعدام")
            .contains(&"death-penalty".to_string())
    );
    // Chinese terms match inside a sentence.
    assert!(
        tagger
            .tag_passage("我们呼吁废除死刑并暂停执行")
            .contains(&"death-penalty".to_string())
    );
}

#[test]
fn a_one_clause_document_is_tagged_like_its_paragraph() {
    let tagger = tagger();
    let paragraph = "Pretrial detention is overused.";
    assert_eq!(tagger.tag_passage(paragraph), ["prisons"]);
    assert_eq!(slugs(&tagger, paragraph), ["prisons"]);
    assert!(tagger.tag_passage("The weather was fine.").is_empty());
    assert_eq!(
        tagger.tag_passage("Femicide is rising."),
        ["violence-against-women", "femicide"]
    );
}

#[test]
fn a_user_taxonomy_from_disk_tags_with_its_own_terms_and_thresholds() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("topics.toml");
    std::fs::write(
        &path,
        r#"
[tagger]
document_threshold = 2.0

[[topic]]
slug = "wildlife"
label = "Wildlife crime"
[topic.terms]
en = ["poaching", { term = "ivory trade", weight = 2.0 }, "pangolin*"]
[topic.exclude]
en = ["poaching of staff"]

[[topic]]
slug = "ivory"
label = "Ivory"
parent = "wildlife"
[topic.terms]
en = [{ term = "ivory", weight = 2.0 }]
"#,
    )
    .expect("the file is written");
    let tagger = TopicTagger::new(&Taxonomy::load(&path).expect("the taxonomy loads"));
    assert_eq!(slugs(&tagger, "Pangolins and poaching."), ["wildlife"]);
    assert!(
        slugs(
            &tagger,
            "The poaching of staff by other agencies. Poaching of staff again."
        )
        .is_empty()
    );
    let found = slugs(&tagger, "The ivory market is closed. Ivory seizures rose.");
    assert_eq!(found.len(), 2);
    assert!(found.contains(&"ivory".to_string()) && found.contains(&"wildlife".to_string()));
    assert!(slugs(&tagger, "Death penalty, death penalty, death penalty.").is_empty());
}

#[test]
fn empty_and_odd_input_does_not_panic() {
    let tagger = tagger();
    for text in [
        "",
        " ",
        "\n\n\n",
        "\u{0640}\u{064B}",
        "é́́",
        "🙂 death penalty 🙂",
        "a\u{0}b",
        "死",
    ] {
        let _ = tagger.tag(text);
        let _ = tagger.tag_passage(text);
        let _ = tagger.tag_with_title(text, text);
    }
}

#[test]
fn one_scan_tags_each_passage_from_the_matches_inside_its_spans() {
    let tagger = tagger();
    let text = "1. The death penalty for drug offences must be abolished; executions for drug \
                offences violate international law.\n\n\
                Page 2\n\n\
                2. Trafficking in persons for forced labour and sexual exploitation keeps growing, \
                and victims of trafficking need protection.\n";
    let span_of = |piece: &str| {
        let start = text.find(piece).expect("the piece is in the text");
        [start, start + piece.len()]
    };
    let first = "The death penalty for drug offences must be abolished; executions for drug \
                 offences violate international law.";
    let second = "Trafficking in persons for forced labour and sexual exploitation keeps growing, \
                  and victims of trafficking need protection.";
    let passage = |index: u32, piece: &str| plenary_core::Passage {
        index,
        number: Some(index + 1),
        text: piece.to_string(),
        topics: Vec::new(),
        language: None,
        spans: vec![span_of(piece)],
    };
    let mut passages = vec![passage(0, first), passage(1, second)];
    let topics = tagger.tag_with_passages(None, "", text, &mut passages, 80);
    assert_eq!(topics, tagger.tag_with_title("", text));
    assert!(
        passages[0].topics.contains(&"death-penalty".to_string()),
        "{:?}",
        passages[0]
    );
    assert!(
        passages[1]
            .topics
            .contains(&"human-trafficking".to_string()),
        "{:?}",
        passages[1]
    );
    for passage in &passages {
        assert_eq!(passage.topics, tagger.tag_passage(&passage.text));
        assert!(!passage.topics.is_empty());
    }
    // The two paragraphs share no topic: each one's matches stay inside its own spans.
    assert!(
        passages[0]
            .topics
            .iter()
            .all(|slug| !passages[1].topics.contains(slug))
    );

    // Spans out of text order, or none at all, are tagged from the passages' own text.
    let mut reversed = vec![passage(1, second), passage(0, first)];
    reversed[0].spans.clear();
    tagger.tag_passages(None, text, &mut reversed, 80);
    assert_eq!(reversed[0].topics, passages[1].topics);
    assert_eq!(reversed[1].topics, passages[0].topics);
}

/// A taxonomy TOML of one topic whose English terms are `count` distinct made-up words,
/// plus "pangolin".
fn taxonomy_of_many_terms(count: usize) -> String {
    let mut terms = String::from("\"pangolin\"");
    for number in 0..count {
        terms.push_str(&format!(", \"wordless term number {number:08}\""));
    }
    format!("[[topic]]\nslug = \"many\"\nlabel = \"Many\"\n[topic.terms]\nen = [{terms}]\n")
}

#[test]
fn a_taxonomy_too_large_for_a_tagger_is_refused_naming_the_limit() {
    let limit = plenary_core::taxonomy::MAX_TAXONOMY_TERM_BYTES;
    // 29 bytes a term: past the limit.
    let text = taxonomy_of_many_terms(limit / 25);
    let error = Taxonomy::from_toml_str(&text, std::path::Path::new("big.toml")).expect_err(
        "a taxonomy past the limit is refused, not built into a tagger that tags nothing",
    );
    assert!(
        matches!(error, plenary_core::CoreError::TaxonomyTooLarge { limit: named, .. } if named == limit),
        "{error}"
    );
    let message = error.to_string();
    assert!(message.contains(&limit.to_string()), "{message}");
    assert!(message.contains("big.toml"), "{message}");
}

#[test]
fn a_taxonomy_too_large_for_a_dfa_still_tags() {
    // About 300 KB of terms: matched by an NFA rather than a DFA, and still matched.
    let text = taxonomy_of_many_terms(10_000);
    let taxonomy = Taxonomy::from_toml_str(&text, std::path::Path::new("many.toml"))
        .expect("within the limit");
    let tagger = TopicTagger::new(&taxonomy);
    assert_eq!(
        slugs(
            &tagger,
            "Pangolin. Pangolin. Pangolin, a wordless term number 00009999 and pangolin."
        ),
        ["many"]
    );
}
