//! The words rapporteur's outputs are made of, per language: the labels of the diff
//! ("Changes from…", "¶2 added", table headings, statuses), so that a French edition is
//! reviewed in French. One table per language below; a language without a table, or a
//! label missing from one, reads in English. A test checks that every table has every
//! label, with the same placeholders as the English one.
//!
//! A text may hold `{name}` placeholders, filled by [`Labels::fill`]. Texts follow the
//! language's typography: French puts a no-break space (U+00A0) before `; : ! ? %` and
//! inside « ».

/// Defines [`Label`] and `Label::ALL` from one list, so that no label can be left out
/// of the completeness test.
macro_rules! labels {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// One label. Its texts are in the tables below.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Label {
            $($(#[$doc])* $name,)*
        }

        impl Label {
            /// Every label.
            pub const ALL: &[Label] = &[$(Label::$name,)*];
        }
    };
}

labels! {
    // The diff's title and headline.
    /// `{old}`, `{new}`: revisions or folders; `{old_number}`, `{new_number}`: editions.
    DiffTitle,
    /// How a side that is the work tree (uncommitted files) is named.
    WorkTree,
    /// How the old side of `diff --since-signoff` (each section as approved) is named.
    SignOffs,
    /// `{changed}` domains of `{total}`: `{changed}` is 0 or 1.
    DomainsChangedOne,
    /// Likewise, for more.
    DomainsChangedOther,
    /// `{before}`, `{after}`: words; `{added}`, `{removed}`: words; `{share}`: a percent.
    WordsSummary,
    /// `{n}` words moved between or within domains: `{n}` is 0 or 1.
    WordsMovedOne,
    WordsMovedOther,
    /// `{delta}`: `+2017-03 −2017-01`.
    ProposalsDelta,
    /// Between the parts of a headline.
    Separator,
    /// Before a warning.
    WarningPrefix,
    /// `{path}` (with its side) could not be read.
    Unreadable,
    // The table of domains.
    ColumnDomain,
    ColumnLang,
    ColumnStatus,
    ColumnWords,
    ColumnAdded,
    ColumnRemoved,
    ColumnMoved,
    ColumnShare,
    ColumnProposals,
    /// Explains the arrows of the moved column.
    MovedLegend,
    // What happened to a domain.
    DomainUnchanged,
    DomainChanged,
    DomainAdded,
    DomainRemoved,
    // A changed domain.
    /// `{status}` of the domain, `{share}` of its words changed.
    DomainShare,
    /// A renamed file: `{old}` → `{new}`.
    FileRenamed,
    /// The front matter's status changed: `{old}` → `{new}`.
    StatusChange,
    /// The status changes of the edition, one line: `{changes}` is a list of
    /// [`Label::StatusChangeOf`] joined by the separator.
    StatusChanges,
    /// Sections whose status went from `{old}` to `{new}`: `{which}`.
    StatusChangeOf,
    /// Every one of the `{n}` sections.
    AllSections,
    /// `{n}` sections (too many to name).
    SomeSections,
    /// `diff --since-signoff`: approved by `{by}` on `{date}`, at `{commit}`.
    SignedOff,
    // A section's status (front matter).
    SectionDraft,
    SectionReview,
    SectionFinal,
    // What happened to a paragraph: `{n}` its number (¶), `{m}` its number at the
    // other end of a move, `{domain}` the other domain.
    ParagraphAdded,
    ParagraphRemoved,
    ParagraphChanged,
    ParagraphMovedTo,
    ParagraphMovedFrom,
    /// The Markdown comment is too long: `{domains}` are left out.
    CommentTooLong,
    // The HTML diff.
    /// Names the table of domains (for screen readers, and its scrolling box).
    OverviewTable,
    /// Opens the side-by-side view of a changed paragraph.
    SideBySide,
    /// The old text, in the side-by-side view.
    Before,
    /// The new text, in the side-by-side view.
    After,
    // Numbers.
    /// The decimal mark of a percent (`0.4` / `0,4`).
    DecimalMark,
    /// A percent: `{n}`.
    Percent,
    /// What groups the thousands of a number of five digits or more (`12,345` /
    /// `12 345`).
    ThousandsSeparator,
    // The cover and open points of a draft for circulation (`build --draft`).
    /// The commit a draft was built from: `{commit}`.
    DraftVersion,
    /// Likewise, when the work tree had uncommitted changes.
    DraftVersionUncommitted,
    /// A draft built outside git.
    DraftNoVersion,
    /// The draft's `{date}`.
    DraftDate,
    /// Where an open point is: paragraph `{n}` of its section.
    OpenPointParagraph,
    /// Where an open point is: `{line}` of its file (outside a paragraph).
    OpenPointLine,
    /// The last open point listed, standing for `{n}` more left out (one, several).
    OpenPointsMoreOne,
    OpenPointsMore,
    /// A reviewer's comment anchored to `{text}`.
    OpenPointAnchor,
}

/// How a language chooses between the singular and the plural of a count.
#[derive(Debug, Clone, Copy)]
enum Plural {
    /// 1 is singular, 0 plural (English).
    OneOnly,
    /// 0 and 1 are singular (French).
    ZeroAndOne,
}

/// The labels of one language.
struct Table {
    lang: &'static str,
    plural: Plural,
    texts: &'static [(Label, &'static str)],
}

const EN: Table = Table {
    lang: "en",
    plural: Plural::OneOnly,
    texts: &[
        (
            Label::DiffTitle,
            "Changes from {old} (edition {old_number}) to {new} (edition {new_number})",
        ),
        (Label::WorkTree, "work tree"),
        (Label::SignOffs, "sign-offs"),
        (
            Label::DomainsChangedOne,
            "{changed} of {total} domains changed",
        ),
        (
            Label::DomainsChangedOther,
            "{changed} of {total} domains changed",
        ),
        (
            Label::WordsSummary,
            "words {before} → {after} (+{added} −{removed}, {share} changed)",
        ),
        (Label::WordsMovedOne, "{n} word moved"),
        (Label::WordsMovedOther, "{n} words moved"),
        (Label::ProposalsDelta, "proposals {delta}"),
        (Label::Separator, "; "),
        (Label::WarningPrefix, "warning: "),
        (
            Label::Unreadable,
            "{path} could not be read and is not compared; run `rapporteur check`",
        ),
        (Label::ColumnDomain, "Domain"),
        (Label::ColumnLang, "Lang"),
        (Label::ColumnStatus, "Status"),
        (Label::ColumnWords, "Words"),
        (Label::ColumnAdded, "+"),
        (Label::ColumnRemoved, "−"),
        (Label::ColumnMoved, "Moved"),
        (Label::ColumnShare, "Changed"),
        (Label::ColumnProposals, "Proposals"),
        (
            Label::MovedLegend,
            "+ and − count words added and removed; moved words are counted apart: ← arrived from elsewhere, → left for elsewhere.",
        ),
        (Label::DomainUnchanged, "unchanged"),
        (Label::DomainChanged, "changed"),
        (Label::DomainAdded, "added"),
        (Label::DomainRemoved, "removed"),
        (Label::DomainShare, "{status}, {share} of words"),
        (Label::FileRenamed, "file {old} → {new}"),
        (Label::StatusChange, "status {old} → {new}"),
        (Label::StatusChanges, "status {changes}"),
        (Label::StatusChangeOf, "{old} → {new}: {which}"),
        (Label::AllSections, "all {n} sections"),
        (Label::SomeSections, "{n} sections"),
        (
            Label::SignedOff,
            "signed off by {by} on {date} (commit {commit})",
        ),
        (Label::SectionDraft, "draft"),
        (Label::SectionReview, "review"),
        (Label::SectionFinal, "final"),
        (Label::ParagraphAdded, "¶{n} added"),
        (Label::ParagraphRemoved, "¶{n} removed"),
        (Label::ParagraphChanged, "¶{n} changed"),
        (Label::ParagraphMovedTo, "¶{n} moved to {domain}, ¶{m}"),
        (
            Label::ParagraphMovedFrom,
            "¶{n} moved here from {domain}, ¶{m}",
        ),
        (
            Label::CommentTooLong,
            "The comment would be too long for GitHub: the changes of {domains} are left out. Run `rapporteur diff --format html` for the whole diff.",
        ),
        (Label::OverviewTable, "Changes by domain"),
        (Label::SideBySide, "Before and after, side by side"),
        (Label::Before, "Before"),
        (Label::After, "After"),
        (Label::DecimalMark, "."),
        (Label::Percent, "{n}%"),
        (Label::ThousandsSeparator, ","),
        (Label::DraftVersion, "Version {commit}"),
        (
            Label::DraftVersionUncommitted,
            "Version {commit} with uncommitted changes",
        ),
        (Label::DraftNoVersion, "Version not recorded in git"),
        (Label::DraftDate, "Draft of {date}"),
        (Label::OpenPointParagraph, "paragraph {n}"),
        (Label::OpenPointLine, "line {line}"),
        (
            Label::OpenPointsMoreOne,
            "This and {n} more point are not listed here: “rapporteur build” without “--draft” lists them all.",
        ),
        (
            Label::OpenPointsMore,
            "This and {n} more points are not listed here: “rapporteur build” without “--draft” lists them all.",
        ),
        (Label::OpenPointAnchor, "on “{text}”"),
    ],
};

const FR: Table = Table {
    lang: "fr",
    plural: Plural::ZeroAndOne,
    texts: &[
        (
            Label::DiffTitle,
            "Modifications entre {old} (édition {old_number}) et {new} (édition {new_number})",
        ),
        (Label::WorkTree, "copie de travail"),
        (Label::SignOffs, "approbations"),
        (
            Label::DomainsChangedOne,
            "{changed} domaine sur {total} modifié",
        ),
        (
            Label::DomainsChangedOther,
            "{changed} domaines sur {total} modifiés",
        ),
        (
            Label::WordsSummary,
            "mots {before} → {after} (+{added} −{removed}, {share} modifiés)",
        ),
        (Label::WordsMovedOne, "{n} mot déplacé"),
        (Label::WordsMovedOther, "{n} mots déplacés"),
        (Label::ProposalsDelta, "propositions {delta}"),
        (Label::Separator, "\u{a0}; "),
        (Label::WarningPrefix, "attention\u{a0}: "),
        (
            Label::Unreadable,
            "{path} n'a pas pu être lu et n'est pas comparé\u{a0}; lancez `rapporteur check`",
        ),
        (Label::ColumnDomain, "Domaine"),
        (Label::ColumnLang, "Langue"),
        (Label::ColumnStatus, "État"),
        (Label::ColumnWords, "Mots"),
        (Label::ColumnAdded, "+"),
        (Label::ColumnRemoved, "−"),
        (Label::ColumnMoved, "Déplacés"),
        (Label::ColumnShare, "Modifié"),
        (Label::ColumnProposals, "Propositions"),
        (
            Label::MovedLegend,
            "+ et − comptent les mots ajoutés et supprimés\u{a0}; les mots déplacés sont comptés à part\u{a0}: ← venus d'ailleurs, → partis ailleurs.",
        ),
        (Label::DomainUnchanged, "inchangé"),
        (Label::DomainChanged, "modifié"),
        (Label::DomainAdded, "ajouté"),
        (Label::DomainRemoved, "supprimé"),
        (Label::DomainShare, "{status}, {share} des mots"),
        (Label::FileRenamed, "fichier {old} → {new}"),
        (Label::StatusChange, "statut {old} → {new}"),
        (Label::StatusChanges, "statut {changes}"),
        (Label::StatusChangeOf, "{old} → {new}\u{a0}: {which}"),
        (Label::AllSections, "les {n} sections"),
        (Label::SomeSections, "{n} sections"),
        (
            Label::SignedOff,
            "approuvé par {by} le {date} (commit {commit})",
        ),
        (Label::SectionDraft, "projet"),
        (Label::SectionReview, "en relecture"),
        (Label::SectionFinal, "final"),
        (Label::ParagraphAdded, "¶{n} ajouté"),
        (Label::ParagraphRemoved, "¶{n} supprimé"),
        (Label::ParagraphChanged, "¶{n} modifié"),
        (Label::ParagraphMovedTo, "¶{n} déplacé vers {domain}, ¶{m}"),
        (
            Label::ParagraphMovedFrom,
            "¶{n} déplacé ici depuis {domain}, ¶{m}",
        ),
        (
            Label::CommentTooLong,
            "Le commentaire serait trop long pour GitHub\u{a0}: les modifications de {domains} sont omises. Lancez `rapporteur diff --format html` pour voir tout le diff.",
        ),
        (Label::OverviewTable, "Modifications par domaine"),
        (Label::SideBySide, "Avant et après, côte à côte"),
        (Label::Before, "Avant"),
        (Label::After, "Après"),
        (Label::DecimalMark, ","),
        (Label::Percent, "{n}\u{a0}%"),
        (Label::ThousandsSeparator, "\u{a0}"),
        (Label::DraftVersion, "Version {commit}"),
        (
            Label::DraftVersionUncommitted,
            "Version {commit} avec des modifications non validées",
        ),
        (Label::DraftNoVersion, "Version non enregistrée dans git"),
        (Label::DraftDate, "Projet du {date}"),
        (Label::OpenPointParagraph, "paragraphe {n}"),
        (Label::OpenPointLine, "ligne {line}"),
        (
            Label::OpenPointsMoreOne,
            "Ce point et {n}\u{a0}autre ne sont pas listés ici\u{a0}: «\u{a0}rapporteur build\u{a0}» sans «\u{a0}--draft\u{a0}» les liste tous.",
        ),
        (
            Label::OpenPointsMore,
            "Ce point et {n}\u{a0}autres ne sont pas listés ici\u{a0}: «\u{a0}rapporteur build\u{a0}» sans «\u{a0}--draft\u{a0}» les liste tous.",
        ),
        (Label::OpenPointAnchor, "sur «\u{a0}{text}\u{a0}»"),
    ],
};

/// Every language with labels. English first: it is the fallback.
const TABLES: [&Table; 2] = [&EN, &FR];

/// The labels of one language (English where it has none).
#[derive(Clone, Copy)]
pub struct Labels {
    table: &'static Table,
}

impl std::fmt::Debug for Labels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Labels({})", self.table.lang)
    }
}

impl Labels {
    /// The labels of `lang`; English for a language without a table.
    pub fn of(lang: &str) -> Labels {
        let table = TABLES.iter().find(|t| t.lang == lang).unwrap_or(&&EN);
        Labels { table }
    }

    /// The language the labels are in (`en` for a language without labels), for
    /// `<html lang>`.
    pub fn lang(&self) -> &'static str {
        self.table.lang
    }

    /// The text of a label, placeholders unfilled.
    pub fn get(&self, label: Label) -> &'static str {
        lookup(self.table, label)
            .or_else(|| lookup(&EN, label))
            .unwrap_or("")
    }

    /// The text of a label with its placeholders filled.
    pub fn fill(&self, label: Label, args: &[(&str, &str)]) -> String {
        let mut out = String::new();
        fill_into(self.get(label), args, &mut out, |text, out| {
            out.push_str(text)
        });
        out
    }

    /// Like [`fill`](Self::fill), for HTML: the label's own text is escaped by
    /// `escape`, the arguments (already HTML) are not.
    pub fn fill_escaped(
        &self,
        label: Label,
        args: &[(&str, &str)],
        escape: impl FnMut(&str, &mut String),
    ) -> String {
        let mut out = String::new();
        fill_into(self.get(label), args, &mut out, escape);
        out
    }

    /// The singular label for a count of 0 or 1 where the language says so, else the
    /// plural one.
    pub fn count(&self, n: usize, one: Label, other: Label) -> Label {
        let singular = match self.table.plural {
            Plural::OneOnly => n == 1,
            Plural::ZeroAndOne => n <= 1,
        };
        if singular { one } else { other }
    }

    /// A share as a percent: `0.4%`, `12%` (`0,4 %`, `12 %`); `<0.1%` for a tiny share
    /// that is not zero.
    pub fn percent(&self, share: f64) -> String {
        let p = share * 100.0;
        let mark = self.get(Label::DecimalMark);
        let number = if p > 0.0 && p < 0.1 {
            format!("<0{mark}1")
        } else if p < 10.0 && p.fract() != 0.0 {
            format!("{p:.1}").replace('.', mark)
        } else {
            format!("{p:.0}")
        };
        self.fill(Label::Percent, &[("n", &number)])
    }

    /// A count as the language writes it: `7248`, `12,345` (`12 345` in French, with a
    /// no-break space). Numbers of four digits stay whole, as both house styles allow
    /// and as tables keep narrow.
    pub fn number(&self, n: usize) -> String {
        let digits = n.to_string();
        if digits.len() < 5 {
            return digits;
        }
        let separator = self.get(Label::ThousandsSeparator);
        let mut out = String::with_capacity(digits.len() + separator.len() * digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(c);
        }
        out
    }

    /// A date `YYYY-MM-DD` as the language writes it inside a sentence (`7 décembre
    /// 2026`, `7 December 2026`); anything else as it is.
    pub fn date(&self, date: &str) -> String {
        super::date(date, self.lang()).unwrap_or_else(|_| date.to_string())
    }

    /// What happened to a domain.
    pub fn domain_status(&self, status: crate::diff::DomainStatus) -> &'static str {
        use crate::diff::DomainStatus;
        self.get(match status {
            DomainStatus::Unchanged => Label::DomainUnchanged,
            DomainStatus::Changed => Label::DomainChanged,
            DomainStatus::Added => Label::DomainAdded,
            DomainStatus::Removed => Label::DomainRemoved,
        })
    }

    /// A section's status as written in its front matter (`draft`, `review`, `final`),
    /// in words; any other value as it is.
    pub fn section_status<'a>(&self, status: &'a str) -> &'a str {
        match status {
            "draft" => self.get(Label::SectionDraft),
            "review" => self.get(Label::SectionReview),
            "final" => self.get(Label::SectionFinal),
            other => other,
        }
    }
}

fn lookup(table: &Table, label: Label) -> Option<&'static str> {
    table
        .texts
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, t)| *t)
}

/// Copies `template` into `out`, its text through `literal` and each `{name}` replaced by
/// its argument (an unknown name is kept as written).
fn fill_into(
    template: &str,
    args: &[(&str, &str)],
    out: &mut String,
    mut literal: impl FnMut(&str, &mut String),
) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let name = &rest[open + 1..close];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                literal(&rest[..open], out);
                out.push_str(value);
            }
            None => literal(&rest[..=close], out),
        }
        rest = &rest[close + 1..];
    }
    literal(rest, out);
}

/// The placeholders of a text, sorted.
#[cfg(test)]
fn placeholders(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect();
    names.sort_unstable();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language with labels has every label once, with the placeholders of the
    /// English text: a label added in English and forgotten in French fails here.
    #[test]
    fn every_language_has_every_label() {
        for table in TABLES {
            for &label in Label::ALL {
                let found: Vec<&str> = table
                    .texts
                    .iter()
                    .filter(|(l, _)| *l == label)
                    .map(|(_, t)| *t)
                    .collect();
                assert_eq!(
                    found.len(),
                    1,
                    "{}: {label:?} appears {} times",
                    table.lang,
                    found.len()
                );
                let english = lookup(&EN, label).unwrap();
                assert_eq!(
                    placeholders(found[0]),
                    placeholders(english),
                    "{}: {label:?} has other placeholders than in English",
                    table.lang
                );
                assert!(!found[0].is_empty(), "{}: {label:?} is empty", table.lang);
            }
            assert_eq!(
                table.texts.len(),
                TABLES[0].texts.len(),
                "{}: a label twice or one not in Label::ALL",
                table.lang
            );
        }
    }

    #[test]
    fn a_language_without_labels_reads_in_english() {
        let de = Labels::of("de");
        assert_eq!(de.lang(), "en");
        assert_eq!(de.get(Label::DomainAdded), "added");
        assert_eq!(Labels::of("fr").get(Label::DomainAdded), "ajouté");
    }

    #[test]
    fn placeholders_are_filled_and_html_is_escaped_around_them() {
        let fr = Labels::of("fr");
        assert_eq!(
            fr.fill(
                Label::ParagraphMovedTo,
                &[("n", "3"), ("domain", "Espace"), ("m", "2")]
            ),
            "¶3 déplacé vers Espace, ¶2"
        );
        let html =
            Labels::of("en").fill_escaped(Label::Percent, &[("n", "<b>4</b>")], |text, out| {
                out.push_str(&text.replace('%', "&#37;"))
            });
        assert_eq!(html, "<b>4</b>&#37;");
    }

    #[test]
    fn percents_and_plurals_per_language() {
        let (en, fr) = (Labels::of("en"), Labels::of("fr"));
        assert_eq!(en.percent(0.004), "0.4%");
        assert_eq!(fr.percent(0.004), "0,4\u{a0}%");
        assert_eq!(fr.percent(0.0001), "<0,1\u{a0}%");
        assert_eq!(en.percent(0.21), "21%");
        assert_eq!(en.percent(0.0), "0%");
        assert_eq!(en.number(7248), "7248");
        assert_eq!(en.number(1_234_567), "1,234,567");
        assert_eq!(fr.number(90_000), "90\u{a0}000");
        assert_eq!(fr.number(0), "0");
        assert_eq!(fr.date("2026-12-07"), "7 décembre 2026");
        assert_eq!(en.date("2026-12-07"), "7 December 2026");
        assert_eq!(fr.date("hier"), "hier");
        let one = (Label::WordsMovedOne, Label::WordsMovedOther);
        assert_eq!(en.count(0, one.0, one.1), Label::WordsMovedOther);
        assert_eq!(fr.count(0, one.0, one.1), Label::WordsMovedOne);
        assert_eq!(fr.count(2, one.0, one.1), Label::WordsMovedOther);
    }
}
