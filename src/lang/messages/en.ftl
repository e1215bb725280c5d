# What the findings of `rapporteur check` say, in English: the terminal, JSON and SARIF
# show these, and documents in English (a draft's open points). Each id starts with its
# rule's code; `fr.ftl` has the same ids. Quote the text and names with `backticks`:
# documents turn them into the quotes of their language (“…”, « … »).

## T: terminology

T001 = `{ $variant }` is a variant of `{ $preferred }`
T002 = `{ $name }` is used before it is spelled out, in { $at }
T002-help = move the expansion here: `{ $expansion } ({ $name })`, and use the bare acronym after it
T003 = `{ $name }` is never spelled out in `{ $lang }`
T003-help = write `{ $expansion } ({ $name })` at its first use
T004 = `{ $acronym }` is spelled out as `{ $other }`; the termbase says `{ $expansion }`
T004-help = write `{ $expansion }`, or add `{ $other }` to the `forms` of `{ $acronym }` in schemas/terminology.yaml
T004-twice = `{ $acronym }` is spelled out as `{ $written }`, but as `{ $first }` in { $at }
T004-twice-help = spell it out one way; give the acronym its `expansion` in schemas/terminology.yaml
T005 = `{ $word }` is not in the termbase
T005-help = add `{ $word }` to the `acronyms` of `{ $lang }` in schemas/terminology.yaml with its expansion (or to `names` if it is not an acronym)
T006 = `{ $acronym }` stands for more than one thing in this report
T006-help = say which one is meant
T006-help-note = say which one is meant: { $note }
T007 = `{ $wording }`: { $note }
T007-help = settle the wording, then remove its `doubtful` entry from schemas/terminology.yaml
T008 = `{ $written }` is the acronym `{ $acronym }` written in another case
T009 = `{ $written }` is the { $other ->
        [en] English
        [fr] French
       *[other] `{ $other }`
    } form of `{ $ours }`: { $lang ->
        [en] English
        [fr] French
       *[other] `{ $lang }`
    } text writes `{ $ours }`
T009-help = a name that holds `{ $written }` (a programme, an exercise) belongs in the termbase, as an acronym or under `names` in schemas/terminology.yaml: it is then allowed there only

## Y: typography

Y001-before = { $space ->
        [nbsp] no-break space (U+00A0)
        [nnbsp] narrow no-break space (U+202F)
        [tab] tab
        [thin] thin space (U+2009)
        [several] spaces
       *[plain] plain space
    } before `{ $sign }`, not the house no-break space
Y001-after = { $space ->
        [nbsp] no-break space (U+00A0)
        [nnbsp] narrow no-break space (U+202F)
        [tab] tab
        [thin] thin space (U+2009)
        [several] spaces
       *[plain] plain space
    } after `«`, not the house no-break space
Y001-glued = no space before `{ $sign }`
Y001-glued-after = no space after `«`
Y002 = { $space ->
        [nbsp] no-break space (U+00A0)
        [nnbsp] narrow no-break space (U+202F)
        [tab] tab
        [thin] thin space (U+2009)
        [several] spaces
       *[plain] plain space
    } before `{ $sign }`
Y003 = { $count } spaces in a row
Y004 = `{ $found }` is not the house apostrophe `{ $want }`
Y005 = { $space ->
        [nbsp] no-break space (U+00A0)
        [nnbsp] narrow no-break space (U+202F)
        [tab] tab
        [thin] thin space (U+2009)
        [several] spaces
       *[plain] plain space
    } between the digits of a number
Y006 = straight quotes around `{ $quoted }`
Y006-unpaired = a straight double quote without its pair
Y006-unpaired-help = close the quotation, or remove the quote; then `rapporteur check --fix` writes the language's quotes

## E: edition currency

E001 = « { $written } » names this report by the ordinal of edition { $past }; this is edition { $number } ({ $current })
E001-help = if it names this report, write « { $current } »; if it cites the report of edition { $past }, make that plain (« { $past_ordinal } »)
E001-period = « { $written } » is the period of edition { $past }; this is edition { $number }, on { $period }
E002 = `{ $domain }` is word for word as in `{ $revision }` ({ $count ->
        [one] { $count } paragraph
       *[other] { $count } paragraphs
    })
E002-help = rewrite it for this edition's period; it is a warning once the section is `review` or `final`
E002-help-period = rewrite it for this edition's period ({ $period }); it is a warning once the section is `review` or `final`
E003 = « { $written } » is after the end of this edition's period ({ $covered })
E003-help = correct the date, keep the event for the next edition, or say that it is planned
E004 = the previous edition `{ $revision }` cannot be read ({ $reason }): sections are not compared with it (E002)
E004-help = fetch the tags (`git fetch --tags`), or name a revision this repository has
E005 = « { $written } » is in the period of edition { $previous } ({ $covered })
E005-help = keep it if it is background this edition needs; otherwise it was reported last year: replace it with this period's events

## Shared

did-you-mean = did you mean `{ $near }`?

## S: structure

S001 = cannot read `{ $path }`: { $reason }
S001-help = save the file as plain UTF-8 text inside the repository
S002 = front matter is not valid YAML: { $detail }
S002-help = fix the YAML at this position; the fields are `domain`, `proposals` and `status`
S003 = { $detail }
S003-help = { $detail }
S003-missing = the file has no front matter
S003-missing-help = start the file with `---`, `domain: <slug>`, `status: draft` and `---` on their own lines
S004 = `{ $slug }` is not a domain of schemas/domains.yaml
S004-help = use one of the slugs of schemas/domains.yaml; your editor completes them
S005 = domain `{ $slug }` already has a section in `{ $lang }`: { $first }
S005-help = keep one file per domain and language: merge the two
S006 = domain `{ $slug }` has no section in `{ $lang }`
S006-help = add { $path } with `domain: { $slug }` in its front matter
S007 = section `{ $domain }` has no text
S007-help = write the section's paragraphs after the closing `---`
S008-own = `{ $code }` cannot be allowed: it is about the allow comments themselves
S008-own-help = fix the comment instead
S008-unknown = `{ $code }` is not a rule code
S008-unknown-near-help = did you mean `{ $near }`? `rapporteur rules` lists the codes
S008-unknown-help = name rules by their codes, as `rapporteur rules` lists them
S008-no-rule = this allow names no rule
S008-no-rule-help = name the rules it allows, then why: `<!-- rapporteur-allow E001: citation du onzième rapport -->`
S008-no-reason = this allow gives no reason
S008-no-reason-help = say why after a colon, for the reviewers: `<!-- rapporteur-allow E001: citation du onzième rapport -->`
S009 = the paragraph below has no { $codes } finding: this allow is stale
S009-not-above = this allow is not directly above a paragraph: it allows nothing
S009-help = remove what the allow no longer needs (`rapporteur check --fix` does)
S010 = this comment is never closed: the rest of the file is not published
S010-help = close it with `-->` where the note ends

## P: proposals

P001 = `{ $id }` is not a proposal of schemas/proposals.yaml
P001-waiver = waiver for `{ $id }`, which is not a proposal of schemas/proposals.yaml
P001-help = use an id of schemas/proposals.yaml, such as `{ $example }`; your editor completes them
P001-help-empty = schemas/proposals.yaml has no proposals yet
P002 = proposal `{ $id }` is referenced by no section and not waived
P002-help = list `{ $id }` in the `proposals` of the section that reports on it, or waive it in drafts/report.yaml with a reason
P003 = `{ $id }` belongs to the area `{ $area }`, which the section `{ $domain }` does not cover ({ $areas })
P003-help = check the id; if it is right, add the area to the domain in schemas/domains.yaml
P004 = { $waived } of { $total } proposals { $waived ->
        [one] is
       *[other] are
    } waived for this edition ({ $ids })
P004-reason = { $waived } of { $total } proposals { $waived ->
        [one] is
       *[other] are
    } waived for this edition ({ $ids }): { $reason }
P005 = `{ $id }` is waived, but a section reports on it
P005-help = remove the waiver
P006 = { $count } waiver(s) give no reason in `{ $lang }` ({ $ids }): the `{ $lang }` annex shows them without one
P006-help = give the reason per language, with `{ $lang }` among them: `{ $example }`

## B: body

B001 = the paragraph ends without punctuation and the next one (line { $line }) starts in lower case
B002 = this paragraph already appears in { $at }
B002-help = keep one of the two copies
B003 = control character { $character } in the text

## L: languages

L001 = domain `{ $domain }` has a section in `{ $lang }` but none in `{ $missing_in }`
L001-help = add the `{ $missing_in }` section, or remove this one
L002 = the proposals differ from `{ $lang }` ({ $path }): this section { $which ->
        [both] lacks { $missing } and adds { $extra }
        [missing] lacks { $missing }
       *[extra] adds { $extra }
    }
L002-help = list the same proposals in every language
L003 = the numbers differ from `{ $lang }` ({ $at }): this paragraph { $which ->
        [both] lacks { $missing } and has { $extra } in addition
        [missing] lacks { $missing }
       *[extra] has { $extra } in addition
    }
L003-help = check the figures against the reference language
L004 = { $count } paragraphs, but { $reference } in `{ $lang }` ({ $path })
L004-help = keep the paragraphs of the reference language, one for one
L005 = the emphasis and superscripts differ from `{ $lang }` ({ $at }): { $source }, this paragraph { $here }
L005-help = keep the source's markup: `24^e^` is `24^th^` in English, `*mot*` an emphasis
L005-bold = { $count } { $count ->
        [one] bold run
       *[other] bold runs
    }
L005-emphasis = { $count } { $count ->
        [one] emphasis
       *[other] emphases
    }
L005-superscript = { $count } { $count ->
        [one] superscript
       *[other] superscripts
    }
L005-none = none
L006-superscript = `{ $marker }` in «{ $word }» is a superscript left open: it would be printed as typed
L006-superscript-help = close it (`24^th^`), or write `\^` for a caret
L006-emphasis = `{ $marker }` in «{ $word }» is an emphasis left open: it would be printed as typed
L006-emphasis-help = close it (`*word*`), or write `\*` for an asterisk

## R: review

R001 = `{ $domain }` changed since { $by } signed it off on { $date } (commit { $commit })
R001-help = `rapporteur diff --since-signoff { $domain }` shows what changed; then ask for a new sign-off
R002 = `{ $domain }` is final but nobody signed it off for edition { $edition }
R002-help = record the approval: `rapporteur sign-off { $domain } --by NAME`
R003 = `{ $domain }` is `{ $status }`, not `final`
R003-help = once it is agreed: `rapporteur status set final { $domain }`

## F: translation freshness

F001 = the `{ $source_lang }` paragraph this translates changed since it was translated (now { $at })
F001-help = `rapporteur translate diff { $domain } --lang { $lang }` shows what changed; bring this paragraph in step, then `rapporteur translate accept { $domain } --lang { $lang } --paragraph { $paragraph }`
F002 = the `{ $source_lang }` paragraph { $at } («{ $opening }») has no translation: it was added after this section was translated
F002-help = translate it here, then `rapporteur translate accept { $domain } --lang { $lang }` (or hand it to a CAT tool with `rapporteur xliff export --lang { $lang } --only outdated`)
F003 = this paragraph translates a `{ $source_lang }` paragraph that has since been removed from { $path }
F003-help = delete it if the removal stands, then `rapporteur translate accept { $domain } --lang { $lang }`
F004 = no translation record: nothing says which `{ $source_lang }` text this section translates, so no paragraph can be found behind it
F004-help = it has { $count } paragraphs and { $path } has { $source_count }: make them match one for one, then `rapporteur translate init --lang { $lang }`
F004-help-match = its paragraphs match { $path } one for one: `rapporteur translate init --lang { $lang }` writes the first record
F005 = the translation record lists { $recorded } source { $recorded ->
        [one] paragraph
       *[other] paragraphs
    } but the section has { $paragraphs }
F005-help = make the paragraphs match { $path } ({ $count } paragraphs) one for one, then `rapporteur translate accept { $domain } --lang { $lang }`
F005-no-source = a translation record in a section that is no translation: drafts/report.yaml names no `source:` language, so nothing reads this record
F005-source = a translation record in a section that is no translation: `{ $source }` is the source language (`source:` in drafts/report.yaml): its sections are not translations
F005-no-translation-help = remove `translated_from`, or set `source:` in drafts/report.yaml
F006 = this paragraph is its `{ $source_lang }` source ({ $at }), untranslated
F006-help = translate it into `{ $lang }`; where the sameness is meant (a name), acknowledge it with `<!-- rapporteur-allow F006: reason -->` on the line above
F007 = translation in progress: { $untranslated } of { $count } { $count ->
        [one] paragraph
       *[other] paragraphs
    } of { $path } not translated yet
F007-help = `rapporteur xliff export --lang { $lang }` hands them to a CAT tool, `xliff import` brings them back; `rapporteur translate status --lang { $lang }` shows the progress

## Every rule: the count that stands for the findings not shown (src/check/cap.rs)

capped = { $count } more `{ $code }` { $count ->
        [one] finding
       *[other] findings
    } in this file, not shown (the first { $shown } are)
capped-help = fix the ones shown (or run `rapporteur check --fix`), then check again; the file may be damaged or pasted from elsewhere
