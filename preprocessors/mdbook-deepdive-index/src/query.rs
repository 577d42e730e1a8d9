//! A directive's arguments as a query: which documents, in which order, with
//! which columns.
//!
//! A document is a chapter with metadata (front matter, or the technical
//! deep-dive template's metadata sections); the filters (`folder=`,
//! `under=`, `status=`, `tag=`, `category=`, `overdue=`) decide which of them
//! a table holds, through [`Query::selects`], which any directive listing
//! documents can use.

use deepdive_core::args::{self, Arg};
use deepdive_core::config::suggestion;
use deepdive_core::date::Date;
use deepdive_core::links;
use deepdive_core::page::Drafts;
use deepdive_core::page::Page;
use deepdive_core::status::Vocabulary;
use std::collections::BTreeMap;
use std::path::Path;

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
    /// `date`: the `date` key, as `YYYY-MM-DD`.
    Date,
    /// `updated`: the `lastmod` key, as `YYYY-MM-DD`.
    Updated,
    /// `difficulty`: the `difficulty` key.
    Difficulty,
}

const COLUMNS: [(&str, Column, &str); 8] = [
    ("number", Column::Number, "#"),
    ("topic", Column::Topic, "Topic"),
    ("focus", Column::Focus, "Key Focus"),
    ("status", Column::Status, "Status"),
    ("tags", Column::Tags, "Tags"),
    ("date", Column::Date, "Date"),
    ("updated", Column::Updated, "Updated"),
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
    /// The `date` key, as a date (undated documents last).
    Date,
    /// The `lastmod` key, as a date (undated documents last).
    Updated,
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
    /// `overdue=`: only documents whose `review-by` date has passed (`true`)
    /// or has not (`false`).
    pub(crate) overdue: Option<bool>,
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
pub(crate) const FILTERS: [&str; 6] = ["folder", "under", "status", "tag", "category", "overdue"];
/// The arguments `{{#investigation-index}}` takes.
pub const INDEX_ARGUMENTS: [&str; 12] = [
    "folder", "under", "status", "tag", "category", "overdue", "sort", "columns", "group-by",
    "titles", "limit", "empty",
];

/// What a query's filters compare a document with, besides the document:
/// the page holding the directive, the book's drafts setting, today.
pub(crate) struct Scope<'a> {
    /// The chapter holding the directive (never listed in itself).
    pub(crate) holder: &'a Page,
    /// What the book does with `draft: true` chapters.
    pub(crate) drafts: Drafts,
    /// Today's date, which `review-by` dates are overdue against.
    pub(crate) today: Date,
}

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
            overdue: None,
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
            "overdue" => {
                self.overdue = Some(match value {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(problem(
                            arg,
                            format!("`overdue={value}` must be `true` or `false`"),
                        ));
                    }
                });
            }
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
                    "updated" => SortKey::Updated,
                    "status" => SortKey::Status,
                    _ => {
                        return Err(problem(
                            arg,
                            format!(
                                "`sort={value}`: sort by number, title, date, updated or status (`-` first for descending)"
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

    /// Whether the document `page`, whose status (given, or implied by its
    /// front matter) is `status_id`, is one this query lists in `scope`.
    pub(crate) fn selects(&self, page: &Page, status_id: Option<&str>, scope: &Scope<'_>) -> bool {
        let folder = self.folder.as_deref().unwrap_or("");
        if page.source_path.is_some() && page.source_path == scope.holder.source_path
            || !page.listed(scope.drafts)
            || is_own_page_of(page, folder)
        {
            return false;
        }
        // A draft entry of SUMMARY.md (a planned document) is in no folder.
        let in_folder = page
            .source_path
            .as_deref()
            .map_or(folder.is_empty(), |p| p.starts_with(folder));
        let overdue = self
            .overdue
            .is_none_or(|wanted| page.meta.overdue(scope.today) == wanted);
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
        in_folder
            && under
            && status
            && overdue
            && has("tags", &self.tag)
            && has("categories", &self.category)
    }
}

/// Whether `page` is the own page of `folder` (relative to `src/`, `""` the
/// book's root): Hugo's `_index.md` of any folder (a section's list page,
/// never a document), or the `README.md` or `index.md` of that folder, which
/// introduces its documents rather than being one of them. (A Hugo page
/// bundle, `posts/x/index.md`, is still a document of `posts`.)
pub fn is_own_page_of(page: &Page, folder: &str) -> bool {
    let Some(path) = page.source_path.as_deref() else {
        return false;
    };
    match path.file_name().and_then(|name| name.to_str()) {
        Some("_index.md") => true,
        Some("README.md" | "index.md") => path.parent() == Some(Path::new(folder)),
        _ => false,
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

#[cfg(test)]
mod tests {
    use super::*;
    use deepdive_core::metadata::{Metadata, Source};
    use serde_json::{Map, Value};

    fn document(path: &str, fields: &[(&str, &str)]) -> Page {
        let mut page = Page::detached(path);
        page.source_path = Some(path.into());
        page.path = Some(path.into());
        let fields: Map<String, Value> = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned())))
            .collect();
        page.meta = Metadata {
            source: Source::FrontMatter,
            fields,
        };
        page
    }

    fn query(args: &str) -> Query {
        Query::parse(
            "investigation-index",
            args,
            &INDEX_ARGUMENTS,
            &Vocabulary::default(),
        )
        .unwrap_or_else(|p| panic!("{}", p.message))
    }

    #[test]
    fn a_folder_page_is_not_a_document_of_its_folder() {
        let readme = document("adr/README.md", &[]);
        let bundle = document("posts/x/index.md", &[]);
        let section = document("posts/_index.md", &[]);
        assert!(is_own_page_of(&readme, "adr"));
        assert!(!is_own_page_of(&readme, ""));
        assert!(is_own_page_of(&document("README.md", &[]), ""));
        assert!(is_own_page_of(&bundle, "posts/x"));
        assert!(!is_own_page_of(&bundle, "posts"), "a page bundle is a post");
        assert!(is_own_page_of(&section, "posts") && is_own_page_of(&section, ""));
        assert!(!is_own_page_of(&document("adr/0001-x.md", &[]), "adr"));
    }

    #[test]
    fn filters_select_documents_with_or_without_a_status() {
        let holder = document("README.md", &[]);
        let today = Date::parse("2026-02-01").unwrap();
        let scope = Scope {
            holder: &holder,
            drafts: Drafts::Publish,
            today,
        };
        let post = document("posts/a.md", &[("title", "A")]);
        let due = document("adr/0001-a.md", &[("review-by", "2026-01-31")]);
        let fresh = document("adr/0002-b.md", &[("review-by", "2026-02-01")]);
        assert!(query("").selects(&post, None, &scope));
        assert!(query("folder=/posts/").selects(&post, None, &scope));
        assert!(!query("folder=adr").selects(&post, None, &scope));
        assert!(!query("status=done").selects(&post, None, &scope));
        assert!(query("status=done").selects(&post, Some("done"), &scope));
        assert!(!query("").selects(&holder, None, &scope), "never in itself");
        assert!(query("overdue=true").selects(&due, None, &scope));
        assert!(!query("overdue=true").selects(&fresh, None, &scope));
        assert!(query("overdue=false").selects(&fresh, None, &scope));
        assert!(query("overdue=false").selects(&post, None, &scope));
        let mut draft = document("posts/d.md", &[]);
        draft.meta.fields.insert("draft".into(), Value::Bool(true));
        assert!(!query("").selects(&draft, Some("draft"), &scope));
    }

    #[test]
    fn updated_is_a_column_and_a_sort_key_and_overdue_takes_a_boolean() {
        let q = query("columns=\"date,updated\" sort=-updated");
        assert_eq!(q.columns, [Column::Date, Column::Updated]);
        assert_eq!(q.sort, Some((SortKey::Updated, true)));
        let wrong = Query::parse(
            "investigation-index",
            "overdue=yes",
            &INDEX_ARGUMENTS,
            &Vocabulary::default(),
        )
        .err()
        .unwrap();
        assert_eq!(wrong.message, "`overdue=yes` must be `true` or `false`");
        assert!(
            Query::parse(
                "investigation-count",
                "overdue=true",
                &FILTERS,
                &Vocabulary::default()
            )
            .is_ok()
        );
    }
}
