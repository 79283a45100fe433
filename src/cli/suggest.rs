//! `spantag suggest TEXT.txt... [--model MODEL] [--labels Figure,...] [--json] [--out FILE.ron]`: suggestions
//! for reports, from the figure engine's rules or, with `--model`, from every layer of a trained recommender
//! (rules, the team's dictionary, the character taggers), each saying which layer proposed it; printed (a line
//! each, or JSON lines) or written as an annotation file that `spantag validate` accepts.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::json;

use super::output::println;
use super::{Outcome, UsageError};
use crate::figures::{self, FIGURE, MEASURE, OUTCOME, Suggestion, Table};
use crate::model::{AnnotationFile, DocRef, Span};
use crate::recommend::{Layers, model_file};
use crate::store::{self, CONFIG_FILE};
use crate::text::ReportText;

/// The annotator name written into `--out` files: suggestions are nobody's annotations until accepted.
pub const SUGGESTER: &str = "suggestions";

/// Arguments of `spantag suggest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Report texts (`.txt`, any encoding `validate` reads).
    #[arg(required = true)]
    pub texts: Vec<PathBuf>,
    /// Labels to suggest, comma-separated (default: Figure,Outcome,Measure).
    #[arg(long, value_delimiter = ',')]
    pub labels: Vec<String>,
    /// Print one JSON object a line: start, end (code points), label, text, score, value, source (`file` too
    /// when several texts are given).
    #[arg(long)]
    pub json: bool,
    /// A trained recommender (`spantag train`): suggest with its dictionary and taggers too, for its labels.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Leave out suggestions scored below this (0..1), as the app does by default.
    #[arg(long, default_value_t = crate::recommend::DEFAULT_THRESHOLD, value_parser = super::learning::threshold)]
    pub threshold: f32,
    /// Write the suggestions as an annotation file: a `.ron` file for one text, a folder of `<report>.ron`
    /// files for several. Annotator `suggestions`, or NAME for a file under a workspace's `annotations/NAME/`.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    let model = match &args.model {
        Some(path) => Some(model_file::load(path)?),
        None => None,
    };
    let model_labels: Vec<&str> = model
        .as_ref()
        .map(|m| m.labels().iter().map(|l| l.as_str()).collect())
        .unwrap_or_default();
    let known: Vec<&str> = if model.is_some() {
        model_labels.clone()
    } else {
        vec![FIGURE, OUTCOME, MEASURE]
    };
    let labels: Vec<&str> = if args.labels.is_empty() {
        known.to_vec()
    } else {
        let mut labels = Vec::new();
        for label in &args.labels {
            let label = label.trim();
            let Some(&known_label) = known.iter().find(|k| k.eq_ignore_ascii_case(label)) else {
                return Err(UsageError(format!(
                    "--labels: unknown label {label:?} (suggestions exist for {})",
                    known.join(", ")
                ))
                .into());
            };
            labels.push(known_label);
        }
        labels
    };
    for path in &args.texts {
        if !path.is_file() {
            return Err(UsageError(format!("{}: no such file", path.display())).into());
        }
    }
    let several = args.texts.len() > 1;
    if let Some(out) = &args.out {
        if several && out.extension().is_some_and(|e| e == "ron") {
            return Err(UsageError(format!(
                "--out {}: several texts need a folder, one annotation file each",
                out.display()
            ))
            .into());
        }
        if !several && out.extension().is_none_or(|e| e != "ron") {
            return Err(
                UsageError(format!("--out {}: expected a .ron file", out.display())).into(),
            );
        }
    }
    for path in &args.texts {
        let text = store::read_text(path)?;
        let table = table_for(path)?;
        let found: Vec<Suggestion> = match &model {
            Some(model) => model
                .suggest(&text, &table, Layers::default())
                .into_iter()
                .filter(|s| labels.contains(&s.label.as_str()))
                .collect(),
            None => figures::suggest(text.as_str(), &table, &labels),
        }
        .into_iter()
        .filter(|s| s.score >= args.threshold)
        .collect();
        if let Some(out) = &args.out {
            let target = if several {
                let stem = path.file_stem().unwrap_or_default();
                out.join(stem).with_extension("ron")
            } else {
                out.clone()
            };
            write_annotations(path, &target, &text, &found)?;
        } else {
            print_suggestions(path, several, args.json, &found);
        }
    }
    Ok(Outcome::Clean)
}

/// The table for a report: the bundled one, extended by the nearest `spantag.ron` above the report.
fn table_for(text_path: &Path) -> Result<Table> {
    let absolute = std::path::absolute(text_path).unwrap_or_else(|_| text_path.to_owned());
    match absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(CONFIG_FILE).is_file())
    {
        Some(root) => {
            let workspace = store::Workspace::open(root).with_context(|| {
                format!(
                    "cannot read the workspace's figure table in {}",
                    root.display()
                )
            })?;
            Ok(Table::extended(workspace.config().figures.clone()))
        }
        None => Ok(Table::builtin()),
    }
}

fn print_suggestions(path: &Path, several: bool, as_json: bool, found: &[Suggestion]) {
    for s in found {
        if as_json {
            let mut object = json!({
                "start": s.start,
                "end": s.end,
                "label": s.label.as_str(),
                "text": s.text,
                // Scores are set in steps of a hundredth: print them so, not as the f32 widened.
                "score": (f64::from(s.score) * 100.0).round() / 100.0,
                "value": s.value.as_ref().map(|v| v.to_json()),
                "source": s.source.as_str(),
            });
            if several {
                object["file"] = path.display().to_string().into();
            }
            println!("{object}");
        } else {
            let value = match (&s.value, s.label.as_str()) {
                (Some(v), _) => format!("  = {v}"),
                (None, FIGURE) => "  (value not readable)".to_owned(),
                (None, _) => String::new(),
            };
            let file = if several {
                format!("{}:", path.display())
            } else {
                String::new()
            };
            println!(
                "{file}{}..{}\t{}\t{}{value}\t{:.2}\t{}",
                s.start,
                s.end,
                s.label,
                s.text,
                s.score,
                s.source.as_str()
            );
        }
    }
}

/// Writes the suggestions as an annotation file for the report. Inside a workspace
/// (`ROOT/annotations/NAME/...`) the file is NAME's and refers to the report relative to ROOT, as the
/// workspace's own files do; elsewhere it is the `suggestions` annotator's and refers to the report relative to
/// the file's folder when the report lies below it, else by its file name (`validate` then looks beside it).
fn write_annotations(
    text_path: &Path,
    target: &Path,
    text: &ReportText,
    found: &[Suggestion],
) -> Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let target_abs = absolute(target);
    let folder = target_abs.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)
        .with_context(|| format!("{}: cannot create the folder", folder.display()))?;
    let relative_to = |root: &Path| {
        absolute(text_path).strip_prefix(root).ok().map(|r| {
            r.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
    };
    // `ROOT/annotations/NAME/file.ron`: the workspace and the annotator the folder stands for.
    let workspace = folder
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == store::ANNOTATIONS_DIR))
        .and_then(|annotations| {
            let root = annotations.parent()?;
            let name = folder.strip_prefix(annotations).ok()?.components().next()?;
            Some((root, name.as_os_str().to_string_lossy().into_owned()))
        })
        .filter(|(_, name)| store::check_annotator(name).is_ok());
    let (doc, annotator) = match &workspace {
        Some((root, name)) => (relative_to(root), name.clone()),
        None => (relative_to(folder), SUGGESTER.to_owned()),
    };
    let name = text_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc = doc
        .filter(|r| store::safe_relative_path(r).is_ok())
        .unwrap_or(name);
    let mut file = AnnotationFile::new(DocRef::of(doc, text), annotator);
    for s in found {
        let mut span = Span::new(text, s.start, s.end, s.label.clone());
        span.note = Some(match &s.value {
            Some(v) => format!(
                "suggested by {} (score {:.2}); value {v}",
                s.source.as_str(),
                s.score
            ),
            None => format!("suggested by {} (score {:.2})", s.source.as_str(), s.score),
        });
        file.spans.push(span);
    }
    store::write_annotation_file(target, &file)?;
    Ok(())
}
