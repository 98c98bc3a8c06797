//! The facet filters that `search` and `brief` share, spelled as the HTTP API spells them.

use clap::Args;

/// Facet filters; each may repeat, or hold several values separated by commas.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Topic slug; a parent includes its children.
    #[arg(long)]
    pub topic: Vec<String>,
    /// Forum: CND, CCPCJ, COSP, IRG, COP, CONGRESS.
    #[arg(long)]
    pub forum: Vec<String>,
    /// Session as FORUM/NUMBER (CND/57) or a number.
    #[arg(long)]
    pub session: Vec<String>,
    #[arg(long)]
    pub year: Vec<String>,
    /// Language code: en, fr, es, ru, ar, zh.
    #[arg(long)]
    pub lang: Vec<String>,
    /// Organization, as the facet shows it.
    #[arg(long)]
    pub org: Vec<String>,
    /// statement, crp, side_event, news, report, other.
    #[arg(long)]
    pub doc_type: Vec<String>,
    /// Consultative status: general, special, roster.
    #[arg(long)]
    pub status: Vec<String>,
    /// Country that speaks: ISO 3166-1 alpha-3 code (ESP) or name.
    #[arg(long)]
    pub country: Vec<String>,
    /// UN regional group: african, asia-pacific, eastern-european,
    /// latin-american-caribbean, western-european-others.
    #[arg(long)]
    pub region: Vec<String>,
    /// Actor type: ngo, state, un-entity, intergovernmental, other.
    #[arg(long)]
    pub actor_type: Vec<String>,
    /// Paragraph topic: documents with a paragraph about it, those paragraphs as passages.
    #[arg(long)]
    pub passage_topic: Vec<String>,
    /// First year included.
    #[arg(long)]
    pub year_from: Option<String>,
    /// Last year included.
    #[arg(long)]
    pub year_to: Option<String>,
    /// First date included (YYYY-MM-DD).
    #[arg(long)]
    pub date_from: Option<String>,
    /// Last date included (YYYY-MM-DD).
    #[arg(long)]
    pub date_to: Option<String>,
    /// How words without an operator combine: and (the default) or or.
    #[arg(long)]
    pub op: Option<String>,
    /// A query that names a topic also finds that topic's documents in all six languages.
    #[arg(long)]
    pub xlang: bool,
}

impl FilterArgs {
    /// The filters as `key=value` pairs, the form the API's request readers take.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let lists = [
            ("topic", &self.topic),
            ("forum", &self.forum),
            ("session", &self.session),
            ("year", &self.year),
            ("lang", &self.lang),
            ("org", &self.org),
            ("doc_type", &self.doc_type),
            ("status", &self.status),
            ("country", &self.country),
            ("region", &self.region),
            ("actor_type", &self.actor_type),
            ("passage_topic", &self.passage_topic),
        ];
        let mut pairs = Vec::new();
        for (key, values) in lists {
            pairs.extend(values.iter().map(|value| (key, value.as_str())));
        }
        let scalars = [
            ("year_from", &self.year_from),
            ("year_to", &self.year_to),
            ("date_from", &self.date_from),
            ("date_to", &self.date_to),
            ("op", &self.op),
        ];
        for (key, value) in scalars {
            if let Some(value) = value {
                pairs.push((key, value.as_str()));
            }
        }
        if self.xlang {
            pairs.push(("xlang", "true"));
        }
        pairs
    }
}
