//! A directive's arguments as a query: which chapters, in which order, with
//! which columns.

use deepdive_core::args::{self, Arg};
use deepdive_core::config::suggestion;
use deepdive_core::links;
use deepdive_core::page::Drafts;
use deepdive_core::page::Page;
use deepdive_core::status::Vocabulary;
use std::collections::BTreeMap;

/// A column of the index table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    /// `number`: the chapter's number, linked.
    Number,
    /// `topic`: the title, linked, with the summary.
    Topic,
    /// `focus`: the `focus` key.
    Focus,
    /// `status`: the status badge.
    Status,
    /// `tags`: the tags.
    Tags,
    /// `date`: the `date` key.
    Date,
    /// `difficulty`: the `difficulty` key.
    Difficulty,
}

const COLUMNS: [(&str, Column, &str); 7] = [
    ("number", Column::Number, "#"),
    ("topic", Column::Topic, "Topic"),
    ("focus", Column::Focus, "Key Focus"),
    ("status", Column::Status, "Status"),
    ("tags", Column::Tags, "Tags"),
    ("date", Column::Date, "Date"),
    ("difficulty", Column::Difficulty, "Difficulty"),
];

impl Column {
    /// The column's header text.
    pub(crate) fn header(self) -> &'static str {
        COLUMNS
            .iter()
            .find(|(_, c, _)| *c == self)
            .map_or("", |(_, _, h)| h)
    }
}

/// What `sort=` orders the rows by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SortKey {
    /// The chapter's number (book order).
    Number,
    /// The title.
    Title,
    /// The `date` key.
    Date,
    /// The status, in the vocabulary's order.
    Status,
}

/// What a directive asks for.
#[derive(Debug, Clone)]
pub struct Query {
    /// `folder=`: only chapters in this folder.
    pub(crate) folder: Option<String>,
    /// `under=`: only chapters under this SUMMARY entry.
    pub(crate) under: Option<String>,
    /// `status=`: only chapters with one of these statuses.
    pub(crate) statuses: Vec<String>,
    /// `tag=`: only chapters with this tag.
    pub(crate) tag: Option<String>,
    /// `category=`: only chapters in this category.
    pub(crate) category: Option<String>,
    /// `sort=`: the key, and whether descending.
    pub(crate) sort: Option<(SortKey, bool)>,
    /// `columns=`: the table's columns, in order.
    pub(crate) columns: Vec<Column>,
    /// `group-by=status`: one table per status.
    pub(crate) group_by_status: bool,
    /// `titles=`: a group's title by status.
    pub(crate) titles: BTreeMap<String, String>,
    /// `limit=`: at most this many rows.
    pub(crate) limit: Option<usize>,
    /// `empty=`: the text shown when no chapter matches.
    pub(crate) empty: Option<String>,
}

/// The arguments each directive takes.
pub(crate) const FILTERS: [&str; 5] = ["folder", "under", "status", "tag", "category"];
/// The arguments `{{#investigation-index}}` takes.
pub const INDEX_ARGUMENTS: [&str; 11] = [
    "folder", "under", "status", "tag", "category", "sort", "columns", "group-by", "titles",
    "limit", "empty",
];

/// A problem with an argument: its byte offset in the argument text.
pub struct ArgProblem {
    /// The byte offset in the argument text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

fn problem(arg: &Arg, message: String) -> ArgProblem {
    ArgProblem {
        offset: arg.range.start,
        message,
    }
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Query {
    /// Parses `text` (the directive's arguments), accepting the `allowed` keys.
    pub fn parse(
        directive: &str,
        text: &str,
        allowed: &[&str],
        vocabulary: &Vocabulary,
    ) -> Result<Self, ArgProblem> {
        let arguments = args::parse(text).map_err(|e| ArgProblem {
            offset: e.offset,
            message: e.message,
        })?;
        let mut query = Query {
            folder: None,
            under: None,
            statuses: Vec::new(),
            tag: None,
            category: None,
            sort: None,
            columns: vec![Column::Number, Column::Topic, Column::Focus, Column::Status],
            group_by_status: false,
            titles: BTreeMap::new(),
            limit: None,
            empty: None,
        };
        for arg in &arguments {
            let Some(key) = arg.key.as_deref().filter(|k| allowed.contains(k)) else {
                let shown = arg.key.as_deref().unwrap_or(&arg.value);
                let hint = suggestion(shown, allowed)
                    .map(|s| format!("did you mean `{s}=`? "))
                    .unwrap_or_default();
                return Err(problem(
                    arg,
                    format!(
                        "`{{{{#{directive}}}}}` has no argument `{shown}` ({hint}it takes {})",
                        allowed.join(", ")
                    ),
                ));
            };
            query.set(key, arg, vocabulary)?;
        }
        Ok(query)
    }

    fn set(&mut self, key: &str, arg: &Arg, vocabulary: &Vocabulary) -> Result<(), ArgProblem> {
        let value = arg.value.as_str();
        match key {
            "folder" => self.folder = Some(value.trim_matches('/').to_owned()),
            "under" => self.under = Some(value.to_owned()),
            "tag" => self.tag = Some(value.to_owned()),
            "category" => self.category = Some(value.to_owned()),
            "empty" => self.empty = Some(value.to_owned()),
            "status" => {
                for name in list(value) {
                    let status = vocabulary
                        .lookup(&name)
                        .map_err(|e| problem(arg, e.message()))?;
                    self.statuses.push(status.id.clone());
                }
            }
            "sort" => {
                let (descending, name) = value
                    .strip_prefix('-')
                    .map_or((false, value), |v| (true, v));
                let key = match name {
                    "number" => SortKey::Number,
                    "title" => SortKey::Title,
                    "date" => SortKey::Date,
                    "status" => SortKey::Status,
                    _ => {
                        return Err(problem(
                            arg,
                            format!(
                                "`sort={value}`: sort by number, title, date or status (`-` first for descending)"
                            ),
                        ));
                    }
                };
                self.sort = Some((key, descending));
            }
            "columns" => {
                self.columns = list(value)
                    .iter()
                    .map(|name| {
                        COLUMNS
                            .iter()
                            .find(|(n, _, _)| n == name)
                            .map(|(_, c, _)| *c)
                            .ok_or_else(|| {
                                let names: Vec<&str> = COLUMNS.iter().map(|(n, _, _)| *n).collect();
                                problem(
                                    arg,
                                    format!(
                                        "unknown column `{name}` (columns: {})",
                                        names.join(", ")
                                    ),
                                )
                            })
                    })
                    .collect::<Result<_, _>>()?;
            }
            "group-by" if value == "status" => self.group_by_status = true,
            "group-by" => {
                return Err(problem(
                    arg,
                    format!("`group-by={value}`: only `group-by=status` is supported"),
                ));
            }
            "titles" => {
                for pair in list(value) {
                    let (status, title) = pair.split_once('=').ok_or_else(|| {
                        problem(arg, format!("`titles`: `{pair}` must be `status=Title`"))
                    })?;
                    let id = vocabulary
                        .lookup(status)
                        .map_err(|e| problem(arg, e.message()))?
                        .id
                        .clone();
                    self.titles.insert(id, title.trim().to_owned());
                }
            }
            "limit" => {
                self.limit = Some(value.parse().map_err(|_| {
                    problem(arg, format!("`limit={value}` must be a whole number"))
                })?);
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether `page` is one of the chapters this query selects from `holder`.
    pub(crate) fn selects(
        &self,
        page: &Page,
        holder: &Page,
        drafts: Drafts,
        status_id: Option<&str>,
    ) -> bool {
        if page.source_path.is_some() && page.source_path == holder.source_path
            || !page.listed(drafts)
        {
            return false;
        }
        let in_folder = self.folder.as_ref().is_none_or(|folder| {
            page.source_path
                .as_deref()
                .is_some_and(|p| p.starts_with(folder))
        });
        let under = self
            .under
            .as_ref()
            .is_none_or(|name| page.parent_names.iter().any(|p| p == name));
        let status = self.statuses.is_empty()
            || status_id.is_some_and(|id| self.statuses.iter().any(|s| s == id));
        let has = |key: &str, wanted: &Option<String>| {
            wanted
                .as_ref()
                .is_none_or(|w| page.meta.list(key).any(|v| v.eq_ignore_ascii_case(w)))
        };
        in_folder && under && status && has("tags", &self.tag) && has("categories", &self.category)
    }
}

/// The `#` of a chapter: its file's number prefix, front matter `number`, or
/// its section number.
pub(crate) fn number(page: &Page) -> String {
    if let Some(number) = links::chapter_number(page) {
        return number.to_owned();
    }
    page.number
        .as_ref()
        .map(|n| n.iter().map(u32::to_string).collect::<Vec<_>>().join("."))
        .unwrap_or_default()
}
