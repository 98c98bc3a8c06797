//! From a request to a Tantivy query: the user's query string (Tantivy's grammar with
//! fuzzy terms and facet fields added) and the filters.
//!
//! The user's query runs over `title` (boosted ×2) and every analysed text field (one per
//! UN language and `text_other`), so that a French query meets French inflections whatever
//! the filters; `text:` names all the text fields and not the title. Terms
//! are joined with OR, as in Elasticsearch's `query_string`: `+term`, `AND`, `-term`,
//! `NOT` and `"phrases"~slop` work as written. Two things differ from Tantivy's own
//! parser: `term~N` is a fuzzy term at edit distance N (at most 2), and a facet name as
//! field (`forum:CND`, `topic:femicide`, `year:2014`, `lang:fr`) filters on that facet.

use std::borrow::Cow;
use std::ops::Bound;

use chrono::NaiveDate;
use plenary_core::analysis::LANGUAGES;
use plenary_core::model::{ConsultativeStatus, DocType, Forum};
use plenary_core::schema::{FacetField, PlenarySchema, date_to_tantivy};
use plenary_core::taxonomy::Taxonomy;
use plenary_enrich::TopicTagger;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur, Query,
    QueryParser, QueryParserError, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputBound, UserInputLeaf};
use tantivy::schema::{Facet, Field, FieldType, IndexRecordOption};
use tantivy::{Index, Searcher, Term};

use crate::SearchError;
use crate::search::query_limits::check_query_shape;
use crate::search::request::{QueryOperator, SearchRequest};

/// How much more a match in the title counts than one in the text.
pub const TITLE_BOOST: f32 = 2.0;
/// The largest edit distance of a fuzzy term.
const MAX_FUZZY_DISTANCE: u32 = 2;
/// The share of a query's letters that terms of one topic must cover for the query to
/// name that topic in a search across languages.
const NAMED_TOPIC_SHARE: f32 = 0.6;
/// The score of a document found by the topic a query names, not by its words: below
/// any document that matches the words themselves.
const NAMED_TOPIC_SCORE: f32 = 0.5;

/// A parsed user query: the Tantivy query that finds documents, and the syntax tree it
/// was made from, which passages are matched against.
pub(crate) struct UserQuery {
    pub query: Box<dyn Query>,
    pub ast: UserInputAst,
}

/// Parses user queries against the Plenary schema.
#[derive(Clone)]
pub(crate) struct UserQueryParser {
    index: Index,
    schema: PlenarySchema,
    taxonomy: Taxonomy,
    /// Tells which topics a query names, for searches across languages.
    tagger: TopicTagger,
    parser: QueryParser,
    /// Parses `text:` terms: every analysed text field, without the title.
    text_parser: QueryParser,
    /// One parser per default field, for the alternatives of `convert_per_field`.
    field_parsers: Vec<(Field, QueryParser)>,
    default_fields: Vec<Field>,
}

/// The field name that stands for every analysed text field.
pub(crate) const TEXT_FIELD_NAME: &str = "text";

impl UserQueryParser {
    pub fn new(index: &Index, schema: &PlenarySchema, taxonomy: &Taxonomy) -> UserQueryParser {
        let fields = schema.fields();
        let text_fields = schema.analysed_text_fields();
        let mut default_fields = vec![fields.title];
        default_fields.extend(text_fields.iter().copied());
        let mut parser = QueryParser::for_index(index, default_fields.clone());
        parser.set_field_boost(fields.title, TITLE_BOOST);
        let text_parser = QueryParser::for_index(index, text_fields);
        let field_parsers = default_fields
            .iter()
            .map(|&field| (field, QueryParser::for_index(index, vec![field])))
            .collect();
        UserQueryParser {
            index: index.clone(),
            schema: schema.clone(),
            taxonomy: taxonomy.clone(),
            tagger: TopicTagger::new(taxonomy),
            parser,
            text_parser,
            field_parsers,
            default_fields,
        }
    }

    /// Parses `q`; `None` when it holds nothing to search for (match everything).
    /// Words that stand side by side without an operator combine by `operator`. With
    /// `across_languages`, a query that names a topic ([`TopicTagger::topics_named_in`])
    /// also finds the documents of that topic in every language, below those that
    /// match its words.
    pub fn parse(
        &self,
        q: &str,
        operator: QueryOperator,
        across_languages: bool,
    ) -> Result<Option<UserQuery>, SearchError> {
        let Some(parsed) = self.parse_words(q, operator)? else {
            return Ok(None);
        };
        if !across_languages {
            return Ok(Some(parsed));
        }
        let named = self
            .tagger
            .topics_named_in(&free_text(&parsed.ast), NAMED_TOPIC_SHARE);
        if named.is_empty() {
            return Ok(Some(parsed));
        }
        let topic_field = self.schema.fields().facet_topic;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, parsed.query)];
        for slug in named {
            let Some(path) = self.taxonomy.facet_path(&slug) else {
                continue;
            };
            let Ok(facet) = Facet::from_text(&path) else {
                continue;
            };
            let topic: Box<dyn Query> = Box::new(ConstScoreQuery::new(
                any_facet(topic_field, &[facet]),
                NAMED_TOPIC_SCORE,
            ));
            clauses.push((Occur::Should, topic));
        }
        Ok(Some(UserQuery {
            query: Box::new(BooleanQuery::new(clauses)),
            ast: parsed.ast,
        }))
    }

    /// [`UserQueryParser::parse`] of the words alone.
    fn parse_words(
        &self,
        q: &str,
        operator: QueryOperator,
    ) -> Result<Option<UserQuery>, SearchError> {
        if q.trim().is_empty() {
            return Ok(None);
        }
        check_query_shape(q)?;
        let written = with_word_operators(q);
        let mut ast = match query_grammar::parse_query(&written) {
            Ok(ast) => ast,
            Err(_) => return Err(syntax_error(&written)),
        };
        // The operator written into the tree, so that passages are matched as documents are.
        if operator == QueryOperator::And {
            require_unnamed(&mut ast);
        }
        let query = self.convert_per_field(&ast, q, operator)?;
        Ok(Some(UserQuery { query, ast }))
    }

    /// The query as one alternative per searched field (the title and each language's
    /// text), each requiring the words in that field as the operator says, with the
    /// words that field's analyser drops (its stop words) left out. So `peine de mort`
    /// needs *peine* and *mort* in French text, and does not match English text for
    /// its "de"; a document matches when one of its fields satisfies the whole query.
    fn convert_per_field(
        &self,
        ast: &UserInputAst,
        q: &str,
        operator: QueryOperator,
    ) -> Result<Box<dyn Query>, SearchError> {
        if !has_free_text(ast) {
            let query = self.convert_in(ast, q, operator, None)?;
            return Ok(query.unwrap_or_else(|| Box::new(EmptyQuery)));
        }
        let title = self.schema.fields().title;
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for &field in &self.default_fields {
            let Some(mut query) = self.convert_in(ast, q, operator, Some(field))? else {
                continue;
            };
            if field == title {
                query = Box::new(BoostQuery::new(query, TITLE_BOOST));
            }
            alternatives.push((Occur::Should, query));
        }
        Ok(match alternatives.len() {
            0 => Box::new(EmptyQuery),
            1 => alternatives.remove(0).1,
            _ => Box::new(BooleanQuery::new(alternatives)),
        })
    }

    /// The query of `ast` with its free words searched in `field` (in every default
    /// field when `None`); `None` when nothing of it can match there (its words are
    /// all dropped by the field's analyser).
    fn convert_in(
        &self,
        ast: &UserInputAst,
        q: &str,
        operator: QueryOperator,
        field: Option<Field>,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        // The grammar's nesting is bounded before parsing (see `query_limits`), so this
        // recursion is too.
        match ast {
            UserInputAst::Clause(children) => {
                if children.is_empty() {
                    return Ok(Some(Box::new(AllQuery)));
                }
                let unnamed = match operator {
                    QueryOperator::And => Occur::Must,
                    QueryOperator::Or => Occur::Should,
                };
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(children.len());
                for (occur, child) in children {
                    let occur = occur.unwrap_or(unnamed);
                    // An exclusion holds for the whole document: a word excluded is
                    // excluded from every field, not only from this alternative's.
                    let searched = if occur == Occur::MustNot { None } else { field };
                    if let Some(query) = self.convert_in(child, q, operator, searched)? {
                        clauses.push((occur, query));
                    }
                }
                if clauses.is_empty() {
                    return Ok(None);
                }
                // A query of exclusions alone ("-prison") means "everything but".
                if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(Some(Box::new(BooleanQuery::new(clauses))))
            }
            UserInputAst::Boost(inner, boost) => Ok(self
                .convert_in(inner, q, operator, field)?
                .map(|query| -> Box<dyn Query> {
                    Box::new(BoostQuery::new(query, boost.into_inner() as f32))
                })),
            UserInputAst::Leaf(leaf) => {
                let query = self.convert_leaf(leaf, q, field)?;
                Ok((!query.is::<EmptyQuery>()).then_some(query))
            }
        }
    }

    fn convert_leaf(
        &self,
        leaf: &UserInputLeaf,
        q: &str,
        field: Option<Field>,
    ) -> Result<Box<dyn Query>, SearchError> {
        // `field:*` asks whether a field has a value, which Tantivy answers only for
        // fast fields: a question the user can rephrase, not a failure inside.
        if let UserInputLeaf::Exists { field } = leaf {
            return Err(SearchError::BadQuery {
                message: format!(
                    "`{field}:*` (does the field have a value) cannot be asked; search for a word, or filter with {field}:value"
                ),
                position: None,
            });
        }
        if let UserInputLeaf::Range {
            field: Some(name),
            lower,
            upper,
        } = leaf
        {
            return self.range(name, lower, upper, q);
        }
        if let UserInputLeaf::Literal(literal) = leaf {
            // A prefix of a value kept whole (`symbol:E/CN.7/2016/*`): the values that
            // start with it, as written. Tantivy's parser reads the star of a bare word
            // as part of the value, and a quoted prefix as a phrase prefix, which a field
            // without positions never matches.
            let prefix = match literal.delimiter {
                Delimiter::None => literal.phrase.strip_suffix('*'),
                _ => literal.prefix.then_some(literal.phrase.as_str()),
            };
            if let (Some(prefix), Some(name)) = (prefix, literal.field_name.as_deref())
                && let Some(field) = self.raw_field(name)
            {
                let pattern = format!("{}.*", regex::escape(prefix));
                return RegexQuery::from_pattern(&pattern, field)
                    .map(|query| -> Box<dyn Query> { Box::new(query) })
                    .map_err(|error| SearchError::BadQuery {
                        message: format!("`{name}:{prefix}*`: {error}"),
                        position: q.find(&format!("{name}:")),
                    });
            }
            // `date:2014-02-10` is that day, a range of one (Tantivy's parser would read
            // the date only as RFC 3339 and answer with its own message).
            if literal.field_name.as_deref() == Some("date") {
                let day = UserInputBound::Inclusive(literal.phrase.clone());
                return self.range("date", &day, &day, q);
            }
            let facet = literal
                .field_name
                .as_deref()
                .and_then(FacetField::from_name);
            if let Some(facet) = facet {
                let field_name = literal.field_name.as_deref().unwrap_or_default();
                let facets =
                    facet_values(facet, &literal.phrase, &self.taxonomy).map_err(|message| {
                        SearchError::BadQuery {
                            message: format!("{message} (in `{field_name}:`)"),
                            position: q.find(&format!("{field_name}:")),
                        }
                    })?;
                return Ok(any_facet(self.schema.facet(facet), &facets));
            }
            // The grammar keeps `~` inside a bare word: `femicde~1` arrives as one word.
            let fuzzy = (literal.delimiter == Delimiter::None && !literal.prefix)
                .then(|| fuzzy_word(&literal.phrase))
                .flatten()
                .transpose()
                .map_err(|message| SearchError::BadQuery {
                    position: q.find(&literal.phrase),
                    message,
                })?;
            if let Some((word, distance)) = fuzzy {
                let fields = match (literal.field_name.as_deref(), field) {
                    (Some(TEXT_FIELD_NAME), _) => self.schema.analysed_text_fields(),
                    (Some(name), _) => vec![self.field_named(name, q)?],
                    (None, Some(field)) => vec![field],
                    (None, None) => self.default_fields.clone(),
                };
                return self.fuzzy(word, distance, &fields);
            }
            if literal.field_name.as_deref() == Some(TEXT_FIELD_NAME) {
                let mut literal = literal.clone();
                literal.field_name = None;
                return self
                    .text_parser
                    .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(
                        UserInputLeaf::Literal(literal),
                    )))
                    .map_err(|error| parser_error(error, q));
            }
        }
        let parser = match (leaf_names_a_field(leaf), field) {
            (false, Some(field)) => self
                .field_parsers
                .iter()
                .find(|(parser_field, _)| *parser_field == field)
                .map(|(_, parser)| parser)
                .unwrap_or(&self.parser),
            _ => &self.parser,
        };
        parser
            .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(leaf.clone())))
            .map_err(|error| parser_error(error, q))
    }

    /// A range on the year or the date (`year:[2000 TO 2024]`, `date:>=2015-01-01`); any
    /// other field's range is refused with a message that says what ranges take.
    fn range(
        &self,
        name: &str,
        lower: &UserInputBound,
        upper: &UserInputBound,
        q: &str,
    ) -> Result<Box<dyn Query>, SearchError> {
        let fields = self.schema.fields();
        let position = q.find(&format!("{name}:"));
        let refuse = |message: String| SearchError::BadQuery { message, position };
        let bound = |bound: &UserInputBound| -> Result<Bound<Term>, SearchError> {
            let (value, included) = match bound {
                UserInputBound::Unbounded => return Ok(Bound::Unbounded),
                UserInputBound::Inclusive(value) => (value.as_str(), true),
                UserInputBound::Exclusive(value) => (value.as_str(), false),
            };
            if value == "*" {
                return Ok(Bound::Unbounded);
            }
            let term = match name {
                "year" => {
                    let year: i64 = value.parse().map_err(|_| {
                        refuse(format!(
                            "`{value}` is not a year (in `year:`); write year:[2000 TO 2024]"
                        ))
                    })?;
                    Term::from_field_i64(fields.year_number, year)
                }
                _ => {
                    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
                        refuse(format!(
                            "`{value}` is not a date as YYYY-MM-DD (in `date:`); write date:>=2015-01-01"
                        ))
                    })?;
                    Term::from_field_date(fields.date, date_to_tantivy(date))
                }
            };
            Ok(if included {
                Bound::Included(term)
            } else {
                Bound::Excluded(term)
            })
        };
        if name != "year" && name != "date" {
            return Err(refuse(format!(
                "`{name}:` takes no range; ranges are on year (year:[2000 TO 2024]) and date (date:>=2015-01-01)"
            )));
        }
        Ok(Box::new(RangeQuery::new(bound(lower)?, bound(upper)?)))
    }

    /// The field `name` when its values are indexed whole (an id, a symbol).
    fn raw_field(&self, name: &str) -> Option<Field> {
        let schema = self.schema.schema();
        let field = schema.get_field(name).ok()?;
        let FieldType::Str(options) = schema.get_field_entry(field).field_type() else {
            return None;
        };
        (options.get_indexing_options()?.tokenizer() == "raw").then_some(field)
    }

    fn field_named(&self, name: &str, q: &str) -> Result<Field, SearchError> {
        self.schema
            .schema()
            .get_field(name)
            .map_err(|_| parser_error(QueryParserError::FieldDoesNotExist(name.to_string()), q))
    }

    /// A fuzzy term compared with words as written, never with stems: a text field stands
    /// for the unstemmed `words` field (the stem of "corruption" is "corrupt", three edits
    /// from "corruptoin"), the title is unstemmed already.
    fn fuzzy(
        &self,
        word: &str,
        distance: u8,
        fields: &[Field],
    ) -> Result<Box<dyn Query>, SearchError> {
        let schema_fields = self.schema.fields();
        let text_fields = self.schema.analysed_text_fields();
        let mut targets: Vec<Field> = Vec::new();
        for &field in fields {
            let target = if text_fields.contains(&field) {
                schema_fields.words
            } else {
                field
            };
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for &field in &targets {
            let mut analyzer = self.index.tokenizer_for_field(field)?;
            let mut tokens = analyzer.token_stream(word);
            let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            while tokens.advance() {
                let text = &tokens.token().text;
                let distance = fuzzy_distance_for(text, distance);
                let term = Term::from_field_text(field, text);
                per_field.push((
                    Occur::Should,
                    Box::new(FuzzyTermQuery::new(term, distance, true)),
                ));
            }
            if per_field.is_empty() {
                continue;
            }
            let mut query: Box<dyn Query> = Box::new(BooleanQuery::new(per_field));
            if field == self.schema.fields().title {
                query = Box::new(BoostQuery::new(query, TITLE_BOOST));
            }
            alternatives.push((Occur::Should, query));
        }
        Ok(Box::new(BooleanQuery::new(alternatives)))
    }
}

/// Whether a leaf names its own field (`title:x`, `forum:CND`, `year:[2000 TO 2010]`).
fn leaf_names_a_field(leaf: &UserInputLeaf) -> bool {
    match leaf {
        UserInputLeaf::Literal(literal) => literal.field_name.is_some(),
        UserInputLeaf::Range { field, .. } => field.is_some(),
        UserInputLeaf::Set { field, .. } => field.is_some(),
        UserInputLeaf::Exists { .. } => true,
        UserInputLeaf::Regex { field, .. } => field.is_some(),
        UserInputLeaf::All => true,
    }
}

/// Makes every clause that names no operator required (`a b` as `+a +b`), walking the
/// tree without recursion.
fn require_unnamed(ast: &mut UserInputAst) {
    let mut pending = vec![ast];
    while let Some(node) = pending.pop() {
        match node {
            UserInputAst::Clause(children) => {
                for (occur, child) in children.iter_mut() {
                    occur.get_or_insert(Occur::Must);
                    pending.push(child);
                }
            }
            UserInputAst::Boost(inner, _) => pending.push(inner),
            UserInputAst::Leaf(_) => {}
        }
    }
}

/// Whether the query holds a word or phrase that names no field (searched in the
/// default fields), walking the tree without recursion.
fn has_free_text(ast: &UserInputAst) -> bool {
    let mut pending = vec![ast];
    while let Some(node) = pending.pop() {
        match node {
            UserInputAst::Clause(children) => {
                pending.extend(children.iter().map(|(_, child)| child))
            }
            UserInputAst::Boost(inner, _) => pending.push(inner),
            UserInputAst::Leaf(leaf) => {
                if !leaf_names_a_field(leaf) {
                    return true;
                }
            }
        }
    }
    false
}

/// `q` with `||` and `&&` standing alone outside quotes written `OR` and `AND`, as
/// Lucene's syntax allows and Tantivy's grammar would read as words.
fn with_word_operators(q: &str) -> Cow<'_, str> {
    if !q.contains("||") && !q.contains("&&") {
        return Cow::Borrowed(q);
    }
    let mut written = String::with_capacity(q.len() + 8);
    let mut in_quotes = false;
    let mut at = 0;
    let bytes = q.as_bytes();
    while at < q.len() {
        let operator = match q.get(at..at + 2) {
            Some("||") => Some("OR"),
            Some("&&") => Some("AND"),
            _ => None,
        };
        let stands_alone = at
            .checked_sub(1)
            .is_none_or(|before| bytes[before].is_ascii_whitespace())
            && bytes
                .get(at + 2)
                .is_none_or(|after| after.is_ascii_whitespace());
        if let (false, Some(operator), true) = (in_quotes, operator, stands_alone) {
            written.push_str(operator);
            at += 2;
            continue;
        }
        let Some(character) = q[at..].chars().next() else {
            break;
        };
        if character == '"' {
            in_quotes = !in_quotes;
        }
        written.push(character);
        at += character.len_utf8();
    }
    Cow::Owned(written)
}

/// Splits `word~N` into the word and its edit distance (`word~` is distance 2, as in
/// Lucene; more is 2); `None` for a word without `~`, an error for a distance that is not
/// a number (`drug~abc`, `drug~-1`) or a second `~` (`drug~1~2`).
pub(crate) fn fuzzy_word(phrase: &str) -> Option<Result<(&str, u8), String>> {
    let (word, distance) = phrase.rsplit_once('~')?;
    if word.is_empty() {
        return None;
    }
    let malformed = || {
        Err(format!(
            "`{phrase}`: a fuzzy word is a word, `~` and an edit distance of 0, 1 or 2 (femicde~1)"
        ))
    };
    if word.contains('~') {
        return Some(malformed());
    }
    let distance: u32 = if distance.is_empty() {
        MAX_FUZZY_DISTANCE
    } else {
        match distance.parse() {
            Ok(distance) => distance,
            Err(_) => return Some(malformed()),
        }
    };
    Some(Ok((word, distance.min(MAX_FUZZY_DISTANCE) as u8)))
}

/// The edit distance a fuzzy term of `term`'s length is searched with, at most
/// `asked`: none under three characters, one under six (Elasticsearch's `AUTO`). Two
/// edits of a short word match most short words of the index, at great cost.
fn fuzzy_distance_for(term: &str, asked: u8) -> u8 {
    let allowed = match term.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    };
    asked.min(allowed)
}

fn syntax_error(q: &str) -> SearchError {
    let (_, errors) = query_grammar::parse_query_lenient(q);
    match errors.first() {
        Some(error) => SearchError::BadQuery {
            message: format!("syntax error at position {}: {}", error.pos, error.message),
            position: Some(error.pos),
        },
        None => SearchError::BadQuery {
            message: "syntax error".to_string(),
            position: None,
        },
    }
}

fn parser_error(error: QueryParserError, q: &str) -> SearchError {
    match error {
        QueryParserError::FieldDoesNotExist(name) => SearchError::BadQuery {
            position: q.find(&format!("{name}:")),
            message: format!(
                "unknown field `{name}`: search in title, text, symbol, text_<lang>, or a facet ({})",
                FacetField::ALL.map(FacetField::name).join(", ")
            ),
        },
        QueryParserError::FieldNotIndexed(name) => SearchError::BadQuery {
            position: q.find(&format!("{name}:")),
            message: format!("field `{name}` cannot be searched"),
        },
        QueryParserError::SyntaxError(_) => syntax_error(q),
        other => SearchError::BadQuery {
            message: other.to_string(),
            position: None,
        },
    }
}

/// Reads one filter value of `facet` as the facet paths it stands for (several for a bare session number).
pub(crate) fn facet_values(
    facet: FacetField,
    value: &str,
    taxonomy: &Taxonomy,
) -> Result<Vec<Facet>, String> {
    let value = value.trim();
    let single = |path: &str| -> Result<Vec<Facet>, String> { Ok(vec![Facet::from_path([path])]) };
    match facet {
        FacetField::Topic | FacetField::PassageTopic => {
            let slug = value
                .trim_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default();
            match taxonomy.facet_path(slug) {
                Some(path) => Facet::from_text(&path)
                    .map(|facet| vec![facet])
                    .map_err(|error| error.to_string()),
                None => Err(format!(
                    "unknown topic `{value}`: expected one of {}",
                    taxonomy
                        .topics()
                        .iter()
                        .map(|topic| topic.slug.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
        FacetField::Forum => {
            let forum: Forum = value
                .parse()
                .map_err(|error: plenary_core::CoreError| error.to_string())?;
            single(forum.code())
        }
        FacetField::Session => {
            let (forum_part, number_part) = match value.split_once(['/', ' ', '-']) {
                Some((forum, number)) => (Some(forum), number),
                None => (None, value),
            };
            let unknown = || {
                format!(
                    "unknown session `{value}`: expected FORUM/NUMBER, such as CND/57, or a number"
                )
            };
            let number: u32 = number_part.trim().parse().map_err(|_| unknown())?;
            let forums: Vec<Forum> = match forum_part {
                // `-1`: a sign, not a forum.
                Some(code) if code.trim().is_empty() => return Err(unknown()),
                Some(code) => vec![
                    code.parse()
                        .map_err(|error: plenary_core::CoreError| error.to_string())?,
                ],
                None => Forum::ALL.to_vec(),
            };
            Ok(forums
                .into_iter()
                .map(|forum| Facet::from_path([forum.code().to_string(), number.to_string()]))
                .collect())
        }
        FacetField::Year => {
            let year: i32 = value
                .parse()
                .map_err(|_| format!("expected a year, not `{value}`"))?;
            single(&year.to_string())
        }
        FacetField::Language => {
            let code = value.to_ascii_lowercase();
            let is_code =
                (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase());
            if !is_code {
                return Err(format!(
                    "unknown language `{value}`: expected a code such as {}",
                    LANGUAGES.join(", ")
                ));
            }
            single(&code)
        }
        FacetField::Organization => {
            if value.is_empty() {
                return Err("empty organization".to_string());
            }
            single(value)
        }
        FacetField::DocType => {
            let doc_type: DocType = value
                .parse()
                .map_err(|error: plenary_core::CoreError| error.to_string())?;
            single(doc_type.code())
        }
        FacetField::Status => {
            let status: ConsultativeStatus = value
                .parse()
                .map_err(|error: plenary_core::CoreError| error.to_string())?;
            single(status.code())
        }
        FacetField::Country => match plenary_core::countries::find_country(value) {
            Some(country) => single(&country.code),
            None => Err(format!(
                "unknown country `{value}`: expected an ISO 3166-1 alpha-3 code, such as ESP, or a name"
            )),
        },
        FacetField::Region => {
            let region: plenary_core::Region = value
                .parse()
                .map_err(|error: plenary_core::CoreError| error.to_string())?;
            single(region.code())
        }
        FacetField::ActorType => {
            let actor: plenary_core::ActorType = value
                .parse()
                .map_err(|error: plenary_core::CoreError| error.to_string())?;
            single(actor.code())
        }
    }
}

/// Matches a document holding any of `facets` (or a facet below one of them).
fn any_facet(field: Field, facets: &[Facet]) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = facets
        .iter()
        .map(|facet| {
            let query: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_facet(field, facet),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, query)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// What every search of a request shares: the searcher, the parsed query, the checked filters.
pub(crate) struct PreparedSearch {
    pub searcher: Searcher,
    pub user_query: Option<Box<dyn Query>>,
    /// The user's query as typed, parsed: what a paragraph is matched against.
    pub user_ast: Option<UserInputAst>,
    pub filters: Filters,
}

impl PreparedSearch {
    pub fn user_query(&self) -> Option<&dyn Query> {
        self.user_query.as_deref()
    }
}

/// The filters of a request, checked: facet values, a date range, a year range.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filters {
    facets: Vec<(FacetField, Vec<Facet>)>,
    date_from: Option<NaiveDate>,
    date_to: Option<NaiveDate>,
    year_from: Option<i32>,
    year_to: Option<i32>,
}

impl Filters {
    /// Checks the filters of `request`; an unknown value is an error naming its parameter.
    pub fn from_request(
        request: &SearchRequest,
        taxonomy: &Taxonomy,
    ) -> Result<Filters, SearchError> {
        let mut filters = Filters {
            date_from: request.date_from,
            date_to: request.date_to,
            year_from: request.year_from,
            year_to: request.year_to,
            ..Filters::default()
        };
        let requested: [(FacetField, &Vec<String>); 12] = [
            (FacetField::Topic, &request.topic),
            (FacetField::Forum, &request.forum),
            (FacetField::Session, &request.session),
            (FacetField::Year, &request.year),
            (FacetField::Language, &request.lang),
            (FacetField::Organization, &request.org),
            (FacetField::DocType, &request.doc_type),
            (FacetField::Status, &request.status),
            (FacetField::Country, &request.country),
            (FacetField::Region, &request.region),
            (FacetField::ActorType, &request.actor_type),
            (FacetField::PassageTopic, &request.passage_topic),
        ];
        for (facet, values) in requested {
            if values.is_empty() {
                continue;
            }
            let mut paths = Vec::new();
            for value in values {
                let parsed = facet_values(facet, value, taxonomy)
                    .map_err(|message| SearchError::bad_parameter(facet.name(), message))?;
                paths.extend(parsed);
            }
            filters.facets.push((facet, paths));
        }
        if let (Some(from), Some(to)) = (filters.date_from, filters.date_to)
            && from > to
        {
            return Err(SearchError::bad_parameter(
                "date_from",
                format!("{from} is after date_to {to}"),
            ));
        }
        if let (Some(from), Some(to)) = (filters.year_from, filters.year_to)
            && from > to
        {
            return Err(SearchError::bad_parameter(
                "year_from",
                format!("{from} is after year_to {to}"),
            ));
        }
        Ok(filters)
    }

    /// Whether the request filters on `facet`.
    pub fn filters_on(&self, facet: FacetField) -> bool {
        self.facets.iter().any(|(filtered, _)| *filtered == facet)
    }

    /// The facet filters: each facet with the values it keeps.
    pub fn facet_filters(&self) -> &[(FacetField, Vec<Facet>)] {
        &self.facets
    }

    /// The same filters but those on facets (the dates and years stay).
    pub fn without_facets(&self) -> Filters {
        Filters {
            facets: Vec::new(),
            ..self.clone()
        }
    }

    /// Adds a filter on one more facet value (for cross-tabulations).
    pub fn with_facet(&self, facet: FacetField, value: Facet) -> Filters {
        let mut narrowed = self.clone();
        narrowed.facets.push((facet, vec![value]));
        narrowed
    }

    /// The filters as query clauses that select without scoring, leaving out `except`'s own filter.
    fn clauses(
        &self,
        schema: &PlenarySchema,
        except: Option<FacetField>,
    ) -> Vec<(Occur, Box<dyn Query>)> {
        let fields = schema.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (facet, values) in &self.facets {
            if Some(*facet) == except {
                continue;
            }
            clauses.push((
                Occur::Must,
                unscored(any_facet(schema.facet(*facet), values)),
            ));
        }
        if self.date_from.is_some() || self.date_to.is_some() {
            let bound = |date: Option<NaiveDate>| match date {
                Some(date) => {
                    Bound::Included(Term::from_field_date(fields.date, date_to_tantivy(date)))
                }
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(self.date_from), bound(self.date_to));
            clauses.push((Occur::Must, unscored(Box::new(range))));
        }
        if self.year_from.is_some() || self.year_to.is_some() {
            let bound = |year: Option<i32>| match year {
                Some(year) => {
                    Bound::Included(Term::from_field_i64(fields.year_number, i64::from(year)))
                }
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(self.year_from), bound(self.year_to));
            clauses.push((Occur::Must, unscored(Box::new(range))));
        }
        clauses
    }
}

pub(crate) fn unscored(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// The documents that match a query and filters: the common case of [`filtered_query`],
/// with no facet left out and no extra clause.
pub(crate) fn matching_documents(
    schema: &PlenarySchema,
    user_query: Option<&dyn Query>,
    filters: &Filters,
) -> Box<dyn Query> {
    filtered_query(schema, user_query, filters, None, Vec::new())
}

/// Builds the query of `user_query` (all when `None`) with the filters (but `except`'s)
/// and any `extra` clauses.
pub(crate) fn filtered_query(
    schema: &PlenarySchema,
    user_query: Option<&dyn Query>,
    filters: &Filters,
    except: Option<FacetField>,
    extra: Vec<(Occur, Box<dyn Query>)>,
) -> Box<dyn Query> {
    let mut clauses = filters.clauses(schema, except);
    clauses.extend(extra);
    let main: Box<dyn Query> = match user_query {
        Some(query) => query.box_clone(),
        None => Box::new(AllQuery),
    };
    if clauses.is_empty() {
        return main;
    }
    clauses.insert(0, (Occur::Must, main));
    Box::new(BooleanQuery::new(clauses))
}

/// A clause that keeps only records whose exact-string `field` is `value`.
pub(crate) fn term_filter(field: Field, value: &str) -> (Occur, Box<dyn Query>) {
    let term = Term::from_field_text(field, value);
    (
        Occur::Must,
        unscored(Box::new(TermQuery::new(term, IndexRecordOption::Basic))),
    )
}

/// A clause that drops records whose exact-string `field` is `value`.
pub(crate) fn term_exclusion(field: Field, value: &str) -> (Occur, Box<dyn Query>) {
    let term = Term::from_field_text(field, value);
    (
        Occur::MustNot,
        Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
    )
}

/// The words of a query as written, without field names, operators or syntax: what a
/// person typed to name a subject.
fn free_text(ast: &UserInputAst) -> String {
    let mut words = Vec::new();
    let mut pending = vec![ast];
    while let Some(node) = pending.pop() {
        match node {
            UserInputAst::Clause(children) => {
                for (occur, child) in children.iter().rev() {
                    if *occur != Some(Occur::MustNot) {
                        pending.push(child);
                    }
                }
            }
            UserInputAst::Boost(inner, _) => pending.push(inner),
            UserInputAst::Leaf(leaf) => {
                if let UserInputLeaf::Literal(literal) = leaf.as_ref()
                    && literal.field_name.is_none()
                {
                    words.push(literal.phrase.clone());
                }
            }
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lucene_operators_standing_alone_are_read_as_words_operators() {
        for (q, expected) in [
            ("drug || crime", "drug OR crime"),
            ("drug && crime", "drug AND crime"),
            ("||", "OR"),
            ("a ||b", "a ||b"),
            ("a||b && c", "a||b AND c"),
            ("\"a || b\" || c", "\"a || b\" OR c"),
            ("peine de mort", "peine de mort"),
            ("é && ü", "é AND ü"),
        ] {
            assert_eq!(with_word_operators(q), expected, "{q}");
        }
    }
}
