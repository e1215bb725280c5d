//! Every rule, listed once. A rule's code never changes; its documentation (what it
//! checks, why, an example) is what `rapporteur rules CODE` prints and what fills the
//! help of SARIF's `reportingDescriptor`.

use super::diagnostic::Severity;
use super::rules::{
    allow, body, currency, languages, proposals, review, structure, terminology, translation,
    typography,
};

/// A rule's identity and documentation. The logic lives with its family in `rules/`.
#[derive(Debug)]
pub struct Rule {
    /// Family letter and three digits (`S004`).
    pub code: &'static str,
    /// Kebab-case name of the problem (`unknown-domain`).
    pub name: &'static str,
    /// Default severity; `drafts/report.yaml` can change it.
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters, for drafters.
    pub why: &'static str,
    /// A short example of text the rule flags, and the fix.
    pub example: &'static str,
    /// Whether `check --fix` can repair it.
    pub fixable: bool,
}

/// The rule families, by code letter.
pub const FAMILIES: &[(char, &str)] = &[
    ('S', "structure"),
    ('P', "proposals"),
    ('T', "terminology"),
    ('Y', "typography"),
    ('B', "body"),
    ('L', "languages"),
    ('E', "edition currency"),
    ('R', "review"),
    ('F', "translation freshness"),
];

/// All rules, by family (in the order of [`FAMILIES`]) then code.
pub const RULES: &[&Rule] = &[
    &structure::UNREADABLE_FILE,
    &structure::INVALID_YAML,
    &structure::INVALID_FRONT_MATTER,
    &structure::UNKNOWN_DOMAIN,
    &structure::DUPLICATE_DOMAIN,
    &structure::MISSING_DOMAIN,
    &structure::EMPTY_SECTION,
    &allow::MALFORMED_ALLOW,
    &allow::STALE_ALLOW,
    &allow::UNCLOSED_COMMENT,
    &proposals::UNKNOWN_PROPOSAL,
    &proposals::UNREFERENCED_PROPOSAL,
    &proposals::PROPOSAL_OUTSIDE_AREA,
    &proposals::PROPOSALS_WAIVED,
    &proposals::STALE_WAIVER,
    &proposals::MISSING_WAIVER_REASON,
    &terminology::FORBIDDEN_VARIANT,
    &terminology::ACRONYM_BEFORE_EXPANSION,
    &terminology::ACRONYM_NEVER_EXPANDED,
    &terminology::ACRONYM_EXPANDED_DIFFERENTLY,
    &terminology::UNKNOWN_ACRONYM,
    &terminology::AMBIGUOUS_ACRONYM,
    &terminology::DOUBTFUL_WORDING,
    &terminology::ACRONYM_CASE,
    &terminology::OTHER_LANGUAGE_ACRONYM,
    &typography::MISSING_NO_BREAK_SPACE,
    &typography::SPACE_BEFORE_PUNCTUATION,
    &typography::DOUBLED_SPACE,
    &typography::APOSTROPHE_STYLE,
    &typography::NUMBER_SPACE,
    &typography::STRAIGHT_QUOTES,
    &body::PARAGRAPH_CUT,
    &body::DUPLICATE_PARAGRAPH,
    &body::CONTROL_CHARACTER,
    &languages::DOMAINS_DIFFER,
    &languages::PROPOSALS_DIFFER,
    &languages::NUMBERS_DIFFER,
    &languages::PARAGRAPH_COUNT_DIFFERS,
    &languages::MARKUP_DIFFERS,
    &languages::MARKUP_LEFT_OPEN,
    &currency::PAST_EDITION_WORDING,
    &currency::UNCHANGED_SINCE_PREVIOUS,
    &currency::DATE_AFTER_PERIOD,
    &currency::PREVIOUS_UNREADABLE,
    &currency::DATE_IN_PREVIOUS_PERIOD,
    &review::CHANGED_SINCE_SIGNOFF,
    &review::FINAL_WITHOUT_SIGNOFF,
    &review::SECTION_NOT_FINAL,
    &translation::SOURCE_CHANGED,
    &translation::SOURCE_ADDED,
    &translation::SOURCE_REMOVED,
    &translation::NO_RECORD,
    &translation::RECORD_MISFIT,
    &translation::SAME_AS_SOURCE,
    &translation::IN_PROGRESS,
];

/// The rule with this code (case-insensitive) or name.
pub fn find_rule(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The rule's documentation as text: what it checks, why, an example. This is what
/// `rapporteur rules CODE` prints and what SARIF's rule help carries.
pub fn explain(rule: &Rule) -> String {
    let fix = if rule.fixable {
        "`rapporteur check --fix` repairs it."
    } else {
        "No automatic fix."
    };
    format!(
        "{} {} ({} by default)\n\nWhat it checks\n  {}\n\nWhy\n  {}\n\nExample\n  {}\n\nFix\n  {}",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.summary,
        rule.why,
        rule.example,
        fix
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        let key = |r: &Rule| {
            let family = r.code.chars().next().unwrap();
            (FAMILIES.iter().position(|(c, _)| *c == family), r.code)
        };
        for pair in RULES.windows(2) {
            assert!(
                key(pair[0]) < key(pair[1]),
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        for rule in RULES {
            let mut chars = rule.code.chars();
            let family = chars.next().unwrap();
            assert!(FAMILIES.iter().any(|(c, _)| *c == family), "{}", rule.code);
            assert_eq!(
                chars.filter(char::is_ascii_digit).count(),
                3,
                "{}",
                rule.code
            );
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.name
            );
            assert!(!rule.summary.is_empty() && !rule.why.is_empty() && !rule.example.is_empty());
        }
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), RULES.len(), "rule names are unique");
    }
}
