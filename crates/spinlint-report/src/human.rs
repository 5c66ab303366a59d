//! Compiler-style diagnostics for people, rendered with codespan-reporting.
//!
//! A news paragraph is one line of hundreds of characters: shown whole, it wraps in the terminal
//! and the underline lands under other words. So each line a diagnostic shows is cut to a window
//! that fits the width, around the diagnostic's labels on it, with `…` where the line goes on (as
//! rustc and ripgrep do), while the header's `line:column` is still the place in the file. Widths
//! are display columns as codespan counts them (unicode-width: two for CJK and most emoji, none
//! for a combining mark); a window is cut between characters.

use crate::FileResult;
use crate::{plural, Report, Settings};
use codespan_reporting::diagnostic::{Diagnostic, Label, LabelStyle};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Chars, Config};
use spinlint_core::finding::Severity;
use spinlint_core::span::{ceil_char_boundary, floor_char_boundary};
use std::io::Write;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

pub const FORMAT: crate::Format =
    crate::Format { name: "human", help: "Compiler-style diagnostics for people", new: emitter };

fn emitter(settings: &crate::Settings) -> Box<dyn crate::Emitter> {
    Box::new(Emitter {
        settings: *settings,
        held: (!settings.stream).then(Vec::new),
        counts: crate::Counts::default(),
        linted: 0,
    })
}

fn severity(severity: Severity) -> codespan_reporting::diagnostic::Severity {
    match severity {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        Severity::Info => codespan_reporting::diagnostic::Severity::Note,
    }
}

/// The widths lines are fitted to, whatever the terminal says: below the narrowest a finding has
/// no room for its words; above the widest, many findings on one huge line would each print a
/// large part of it (quadratic output).
const WIDTHS: std::ops::RangeInclusive<usize> = 40..=2000;
/// The fewest columns of text a line keeps, however wide its gutter.
const FEWEST_TEXT_COLUMNS: usize = 10;
/// Where a line is cut.
const ELLIPSIS: char = '…';

/// The report's files as codespan sees them, with the project's line numbering (a lone `\r`
/// ends a line; the byte order mark is not a column) so that human and JSON output agree.
pub struct ArticleFiles<'r> {
    files: &'r [FileResult],
    /// Each file's name and text as shown: control characters escaped in the name, and shown as
    /// placeholders of the same length in the text (so spans still hold) rather than sent to the
    /// terminal, which would act on them.
    shown: Vec<(std::borrow::Cow<'r, str>, std::borrow::Cow<'r, str>)>,
    /// The lines of the diagnostic being rendered, cut as it shows them: codespan reads its
    /// source, and the labels point, into this rather than the file.
    excerpt: Excerpt,
}

impl<'r> Files<'r> for ArticleFiles<'r> {
    type FileId = usize;
    type Name = &'r str;
    type Source = &'r str;

    fn name(&'r self, id: usize) -> Result<&'r str, FilesError> {
        self.shown.get(id).map(|(name, _)| &**name).ok_or(FilesError::FileMissing)
    }

    fn source(&'r self, id: usize) -> Result<&'r str, FilesError> {
        Ok(&self.excerpt_of(id)?.text)
    }

    fn line_index(&'r self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let excerpt = self.excerpt_of(id)?;
        excerpt.line_at(byte_index).map(|line| line.index).ok_or(FilesError::IndexTooLarge {
            given: byte_index,
            max: excerpt.text.len(),
        })
    }

    fn line_range(&'r self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let excerpt = self.excerpt_of(id)?;
        excerpt.line(line_index).map(|line| line.shown.clone()).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: excerpt.lines.last().map_or(0, |line| line.index),
        })
    }

    fn column_number(&'r self, id: usize, line_index: usize, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        let line = self.excerpt_of(id)?.line(line_index).ok_or(FilesError::LineTooLarge { given: line_index, max: 0 })?;
        Ok(file.lines.line_column(&file.text, line.offset_in_file(byte_index)).1)
    }
}

impl<'r> ArticleFiles<'r> {
    fn new(files: &'r [FileResult]) -> ArticleFiles<'r> {
        use crate::escape::terminal::{escape, placeholders};
        let shown = files.iter().map(|f| (escape(&f.path), placeholders(&f.text))).collect();
        ArticleFiles { files, shown, excerpt: Excerpt::default() }
    }

    /// The excerpt, when it is of file `id` (codespan asks only about the diagnostic's file).
    fn excerpt_of(&self, id: usize) -> Result<&Excerpt, FilesError> {
        Some(&self.excerpt).filter(|excerpt| excerpt.file == id).ok_or(FilesError::FileMissing)
    }
}

/// The lines of one file a diagnostic shows, each cut to the window it shows, one after another
/// (each ended by `\n`): what codespan renders instead of the file.
#[derive(Default)]
struct Excerpt {
    file: usize,
    text: String,
    /// By line.
    lines: Vec<ExcerptLine>,
}

struct ExcerptLine {
    /// The line's index in the file (0-based).
    index: usize,
    /// Where the line is in the excerpt, its ellipses included.
    shown: Range<usize>,
    /// The part of the file's line shown (byte offsets in the file).
    window: Range<usize>,
    /// Where the window's text starts in the excerpt (after a leading `…`).
    window_at: usize,
}

impl ExcerptLine {
    /// Where a label starting at `offset` of the file (on this line) starts in the excerpt: a
    /// start before the window at the leading `…`, one after it at the trailing `…`, so that a
    /// label cut off still points the way it goes.
    fn start_of(&self, offset: usize) -> usize {
        if offset < self.window.start {
            self.shown.start
        } else {
            self.window_at + offset.min(self.window.end) - self.window.start
        }
    }

    /// Where a label ending at `offset` of the file (on this line) ends in the excerpt: the end
    /// of the leading `…` for an end before the window, the line's end for one after it.
    fn end_of(&self, offset: usize) -> usize {
        if offset < self.window.start {
            self.window_at
        } else if offset > self.window.end {
            self.shown.end
        } else {
            self.window_at + offset - self.window.start
        }
    }

    /// The file's offset of excerpt offset `at` (an ellipsis stands for the window's end).
    fn offset_in_file(&self, at: usize) -> usize {
        (self.window.start + at.saturating_sub(self.window_at)).min(self.window.end)
    }
}

impl Excerpt {
    /// The excerpt of file `id` that `labels` (in its offsets) need, fitted to `width` columns,
    /// and the labels moved into it. Every line a label is on is shown, with those between the
    /// ends of a label over several lines, and the line after each (codespan shows the line
    /// between two shown lines one apart).
    fn new(id: usize, file: &FileResult, text: &str, labels: &mut [Label<usize>], width: usize, tab: usize) -> Excerpt {
        let lines_of: Vec<(usize, usize)> =
            labels.iter().map(|l| (file.lines.line_of(l.range.start), file.lines.line_of(l.range.end))).collect();
        let mut indices: Vec<usize> = lines_of.iter().flat_map(|&(first, last)| first..=last).collect();
        let line_count = file.lines.line_starts().len();
        indices.extend(indices.clone().into_iter().map(|index| index + 1).filter(|&index| index < line_count));
        indices.sort_unstable();
        indices.dedup();
        // codespan's gutter: the widest line number and a space, `|`, two columns for each label
        // over several lines, a space.
        let last_line = lines_of.iter().map(|&(_, last)| last).max().unwrap_or(0);
        let multi_line = lines_of.iter().filter(|(first, last)| first != last).count();
        let gutter = (last_line + 1).to_string().len() + 3 + 2 * multi_line;
        let columns = width.saturating_sub(gutter).max(FEWEST_TEXT_COLUMNS);
        let mut excerpt = Excerpt { file: id, text: String::new(), lines: Vec::with_capacity(indices.len()) };
        for index in indices {
            let line = content_of(file, index);
            let marks: Vec<Mark> = labels
                .iter()
                .zip(&lines_of)
                .filter_map(|(label, &(first, last))| Mark::on(index, label, first, last))
                .collect();
            let window = window(text, line.clone(), &marks, columns, tab);
            let start = excerpt.text.len();
            if window.start > line.start {
                excerpt.text.push(ELLIPSIS);
            }
            let window_at = excerpt.text.len();
            excerpt.text.push_str(&text[window.clone()]);
            if window.end < line.end {
                excerpt.text.push(ELLIPSIS);
            }
            excerpt.lines.push(ExcerptLine { index, shown: start..excerpt.text.len(), window, window_at });
            excerpt.text.push('\n');
        }
        for (label, &(first, last)) in labels.iter_mut().zip(&lines_of) {
            let (Some(first), Some(last)) = (excerpt.line(first), excerpt.line(last)) else { continue };
            label.range = first.start_of(label.range.start)..last.end_of(label.range.end);
        }
        excerpt
    }

    fn line(&self, index: usize) -> Option<&ExcerptLine> {
        let at = self.lines.binary_search_by_key(&index, |line| line.index).ok()?;
        self.lines.get(at)
    }

    /// The line excerpt offset `at` is on (or ends).
    fn line_at(&self, at: usize) -> Option<&ExcerptLine> {
        let after = self.lines.partition_point(|line| line.shown.start <= at);
        self.lines.get(after.checked_sub(1)?)
    }
}

/// The bytes of line `index` of a file, without its line end.
fn content_of(file: &FileResult, index: usize) -> Range<usize> {
    let starts = file.lines.line_starts();
    let start = starts.get(index).copied().unwrap_or(file.text.len());
    let next = starts.get(index + 1).copied().unwrap_or(file.text.len()).max(start);
    let bytes = &file.text.as_bytes()[start..next];
    let line_end = if bytes.ends_with(b"\r\n") {
        2
    } else {
        usize::from(bytes.ends_with(b"\n") || bytes.ends_with(b"\r"))
    };
    start..next - line_end
}

/// The columns a character takes, as codespan counts them; a tab the most it can take (codespan
/// moves it to the next tab stop).
fn char_width(c: char, tab: usize) -> usize {
    if c == '\t' {
        tab
    } else {
        c.width().unwrap_or(0)
    }
}

fn text_width(text: &str) -> usize {
    text.chars().map(|c| char_width(c, 1)).sum()
}

/// What a label needs of one line's window: where it starts and ends on the line, and the room
/// its message takes.
struct Mark {
    start: usize,
    end: usize,
    message: Option<usize>,
    primary: bool,
    shape: Shape,
}

/// How codespan draws a label on a line.
#[derive(PartialEq)]
enum Shape {
    /// Under its words, on its one line: `^^^ message` (or the message hangs below).
    Single,
    /// The start of a label over several lines: `/-----^`.
    Top,
    /// The end of a label over several lines: `|_____^ message`.
    Bottom,
}

impl Mark {
    /// What `label`, on lines `first` to `last`, needs of line `index`: nothing on the lines in
    /// between, which codespan draws as a bar in the gutter.
    fn on(index: usize, label: &Label<usize>, first: usize, last: usize) -> Option<Mark> {
        let message = (!label.message.is_empty()).then(|| text_width(&label.message));
        let primary = label.style == LabelStyle::Primary;
        let Range { start, end } = label.range;
        match (first == index, last == index) {
            (true, true) => Some(Mark { start, end, message, primary, shape: Shape::Single }),
            (true, false) => Some(Mark { start, end: start, message: None, primary, shape: Shape::Top }),
            (false, true) => Some(Mark { start: end, end, message, primary, shape: Shape::Bottom }),
            (false, false) => None,
        }
    }
}

/// The part of `line` (of `text`) to show: at most `columns` wide with its `…`, and the lines of
/// its labels (carets and messages) no wider; the whole line when it fits. Otherwise the window
/// holds the start of the primary label (or of the first label), and of the windows that do, the
/// best by [`WindowScore`]: every label on the line if it can, else as much of the main one,
/// centred; then its cut ends are moved to fall between words.
fn window(text: &str, line: Range<usize>, marks: &[Mark], columns: usize, tab: usize) -> Range<usize> {
    let anchor_mark = marks.iter().find(|m| m.primary).or_else(|| marks.iter().min_by_key(|m| m.start));
    let anchor = floor_char_boundary(text, anchor_mark.map_or(line.start, |m| m.start).clamp(line.start, line.end));
    // A column is at most one character of at most 4 bytes (or a combining mark, of none): no
    // window reaches farther from its anchor, however long the line.
    let reach = columns.saturating_mul(4);
    let near = floor_char_boundary(text, anchor.saturating_sub(reach)).max(line.start)
        ..ceil_char_boundary(text, anchor.saturating_add(reach)).min(line.end);
    let mut cut = Cut {
        bounds: Vec::new(),
        columns: Vec::new(),
        char_at: Vec::with_capacity(near.len() + 1),
        line: line.clone(),
        first: 0,
        last: 0,
    };
    let mut column = 0;
    for (at, c) in text[near.clone()].char_indices() {
        cut.char_at.extend(std::iter::repeat_n(cut.bounds.len(), c.len_utf8()));
        cut.bounds.push(near.start + at);
        cut.columns.push(column);
        column += char_width(c, tab);
    }
    cut.char_at.push(cut.bounds.len());
    cut.bounds.push(near.end);
    cut.columns.push(column);
    let end_of_near = cut.bounds.len() - 1;
    let anchor_at = cut.index_of(anchor);
    let anchor_end = anchor_mark.map_or(anchor, |m| m.end.clamp(anchor, line.end));
    let mut best: Option<(WindowScore, Range<usize>)> = None;
    let line_start_in_reach = cut.bounds[0] == line.start && cut.columns[anchor_at] <= columns;
    for first in (0..=anchor_at).rev() {
        if cut.columns[anchor_at] - cut.columns[first] > columns {
            break;
        }
        cut.first = first;
        let starts_with_mark = cut.columns.get(first + 1).is_some_and(|&next| next == cut.columns[first]);
        if cut.cut_left() && first < end_of_near && starts_with_mark {
            // Not a combining mark without its letter.
            continue;
        }
        let fits = |cut: &Cut, last: usize| cut.shown_width_to(last) <= columns;
        cut.last = if fits(&cut, end_of_near) {
            end_of_near
        } else {
            // The widest that fits: the width grows with the end, short of the line's end.
            let (mut fitting, mut too_wide) = (first, end_of_near);
            while too_wide - fitting > 1 {
                let middle = fitting + (too_wide - fitting) / 2;
                if fits(&cut, middle) {
                    fitting = middle;
                } else {
                    too_wide = middle;
                }
            }
            fitting
        };
        if cut.last <= anchor_at && anchor_at < end_of_near {
            // Too wide to hold the anchor; so is every window starting farther left.
            break;
        }
        if cut.widest_line(marks) > columns {
            // A label cut off on the right has its carets, and its message after them, up to
            // the line's end: a shorter window, which cuts it off, makes room for the message.
            let shortest = (anchor_at + 1).min(end_of_near);
            let (mut fitting, mut too_wide) = (shortest, cut.last);
            cut.last = shortest;
            if cut.widest_line(marks) <= columns {
                while too_wide - fitting > 1 {
                    cut.last = fitting + (too_wide - fitting) / 2;
                    if cut.widest_line(marks) <= columns {
                        fitting = cut.last;
                    } else {
                        too_wide = cut.last;
                    }
                }
                cut.last = fitting;
            }
        }
        let window = cut.bounds[first]..cut.bounds[cut.last];
        let overflow = cut.widest_line(marks).saturating_sub(columns);
        let holds_all = marks.iter().all(|m| window.start <= m.start && m.end.min(line.end) <= window.end);
        let focus = if holds_all {
            let start = marks.iter().map(|m| m.start).min().unwrap_or(anchor);
            let end = marks.iter().map(|m| m.end.min(line.end)).max().unwrap_or(anchor_end);
            start..end
        } else {
            anchor..anchor_end
        };
        // Context on either side of the focus; a side shown to the line's end has all there is.
        let left = if cut.cut_left() { cut.columns_between(window.start, focus.start) } else { usize::MAX };
        let right =
            if cut.cut_right() { cut.columns_between(focus.end.min(window.end), window.end) } else { usize::MAX };
        let shown = cut.columns[cut.last] - cut.columns[first];
        let anchor_shown = cut.columns_between(anchor, anchor_end.min(window.end));
        let score = (std::cmp::Reverse(overflow), holds_all, anchor_shown, left.min(right), shown, first);
        if let Some((best, _)) = &best {
            let (std::cmp::Reverse(best_overflow), _, best_anchor_shown, ..) = *best;
            if best_overflow == 0 && (overflow > 0 || anchor_shown < best_anchor_shown) {
                // Farther left, the labels and their messages only take more of the width, so
                // less of the main label fits: no window there beats the one that fits.
                break;
            }
        }
        if best.as_ref().is_none_or(|(best, _)| score > *best) {
            best = Some((score, window.clone()));
        }
        if left >= right && !line_start_in_reach && marks.iter().all(|m| m.start >= window.start) {
            // Past the middle, with no label left to take in on the left: farther left, the
            // context on the right only shrinks (a window from the line's start, with no `…`,
            // is weighed differently).
            break;
        }
    }
    let window = best.map_or(anchor..anchor, |(_, window)| window);
    // What the trim must leave: the labels that start, or end, in the window.
    let keep_from = marks.iter().map(|m| m.start).filter(|&start| start >= window.start).min().unwrap_or(anchor);
    let keep_to = marks.iter().map(|m| m.end.min(line.end)).filter(|&end| end <= window.end).max().unwrap_or(anchor_end);
    let keep = floor_char_boundary(text, keep_from.min(anchor))..floor_char_boundary(text, keep_to.max(anchor_end));
    at_word_bounds(text, &line, window, keep)
}

/// How far a window's cut end moves to fall between words (columns, about a long word).
const WORD_TRIM: usize = 15;

/// `window` with each cut end moved in to the nearest space, if one is near and `keep` stays
/// whole, so that a cut shows whole words (`… being in the state …`, not `…ing in the sta…`);
/// unmoved in a text without spaces near its ends (Chinese, Japanese).
fn at_word_bounds(text: &str, line: &Range<usize>, window: Range<usize>, keep: Range<usize>) -> Range<usize> {
    let mut start = window.start;
    if start > line.start && !text[start..].starts_with(char::is_whitespace) {
        let mut near = text[start..keep.start.max(start)].char_indices().take(WORD_TRIM);
        if let Some((at, _)) = near.find(|(_, c)| c.is_whitespace()) {
            start += at;
        }
    }
    let mut end = window.end;
    if end < line.end && !text[..end].ends_with(char::is_whitespace) {
        let kept_to = keep.end.clamp(start, end);
        let mut near = text[kept_to..end].char_indices().rev().take(WORD_TRIM);
        if let Some((at, c)) = near.find(|(_, c)| c.is_whitespace()) {
            end = kept_to + at + c.len_utf8();
        }
    }
    start..end
}

/// How good a window is, the greatest best: fewest columns over the width (when the labels'
/// messages leave no window that fits), every label on the line shown, the most of the main
/// label shown (one longer than the width is shown from its start), the most context on the
/// side of the labels that has less, the most columns shown, then the farthest right.
type WindowScore = (std::cmp::Reverse<usize>, bool, usize, usize, usize, usize);

/// A window of a line being weighed: the characters near its anchor (where each starts, and the
/// columns before it), and the first and last of them it shows.
struct Cut {
    bounds: Vec<usize>,
    columns: Vec<usize>,
    /// For each byte from the first character on, the character it is in (looked up for every
    /// label of every window weighed).
    char_at: Vec<usize>,
    line: Range<usize>,
    first: usize,
    last: usize,
}

impl Cut {
    /// The character `offset` is in (the last one for an offset past them).
    fn index_of(&self, offset: usize) -> usize {
        let from_first = offset.saturating_sub(self.bounds[0]);
        self.char_at.get(from_first).or(self.char_at.last()).copied().unwrap_or(0)
    }

    fn cut_left(&self) -> bool {
        self.bounds[self.first] > self.line.start
    }

    fn cut_right(&self) -> bool {
        self.cut_right_at(self.last)
    }

    fn cut_right_at(&self, last: usize) -> bool {
        self.bounds[last] < self.line.end
    }

    fn columns_between(&self, from: usize, to: usize) -> usize {
        self.columns[self.index_of(to)].saturating_sub(self.columns[self.index_of(from)])
    }

    /// The columns of the shown line, its ellipses included.
    fn shown_width(&self) -> usize {
        self.shown_width_to(self.last)
    }

    /// The columns of the shown line if it ended with character `last`.
    fn shown_width_to(&self, last: usize) -> usize {
        let ellipses = usize::from(self.cut_left()) + usize::from(self.cut_right_at(last));
        ellipses + self.columns[last] - self.columns[self.first]
    }

    /// Where codespan puts a label starting at `offset` of the line: bytes and columns into
    /// the shown line (see [`ExcerptLine::start_of`]).
    fn start_of(&self, offset: usize) -> (usize, usize) {
        let (start, end) = (self.bounds[self.first], self.bounds[self.last]);
        if offset < start {
            (0, 0)
        } else {
            self.inside(offset.min(end))
        }
    }

    /// Where codespan puts a label ending at `offset` (see [`ExcerptLine::end_of`]).
    fn end_of(&self, offset: usize) -> (usize, usize) {
        let (start, end) = (self.bounds[self.first], self.bounds[self.last]);
        if offset < start {
            (ELLIPSIS.len_utf8(), 1)
        } else if offset > end {
            let (bytes, columns) = self.inside(end);
            let cut_right = usize::from(self.cut_right());
            (bytes + cut_right * ELLIPSIS.len_utf8(), columns + cut_right)
        } else {
            self.inside(offset)
        }
    }

    fn inside(&self, offset: usize) -> (usize, usize) {
        let cut_left = usize::from(self.cut_left());
        let bytes = cut_left * ELLIPSIS.len_utf8() + offset - self.bounds[self.first];
        (bytes, cut_left + self.columns_between(self.bounds[self.first], offset))
    }

    /// The widest of the lines codespan writes for the line's labels (less the gutter), as it
    /// lays them out: carets under the words, the message of the label that ends last after its
    /// carets unless it overlaps another, the others' messages each on a line of its own from
    /// where their label starts.
    fn widest_line(&self, marks: &[Mark]) -> usize {
        let mut singles: Vec<(Range<usize>, Range<usize>, Option<usize>)> = Vec::new();
        let mut widest = self.shown_width();
        for mark in marks {
            let (start_byte, start_column) = self.start_of(mark.start);
            let (end_byte, end_column) = self.end_of(mark.end);
            match mark.shape {
                // codespan draws at least one caret, under a character up to two columns wide.
                Shape::Single if end_byte <= start_byte => {
                    singles.push((start_byte..start_byte + 1, start_column..start_column + 2, mark.message))
                }
                Shape::Single => singles.push((start_byte..end_byte, start_column..end_column, mark.message)),
                Shape::Top => widest = widest.max(start_column + 2),
                Shape::Bottom => widest = widest.max(end_column + 2 + mark.message.map_or(0, |m| m + 1)),
            }
        }
        singles.sort_by_key(|(bytes, _, _)| (bytes.start, bytes.end));
        let mut last_end = 0;
        let mut trailing = None;
        for (at, (bytes, _, message)) in singles.iter().enumerate() {
            last_end = last_end.max(bytes.end);
            if bytes.end == last_end {
                trailing = message.map(|_| at);
            }
        }
        let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start.max(b.start) < a.end.min(b.end);
        if let Some(at) = trailing {
            let bytes = &singles[at].0;
            if singles.iter().enumerate().any(|(other, (range, _, _))| other != at && overlaps(range, bytes)) {
                trailing = None;
            }
        }
        let carets = singles.iter().map(|(_, columns, _)| columns.end).max().unwrap_or(0);
        let trailing_message = trailing.and_then(|at| singles[at].2).map_or(0, |width| width + 1);
        widest = widest.max(carets + trailing_message);
        for (at, (_, columns, message)) in singles.iter().enumerate() {
            if let Some(message) = message.filter(|_| trailing != Some(at)) {
                widest = widest.max(columns.start + message);
            }
        }
        widest
    }
}

/// The codespan diagnostic of one finding of file `id`. A Word document's findings also say
/// which paragraph they are in (its lines are its paragraphs).
fn diagnostic(id: usize, file: &FileResult, finding: &spinlint_core::finding::Finding) -> Diagnostic<usize> {
    use crate::escape::terminal::escape;
    let mut labels =
        vec![Label::new(LabelStyle::Primary, id, finding.span.range()).with_message(escape(&finding.label))];
    labels.extend(
        finding
            .labels
            .iter()
            .map(|l| Label::new(LabelStyle::Secondary, id, l.span.range()).with_message(escape(&l.message))),
    );
    let mut notes = Vec::with_capacity(2);
    if file.paragraphs {
        let position = file.position(finding.span);
        notes.push(format!("{}: paragraph {}", escape(&file.path), position.line));
    }
    notes.push(format!("help: {}", escape(&finding.help)));
    Diagnostic::new(severity(finding.severity))
        .with_code(escape(&finding.rule))
        .with_message(escape(&finding.message))
        .with_labels(labels)
        .with_notes(notes)
}


/// The rendering settings shared by every human-facing diagnostic: rustc-style ASCII borders
/// (`--> path:line:col`).
pub fn config() -> Config {
    Config { chars: Chars::ascii(), ..Config::default() }
}

/// Writes the diagnostics of some files, one finding at a time: a diagnostic is built, rendered
/// and dropped before the next (built all at once, those of 50 MB of dense text took gigabytes).
pub fn write_files(files: &[FileResult], out: &mut dyn Write, settings: &Settings) -> std::io::Result<()> {
    let mut shown = ArticleFiles::new(files);
    let config = config();
    let width = settings.width.clamp(*WIDTHS.start(), *WIDTHS.end());
    let mut buffer =
        if settings.color { term::termcolor::Buffer::ansi() } else { term::termcolor::Buffer::no_color() };
    for (id, file) in files.iter().enumerate() {
        for finding in &file.findings {
            if settings.quiet && finding.severity == Severity::Info {
                continue;
            }
            let mut diagnostic = diagnostic(id, file, finding);
            let text = shown.shown.get(id).map_or("", |(_, text)| text);
            let excerpt = Excerpt::new(id, file, text, &mut diagnostic.labels, width, config.tab_width);
            shown.excerpt = excerpt;
            let start = buffer.as_slice().len();
            term::emit_to_write_style(&mut buffer, &config, &shown, &diagnostic).map_err(std::io::Error::other)?;
            if finding.severity == Severity::Info {
                name_info(&mut buffer.as_mut_slice()[start..]);
            }
            // Written in pieces of a few kilobytes, not held for the whole batch.
            if buffer.as_slice().len() >= 1 << 16 {
                out.write_all(buffer.as_slice())?;
                buffer.clear();
            }
        }
    }
    out.write_all(buffer.as_slice())
}

/// Renames codespan's `note[rule]` header `info[rule]`, the severity's name in rule files, JSON
/// and every other format. codespan has no setting for the name; the header is the first thing
/// a diagnostic writes (after a colour code at most), and both names are four bytes.
fn name_info(rendered: &mut [u8]) {
    if let Some(at) = rendered.windows(5).position(|w| w == b"note[") {
        rendered[at..at + 4].copy_from_slice(b"info");
    }
}

/// The summary line: `Found 2 warnings in 3 files.` (none when quiet and nothing to say).
pub fn write_summary(out: &mut dyn Write, counts: crate::Counts, linted: usize, quiet: bool) -> std::io::Result<()> {
    if !quiet || counts.errors + counts.warnings > 0 {
        let mut parts = Vec::new();
        if counts.errors > 0 {
            parts.push(plural(counts.errors, "error"));
        }
        if counts.warnings > 0 {
            parts.push(plural(counts.warnings, "warning"));
        }
        if counts.infos > 0 && !quiet {
            parts.push(format!("{} info", counts.infos));
        }
        if parts.is_empty() {
            writeln!(out, "No findings in {}.", plural(linted, "file"))?;
        } else {
            writeln!(out, "Found {} in {}.", parts.join(", "), plural(linted, "file"))?;
        }
    }
    Ok(())
}

/// Writes the diagnostics, then a summary line.
pub fn write(report: &Report, out: &mut dyn Write, settings: &Settings) -> std::io::Result<()> {
    write_files(&report.files, out, settings)?;
    write_summary(out, report.counts(), report.files.len(), settings.quiet)
}

/// The emitter: each batch of files is rendered as it comes, and the files dropped; only the
/// counts are kept for the summary. The rendered text goes straight out when the output may be
/// streamed, and is held (a few hundred bytes a finding, not the files) for a terminal, which
/// shows the progress line until the end.
struct Emitter {
    settings: Settings,
    held: Option<Vec<u8>>,
    counts: crate::Counts,
    linted: usize,
}

impl crate::Emitter for Emitter {
    fn files(&mut self, out: &mut dyn Write, files: Vec<FileResult>) -> std::io::Result<()> {
        self.linted += files.len();
        for (_, finding) in crate::findings_of(&files) {
            self.counts.add(finding.severity);
        }
        match &mut self.held {
            Some(held) => write_files(&files, held, &self.settings),
            None => write_files(&files, out, &self.settings),
        }
    }

    fn finish(&mut self, out: &mut dyn Write, _end: &crate::End) -> std::io::Result<()> {
        if let Some(held) = self.held.take() {
            out.write_all(&held)?;
        }
        write_summary(out, self.counts, self.linted, self.settings.quiet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spinlint_core::Engine;

    #[test]
    fn a_long_line_is_shown_around_the_finding_only() {
        let text = "x ".repeat(5000) + "there is no evidence, because none exists" + &" y".repeat(5000);
        let engine = Engine::builtin().unwrap();
        let file = engine.lint("long.txt", None, text);
        assert!(!file.findings.is_empty());
        let report = Report { files: vec![file], ..Report::default() };
        let mut out = Vec::new();
        write(&report, &mut out, &Settings::default()).unwrap();
        let out = String::from_utf8(out).unwrap();
        let source = out.lines().find(|l| l.contains("no evidence,")).unwrap();
        assert!(source.len() < 1000, "the line is clipped: {} bytes", source.len());
        // The carets still sit under the words (in columns: the line starts with a `…`).
        let carets = out.lines().skip_while(|l| !l.contains("no evidence,")).nth(1).unwrap();
        assert_eq!(column_of(carets, carets.find('^').unwrap()), column_of(source, source.find("no evidence").unwrap()));
        assert!(out.contains("long.txt:1:10010"));
    }

    /// The display column (0-based) at which byte `at` of a rendered line is shown.
    fn column_of(line: &str, at: usize) -> usize {
        text_width(&line[..at])
    }

    /// Renders `text` (one file, `name`) `width` columns wide.
    fn render(name: &str, text: String, width: usize) -> String {
        let file = spinlint_core::Engine::builtin().unwrap().lint(name, None, text);
        assert!(!file.findings.is_empty(), "{name} has findings");
        let report = Report { files: vec![file], ..Report::default() };
        let mut out = Vec::new();
        write(&report, &mut out, &Settings { width, ..Settings::default() }).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The diagnostic of rule `rule` in `out`: its lines, up to the blank line that ends it.
    fn diagnostic_of<'o>(out: &'o str, rule: &str) -> Vec<&'o str> {
        let header = format!("[{rule}]:");
        let lines = out.lines().skip_while(|line| !line.contains(&header));
        lines.take_while(|line| !line.is_empty()).collect()
    }

    /// Checks one finding's diagnostic in `out`: its source and label lines (those with the `|`
    /// gutter) are at most `width` columns; the source line shows `words`, with the carets under
    /// them; and the header gives `position` (`line:column` in the file).
    fn assert_fits(out: &str, rule: &str, words: &str, position: &str, width: usize) {
        let diagnostic = diagnostic_of(out, rule);
        assert!(!diagnostic.is_empty(), "a `{rule}` finding in:\n{out}");
        let shown = diagnostic.join("\n");
        for line in diagnostic.iter().filter(|line| line.trim_start().starts_with(|c: char| c == '|' || c.is_ascii_digit())) {
            assert!(text_width(line) <= width, "{} columns, over {width}: {line:?}\n{shown}", text_width(line));
        }
        assert!(diagnostic[1].ends_with(&format!(":{position}")), "the header gives {position}:\n{shown}");
        let is_source = |line: &&str| line.trim_start().starts_with(|c: char| c.is_ascii_digit());
        let at = diagnostic.iter().position(|line| is_source(line) && line.contains(words)).expect("the words shown");
        let (source, carets) = (diagnostic[at], diagnostic[at + 1]);
        let under = carets.find('^').expect("a line of carets under the source line");
        assert_eq!(column_of(carets, under), column_of(source, source.find(words).unwrap()), "\n{shown}");
        let caret_count = carets[under..].chars().take_while(|&c| c == '^').count();
        assert_eq!(caret_count, text_width(words), "the carets span the words:\n{shown}");
    }

    #[test]
    fn a_paragraph_wider_than_the_terminal_is_cut_around_the_finding() {
        // A 1,000-character paragraph (one line) with a finding in its middle.
        let filler = "The council met on Tuesday to discuss the budget for the coming year. ";
        let before = filler.repeat(7);
        let after = filler.repeat(7);
        let text = format!("Headline\n\n{before}Critics say the plan is reckless. {after}\n");
        assert!(text.lines().nth(2).unwrap().len() > 1000);
        let column = before.chars().count() + "Critics say the plan is ".len() + 1;
        for width in [80, 100, 120] {
            let out = render("council.txt", text.clone(), width);
            assert_fits(&out, "loaded-adjectives", "reckless", &format!("3:{column}"), width);
            // Cut on both sides, each cut marked.
            let source = out.lines().find(|line| line.starts_with("3 | ")).unwrap();
            assert!(source.contains("| …") && source.ends_with('…'), "{source}");
        }
    }

    #[test]
    fn a_cut_falls_between_characters_and_counts_their_columns() {
        // Curly quotes, accents, CJK (two columns each) and emoji around the finding: the window
        // cuts between characters, its width is in columns, and the header's column counts
        // characters, as before.
        let around = "« Ça été “dit” » — 北京的天气很好，我们去公园散步吧。🙂🎉 naïve café. ";
        let before = around.repeat(8);
        let after = around.repeat(8);
        let text = format!("{before}Critics say the plan is reckless. {after}");
        let column = before.chars().count() + "Critics say the plan is ".len() + 1;
        for width in [80, 100] {
            let out = render("unicode.txt", text.clone(), width);
            assert_fits(&out, "loaded-adjectives", "reckless", &format!("1:{column}"), width);
        }
    }

    #[test]
    fn labels_far_apart_and_over_several_lines_each_keep_their_place() {
        use spinlint_core::finding::{Finding, Label as FindingLabel};
        use spinlint_core::span::Span;
        // Three long lines (CRLF): a quotation from the middle of the first to the middle of the
        // third, the finding in the third, and a label far from it on its own line.
        let filler = "The council met on Tuesday to discuss the budget for the coming year. ";
        let first = format!("{}“We will not {}", filler.repeat(5), filler.repeat(5));
        let second = filler.repeat(10);
        let third = format!("{}cut a single {}reckless” {}", filler.repeat(2), filler.repeat(4), filler.repeat(4));
        let text = format!("{first}\r\n{second}\r\n{third}\r\n");
        let quote = text.find('“').unwrap()..text.find('”').unwrap() + '”'.len_utf8();
        let cut = text.find("cut a single").unwrap();
        let reckless = text.find("reckless").unwrap();
        let finding = Finding {
            rule: "test-rule".into(),
            category: "test".into(),
            severity: Severity::Warning,
            message: "a test".into(),
            label: "here".into(),
            help: "none".into(),
            span: Span::new(reckless, reckless + "reckless".len()),
            labels: vec![
                FindingLabel { span: Span::new(quote.start, quote.end), message: "the quotation".into() },
                FindingLabel { span: Span::new(cut, cut + "cut".len()), message: "far away".into() },
            ]
            .into(),
        };
        let file = FileResult::new("far.txt".into(), text.clone(), vec![finding], Vec::new());
        let report = Report { files: vec![file], ..Report::default() };
        for width in [60, 100] {
            let mut out = Vec::new();
            write(&report, &mut out, &Settings { width, ..Settings::default() }).unwrap();
            let out = String::from_utf8(out).unwrap();
            let expected_column = third[..third.find("reckless").unwrap()].chars().count() + 1;
            assert_fits(&out, "test-rule", "reckless", &format!("3:{expected_column}"), width);
            let shown: Vec<&str> = out.lines().collect();
            // The quotation's start is shown on its line, which is cut around it.
            let line_one = shown.iter().find(|line| line.starts_with("1 |")).expect("line 1 shown");
            assert!(line_one.contains("“We will not"), "{out}");
            assert!(shown.iter().any(|line| line.starts_with("2 |")), "{out}");
            // The label cut off on the left is marked under the `…` that stands for it.
            let at = shown.iter().position(|line| line.starts_with("3 |")).expect("line 3 shown");
            let (line_three, marks) = (shown[at], shown[at + 1]);
            let ellipsis = column_of(line_three, line_three.find('…').expect("line 3 is cut on the left"));
            assert_eq!(column_of(marks, marks.find('-').unwrap()), ellipsis, "{out}");
        }
    }

    #[test]
    fn the_emitter_writes_what_the_whole_report_writes_streamed_or_held() {
        let engine = Engine::builtin().unwrap();
        let files: Vec<FileResult> = (0..6)
            .map(|i| engine.lint(format!("{i}.txt"), None, "There is no evidence. So-called experts. ".repeat(i * 200)))
            .collect();
        for quiet in [false, true] {
            let report = Report { files: files.clone(), ..Report::default() };
            let mut whole = Vec::new();
            write(&report, &mut whole, &Settings { quiet, ..Settings::default() }).unwrap();
            for stream in [false, true] {
                let settings = Settings { quiet, stream, ..Settings::default() };
                let mut emitter = emitter(&settings);
                let mut out = Vec::new();
                for batch in files.chunks(4) {
                    emitter.files(&mut out, batch.to_vec()).unwrap();
                    assert_eq!(out.is_empty(), !stream, "held for a terminal, streamed otherwise");
                }
                let end = crate::End { rules: engine.rules(), errors: &[], notes: &[] };
                emitter.finish(&mut out, &end).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), String::from_utf8(whole.clone()).unwrap());
            }
        }
    }

    #[test]
    fn the_info_severity_is_called_info_as_in_every_other_format() {
        use spinlint_core::finding::Finding;
        use spinlint_core::span::Span;
        let text = "Officials said the note[1] was clear.".to_string();
        let at = text.find("clear").unwrap();
        let finding = |severity| Finding {
            rule: "test-rule".into(),
            category: "test".into(),
            severity,
            message: "see note[2]".into(),
            label: "note[3]".into(),
            help: "none".into(),
            span: Span::new(at, at + "clear".len()),
            labels: Vec::new().into(),
        };
        let findings = vec![finding(Severity::Info), finding(Severity::Warning)];
        let report = Report { files: vec![FileResult::new("a.txt".into(), text, findings, Vec::new())], ..Report::default() };
        for color in [false, true] {
            let mut out = Vec::new();
            write(&report, &mut out, &Settings { color, ..Settings::default() }).unwrap();
            let out = String::from_utf8(out).unwrap();
            let plain = String::from_utf8(strip_ansi(out.as_bytes())).unwrap();
            let headers: Vec<&str> = plain.lines().filter(|line| line.contains("[test-rule]")).collect();
            assert_eq!(headers, ["info[test-rule]: see note[2]", "warning[test-rule]: see note[2]"], "{plain}");
            // Only the header is renamed: the finding's own words are left as written.
            assert_eq!(plain.matches("note[1]").count(), 2, "{plain}");
            assert_eq!(plain.matches("note[3]").count(), 2, "{plain}");
            assert!(plain.ends_with("Found 1 warning, 1 info in 1 file.\n"), "{plain}");
        }
    }

    /// The text of a coloured rendering, without its escape codes.
    fn strip_ansi(bytes: &[u8]) -> Vec<u8> {
        let mut plain = Vec::with_capacity(bytes.len());
        let mut rest = bytes;
        while let Some((&first, tail)) = rest.split_first() {
            if first == 0x1b {
                let end = tail.iter().position(|b| b.is_ascii_alphabetic()).map_or(tail.len(), |e| e + 1);
                rest = &tail[end..];
            } else {
                plain.push(first);
                rest = tail;
            }
        }
        plain
    }
}
