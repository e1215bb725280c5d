//! `rapporteur schema`: the JSON Schemas in `schemas/`, generated from the Rust types with
//! schemars, so that editors complete and check the YAML files while drafters type. The
//! section schema carries the catalog's vocabularies (domain slugs, proposal ids) as
//! enums. Draft-07, the newest yaml-language-server reads.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::assemble::ReportModel;
use crate::model::{
    Catalog, DomainCatalog, EditionMeta, FrontMatter, ProposalRegistry, SignOffs, Termbase,
};

/// Every generated schema: file name in `schemas/` and content.
pub fn generate_schemas(catalog: &Catalog) -> Vec<(&'static str, String)> {
    let slugs: Vec<&str> = catalog
        .domains
        .domains
        .iter()
        .map(|d| d.slug.as_str())
        .collect();
    let ids: Vec<&str> = catalog
        .proposals
        .proposals
        .iter()
        .map(|p| p.id.as_str())
        .collect();

    let mut section = schema_of::<FrontMatter>("Section front matter");
    section["properties"]["domain"]["enum"] = json!(slugs);
    section["properties"]["proposals"]["items"]["enum"] = json!(ids);
    section["properties"]["proposals"]["uniqueItems"] = json!(true);

    let mut edition = schema_of::<EditionMeta>("Edition metadata (drafts/report.yaml)");
    edition["properties"]["waivers"]["propertyNames"] = json!({ "enum": ids });
    let codes: Vec<&str> = crate::check::RULES.iter().map(|r| r.code).collect();
    edition["properties"]["rules"]["propertyNames"] = json!({ "enum": codes });

    let mut signoffs = schema_of::<SignOffs>("Sign-offs (drafts/signoffs.yaml)");
    signoffs["additionalProperties"]["propertyNames"] = json!({ "enum": slugs });

    [
        ("section.schema.json", section),
        ("edition.schema.json", edition),
        ("signoffs.schema.json", signoffs),
        (
            "domains.schema.json",
            schema_of::<DomainCatalog>("Domain catalog (schemas/domains.yaml)"),
        ),
        (
            "proposals.schema.json",
            schema_of::<ProposalRegistry>("Proposal registry (schemas/proposals.yaml)"),
        ),
        (
            "terminology.schema.json",
            schema_of::<Termbase>("Termbase (schemas/terminology.yaml)"),
        ),
        (
            "review.schema.json",
            schema_of::<crate::model::Review>("Review (drafts/reviews/*.yaml)"),
        ),
        (
            "report.schema.json",
            schema_of::<ReportModel>("Report model (rapporteur build --format json)"),
        ),
    ]
    .into_iter()
    .map(|(name, value)| {
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        (name, text)
    })
    .collect()
}

fn schema_of<T: JsonSchema>(title: &str) -> Value {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut value = serde_json::to_value(schema).unwrap_or_default();
    value["title"] = json!(title);
    value
}
