//! The categories of findings, read from `rules/categories.toml` (embedded at build time): a new
//! category is a row of data, and its label and colour reach every front end from here.

use serde::Deserialize;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;
use toml::Spanned;

/// One category: its name (as rules and the JSON name it), the label shown under a finding whose
/// rule gives none, its colour in reports, and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub name: String,
    pub label: String,
    /// `#rrggbb`.
    pub colour: String,
    pub description: String,
}

impl Category {
    /// The colour as red, green and blue; grey if it is not `#rrggbb` (checked by a test).
    pub fn rgb(&self) -> (u8, u8, u8) {
        let hex = self.colour.strip_prefix('#').filter(|h| h.len() == 6 && h.is_ascii());
        let channel = |at: usize| hex.and_then(|h| u8::from_str_radix(&h[at..at + 2], 16).ok());
        match (channel(0), channel(2), channel(4)) {
            (Some(r), Some(g), Some(b)) => (r, g, b),
            _ => (120, 113, 108),
        }
    }
}

/// `rules/categories.toml`.
const TOML: &str = include!(concat!(env!("OUT_DIR"), "/builtin_categories.rs"));

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    category: Vec<Category>,
}

/// The file, in a folder of newsroom rules, that declares the newsroom's own categories: rows
/// as in `rules/categories.toml`. A custom rule's category must be built in or declared there,
/// so that a misspelt one is an error rather than a category no setting reaches.
pub const FILE_NAME: &str = "categories.toml";

/// The rows of a categories file.
pub fn parse(text: &str) -> Result<Vec<Category>, toml::de::Error> {
    toml::from_str::<CategoryFile>(text).map(|file| file.category)
}

/// A row of a newsroom's categories file, with where its name and colour are written.
#[derive(Debug, Clone)]
pub struct Declared {
    pub category: Category,
    pub name_span: Range<usize>,
    pub colour_span: Range<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeclaredRow {
    name: Spanned<String>,
    label: String,
    colour: Spanned<String>,
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeclaredFile {
    category: Vec<DeclaredRow>,
}

/// The rows of a newsroom's categories file, each with its spans for the problems found in it.
pub fn parse_declared(text: &str) -> Result<Vec<Declared>, toml::de::Error> {
    let file: DeclaredFile = toml::from_str(text)?;
    Ok(file
        .category
        .into_iter()
        .map(|row| Declared {
            name_span: row.name.span(),
            colour_span: row.colour.span(),
            category: Category {
                name: row.name.into_inner(),
                label: row.label,
                colour: row.colour.into_inner(),
                description: row.description,
            },
        })
        .collect())
}

/// Whether a category's colour is written as it must be: `#rrggbb`, six hexadecimal digits.
pub fn is_colour(colour: &str) -> bool {
    colour.strip_prefix('#').is_some_and(|hex| hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The built-in categories, in the order of `rules/categories.toml`.
pub fn builtin() -> &'static [Category] {
    static CATEGORIES: OnceLock<Vec<Category>> = OnceLock::new();
    CATEGORIES.get_or_init(|| {
        // The file is part of the build and checked by the tests: it cannot fail at run time.
        parse(TOML).unwrap_or_default()
    })
}

/// The built-in category called `name`.
pub fn get(name: &str) -> Option<&'static Category> {
    builtin().iter().find(|c| c.name == name)
}

/// The index of a built-in category in [`builtin`].
pub fn position(name: &str) -> Option<usize> {
    builtin().iter().position(|c| c.name == name)
}

/// The label of a finding whose rule gives none: the category's, marked when the finding is
/// inside an attributed quotation.
pub fn default_label(category: &str, quoted: bool) -> Cow<'static, str> {
    let what = get(category).map_or("here", |c| c.label.as_str());
    if quoted {
        Cow::Owned(format!("{what} (in a quotation)"))
    } else {
        Cow::Borrowed(what)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_categories_file_parses_with_sixteen_distinct_categories_and_colours() {
        let file: CategoryFile = toml::from_str(TOML).expect("categories.toml");
        assert_eq!(file.category.len(), 16);
        assert_eq!(builtin(), file.category.as_slice());
        for category in builtin() {
            assert!(is_colour(&category.colour), "{}", category.colour);
            assert!(!category.label.is_empty() && !category.description.is_empty());
        }
        let mut names: Vec<&str> = builtin().iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 16);
    }

    #[test]
    fn labels_and_colours() {
        assert_eq!(default_label("vague-source", false), "who is this source?");
        assert_eq!(default_label("fear", true), "appeals to fear (in a quotation)");
        assert_eq!(default_label("a-newsroom-category", false), "here");
        assert_eq!(get("no-evidence").map(Category::rgb), Some((220, 38, 38)));
    }

    #[test]
    fn colours_are_six_hex_digits() {
        assert!(is_colour("#12abEF"));
        for bad in ["12abef", "#12abe", "#12abefa", "#12abeg", "red", "", "#"] {
            assert!(!is_colour(bad), "{bad}");
        }
    }
}
