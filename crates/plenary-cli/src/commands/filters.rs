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
        ];
        let mut pairs = Vec::new();
        for (key, values) in lists {
            pairs.extend(values.iter().map(|value| (key, value.as_str())));
        }
        pairs
    }
}
