//! `build --format docx`: a Word document, written as OOXML parts in a zip.
//!
//! The document's content comes from `templates/report.docx.j2`, like every other format:
//! its block `document` is the body of `word/document.xml` (paragraphs and tables in
//! WordprocessingML), its block `header` the page header, its block `title` the title in
//! the document's properties. The package around them — content types, relationships,
//! the styles Word knows by name (`Heading 1`, `Title`, `TOC 1`, `Caption`…), settings,
//! the footer with the page number (none on the cover), A4 pages, the properties (title,
//! issuers as authors, the document's date, `fr-FR`) — is fixed here. In `*.docx.j2` everything
//! printed is escaped for XML; `runs` turns a paragraph's inline markup into runs
//! (italics, bold, superscripts), keeping every no-break space.
//!
//! Each section's heading and paragraphs carry hidden bookmarks, and the package custom
//! properties, that name their source (commit, domain, paragraph fingerprint): see
//! [`super::identity`], and `review import`, which reads them back.
//!
//! Deterministic: the parts are written in a fixed order, each with the same timestamp
//! (1980-01-01, the zip format's first day) and mode, and no part holds a clock's time.

use std::io::{Cursor, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::ReportModel;
use super::identity;
use super::templates::render_blocks;
use crate::error::{Error, Result};
use crate::markdown::parse_inline;

/// The template of the Word document.
pub const TEMPLATE: &str = "report.docx.j2";

/// The Word document of the report. `commit`: the git commit its sections were read
/// from, recorded for `review import` (see [`super::identity`]).
pub fn write_docx(
    templates_dir: &Path,
    model: &ReportModel,
    commit: Option<&str>,
) -> Result<Vec<u8>> {
    let blocks = render_blocks(
        templates_dir,
        TEMPLATE,
        model,
        &["document", "header", "title"],
    )?;
    let [body, header, title] = blocks.as_slice() else {
        return Err(Error::Usage(format!(
            "templates/{TEMPLATE}: expected the blocks `document`, `header` and `title`"
        )));
    };
    // Word's proofing tools and properties want the region too: `fr-FR`, not `fr`.
    let lang = xml_attribute(crate::lang::locale(&model.lang));
    let parts: [(&str, String); 12] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", PACKAGE_RELS.to_string()),
        (
            "docProps/core.xml",
            core_properties(title.trim(), &lang, model),
        ),
        ("docProps/app.xml", APP_PROPERTIES.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/document.xml", document(body)),
        ("word/styles.xml", STYLES.replace("{lang}", &lang)),
        ("word/settings.xml", SETTINGS.replace("{lang}", &lang)),
        ("word/header1.xml", part("w:hdr", header)),
        ("word/footer1.xml", part("w:ftr", FOOTER)),
        // The cover's own header and footer: empty (no page number, no draft mark
        // above the cover's own).
        ("word/header2.xml", part("w:hdr", "")),
        ("word/footer2.xml", part("w:ftr", "")),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, text) in &parts {
        zip.start_file(*name, options).map_err(zip_error)?;
        zip.write_all(text.as_bytes())
            .map_err(|e| Error::Usage(format!("cannot write the Word document: {e}")))?;
    }
    // What the file knows of its source, for `review import`.
    let domains: Vec<&str> = model.sections.iter().map(|s| s.slug.as_str()).collect();
    zip.start_file("docProps/custom.xml", options)
        .map_err(zip_error)?;
    zip.write_all(identity::custom_properties(commit, &model.lang, &domains).as_bytes())
        .map_err(|e| Error::Usage(format!("cannot write the Word document: {e}")))?;
    let cursor = zip.finish().map_err(zip_error)?;
    Ok(cursor.into_inner())
}

fn zip_error(error: zip::result::ZipError) -> Error {
    Error::Usage(format!("cannot write the Word document: {error}"))
}

/// The paragraph's inline markup as WordprocessingML runs: `24^e^` becomes a run in
/// superscript, `*…*` italics, `**…**` bold; text is escaped for XML and kept as written
/// (no-break spaces included).
pub fn to_runs(markdown: &str) -> String {
    let mut out = String::new();
    for run in parse_inline(markdown) {
        out.push_str("<w:r>");
        if run.emphasis || run.strong || run.superscript {
            out.push_str("<w:rPr>");
            if run.strong {
                out.push_str("<w:b/>");
            }
            if run.emphasis {
                out.push_str("<w:i/>");
            }
            if run.superscript {
                out.push_str("<w:vertAlign w:val=\"superscript\"/>");
            }
            out.push_str("</w:rPr>");
        }
        out.push_str("<w:t xml:space=\"preserve\">");
        escape_xml_into(&run.text, &mut out);
        out.push_str("</w:t></w:r>");
    }
    out
}

/// Escapes text for XML content or attributes. Characters XML 1.0 does not allow (most
/// control characters) are left out: Word refuses a document that has one.
pub fn escape_xml_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

fn xml_attribute(text: &str) -> String {
    let mut out = String::new();
    escape_xml_into(text, &mut out);
    out
}

const W_NAMESPACES: &str = concat!(
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" ",
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
);

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The body in its one section: A4, the running header and the page number on every
/// page but the first (`w:titlePg`: the cover has its own, empty, header and footer).
fn document(body: &str) -> String {
    format!(
        "{XML_DECLARATION}<w:document {W_NAMESPACES}><w:body>{body}<w:sectPr>\
         <w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>\
         <w:headerReference w:type=\"first\" r:id=\"rIdHeaderFirst\"/>\
         <w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>\
         <w:footerReference w:type=\"first\" r:id=\"rIdFooterFirst\"/>\
         <w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1247\" w:right=\"1134\" w:bottom=\"1361\" w:left=\"1134\" \
         w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr></w:body></w:document>\n"
    )
}

fn part(element: &str, content: &str) -> String {
    let content = if content.trim().is_empty() {
        "<w:p/>"
    } else {
        content
    };
    format!("{XML_DECLARATION}<{element} {W_NAMESPACES}>{content}</{element}>\n")
}

/// The document's properties; `title` comes from the template, escaped already. The
/// author is who issues the report (`issuers:`, joined by `; `), the creation date the
/// document's date as the cover gives it (`date:`, else the day of
/// `SOURCE_DATE_EPOCH`; left out when there is neither, so that no clock is read).
fn core_properties(title: &str, lang: &str, model: &ReportModel) -> String {
    let mut extra = String::new();
    if !model.edition.issuers.is_empty() {
        extra.push_str("<dc:creator>");
        escape_xml_into(&model.edition.issuers.join("; "), &mut extra);
        extra.push_str("</dc:creator>");
    }
    if let Some(date) = model
        .edition
        .date
        .as_deref()
        .filter(|d| crate::lang::is_date(d))
    {
        for element in ["dcterms:created", "dcterms:modified"] {
            extra.push_str(&format!(
                "<{element} xsi:type=\"dcterms:W3CDTF\">{date}T00:00:00Z</{element}>"
            ));
        }
    }
    format!(
        "{XML_DECLARATION}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{title}</dc:title>{extra}<dc:language>{lang}</dc:language>\
         <cp:lastModifiedBy>rapporteur</cp:lastModifiedBy></cp:coreProperties>\n"
    )
}

const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>",
    "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>",
    "<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>",
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/word/header2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>",
    "<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    "<Override PartName=\"/docProps/custom.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.custom-properties+xml\"/>",
    "</Types>\n"
);

const PACKAGE_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>",
    "<Relationship Id=\"rIdCustom\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties\" Target=\"docProps/custom.xml\"/>",
    "</Relationships>\n"
);

const APP_PROPERTIES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">",
    "<Application>rapporteur</Application></Properties>\n"
);

const DOCUMENT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>",
    "<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>",
    "<Relationship Id=\"rIdHeader\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>",
    "<Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>",
    "<Relationship Id=\"rIdHeaderFirst\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header2.xml\"/>",
    "<Relationship Id=\"rIdFooterFirst\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>",
    "</Relationships>\n"
);

/// No `w:updateFields`: Word would ask, on every opening, to update the fields. The
/// table of contents is written out in full (its field's result lists every heading);
/// only its page numbers wait for a reader who asks Word to update it. The document's
/// language is that of the proofing tools.
const SETTINGS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    "<w:defaultTabStop w:val=\"709\"/>",
    "<w:characterSpacingControl w:val=\"doNotCompress\"/>",
    "<w:themeFontLang w:val=\"{lang}\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" ",
    "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>\n"
);

/// The page number, centred.
const FOOTER: &str = concat!(
    "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"center\"/></w:pPr>",
    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>",
    "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>",
    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>",
    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
);

/// Word's built-in styles, under their built-in names (`heading 1` shows as "Heading 1",
/// and drives the navigation pane and the TOC field), with the house look: serif text,
/// sans-serif headings, headings and captions kept with what follows.
const STYLES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    "<w:docDefaults><w:rPrDefault><w:rPr>",
    "<w:rFonts w:ascii=\"Cambria\" w:hAnsi=\"Cambria\" w:eastAsia=\"Cambria\" w:cs=\"Cambria\"/>",
    "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"{lang}\" w:eastAsia=\"{lang}\" w:bidi=\"{lang}\"/>",
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"276\" w:lineRule=\"auto\"/>",
    "</w:pPr></w:pPrDefault></w:docDefaults>",
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>",
    "<w:pPr><w:widowControl/><w:jc w:val=\"both\"/></w:pPr></w:style>",
    "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>",
    "<w:pPr><w:spacing w:before=\"480\" w:after=\"360\"/><w:jc w:val=\"left\"/><w:pBdr><w:bottom w:val=\"single\" w:sz=\"18\" w:space=\"8\" w:color=\"1F4E8C\"/></w:pBdr></w:pPr>",
    "<w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:cs=\"Calibri\"/><w:b/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>",
    "<w:pPr><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:color w:val=\"5A6472\"/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>",
    "<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"160\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"0\"/></w:pPr>",
    "<w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:cs=\"Calibri\"/><w:b/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:unhideWhenUsed/><w:qFormat/>",
    "<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"1\"/></w:pPr>",
    "<w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:cs=\"Calibri\"/><w:b/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"TOCHeading\"><w:name w:val=\"TOC Heading\"/><w:basedOn w:val=\"Heading1\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/><w:qFormat/>",
    "<w:pPr><w:outlineLvl w:val=\"9\"/></w:pPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"TOC1\"><w:name w:val=\"toc 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/>",
    "<w:pPr><w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"9628\"/></w:tabs><w:spacing w:after=\"80\"/><w:jc w:val=\"left\"/></w:pPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"35\"/><w:unhideWhenUsed/><w:qFormat/>",
    "<w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"80\"/><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>",
    "<w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>",
    "<w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>",
    "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>",
    "<w:pPr><w:spacing w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/></w:pPr>",
    "<w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:cs=\"Calibri\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>",
    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/>",
    "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>",
    "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>",
    "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"39\"/>",
    "<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D5DAE1\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D5DAE1\"/>",
    "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D5DAE1\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D5DAE1\"/>",
    "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D5DAE1\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D5DAE1\"/>",
    "</w:tblBorders></w:tblPr></w:style>",
    "</w:styles>\n"
);

#[cfg(test)]
mod tests {
    use super::to_runs;

    #[test]
    fn runs_keep_superscripts_emphasis_and_no_break_spaces() {
        assert_eq!(
            to_runs("la 24^e^ réunion\u{a0}; *vu* & <b>"),
            "<w:r><w:t xml:space=\"preserve\">la 24</w:t></w:r>\
             <w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:t xml:space=\"preserve\">e</w:t></w:r>\
             <w:r><w:t xml:space=\"preserve\"> réunion\u{a0}; </w:t></w:r>\
             <w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">vu</w:t></w:r>\
             <w:r><w:t xml:space=\"preserve\"> &amp; &lt;b&gt;</w:t></w:r>"
        );
    }

    #[test]
    fn characters_xml_forbids_are_left_out() {
        assert_eq!(
            to_runs("a\u{1}b\u{b}c"),
            "<w:r><w:t xml:space=\"preserve\">abc</w:t></w:r>"
        );
    }
}
