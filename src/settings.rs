//! The configuration file, `kintsugi.toml`: found upward from the working directory (or given with
//! `--config`), checked strictly (an unknown key or rule name is an error that names it), with relative
//! paths resolved against the file's folder.
//!
//! ```toml
//! fail-on = "error"
//! ignore = ["style"]
//! exclude = ["drafts/**"]
//! allow = ["共同富裕"]
//! lexicon = "lexicon.json"
//!
//! [severity]
//! "name/title-holder" = "error"
//!
//! [data]
//! gazetteer = ["data/our-names.toml"]
//! ```

use crate::config::Config;
use crate::finding::Severity;
use crate::knowledge::KnowledgeFiles;
use anyhow::{Context as _, Result, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "kintsugi.toml";

/// Extra data files, by table; each extends the built-in table of the same name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DataFiles {
    #[serde(default)]
    pub gazetteer: Vec<PathBuf>,
    #[serde(default)]
    pub chinese_terms: Vec<PathBuf>,
    #[serde(default)]
    pub chinese_markers: Vec<PathBuf>,
    #[serde(default)]
    pub counters: Vec<PathBuf>,
    #[serde(default)]
    pub repetition: Vec<PathBuf>,
    #[serde(default)]
    pub boilerplate: Vec<PathBuf>,
}

impl DataFiles {
    pub fn as_knowledge_files(&self) -> KnowledgeFiles<'_> {
        fn paths(list: &[PathBuf]) -> Vec<&Path> {
            list.iter().map(PathBuf::as_path).collect()
        }
        KnowledgeFiles {
            gazetteers: paths(&self.gazetteer),
            chinese_terms: paths(&self.chinese_terms),
            chinese_markers: paths(&self.chinese_markers),
            counters: paths(&self.counters),
            repetition: paths(&self.repetition),
            boilerplate: paths(&self.boilerplate),
        }
    }

    fn resolve(&mut self, root: &Path) {
        for list in [
            &mut self.gazetteer,
            &mut self.chinese_terms,
            &mut self.chinese_markers,
            &mut self.counters,
            &mut self.repetition,
            &mut self.boilerplate,
        ] {
            for path in list.iter_mut() {
                *path = root.join(&*path);
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SettingsFile {
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    fail_on: Option<Severity>,
    #[serde(default)]
    remove_labels: bool,
    lexicon: Option<PathBuf>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    data: DataFiles,
}

/// Everything a run takes from the configuration file.
#[derive(Debug, Default)]
pub struct Settings {
    /// The file read, if any.
    pub path: Option<PathBuf>,
    pub config: Config,
    pub data: DataFiles,
    pub fail_on: Option<Severity>,
    pub lexicon: Option<PathBuf>,
    /// The folder excludes are relative to.
    root: PathBuf,
    exclude: GlobSet,
}

impl Settings {
    /// The nearest `kintsugi.toml` in `start` or a folder above it.
    pub fn find(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|folder| folder.join(FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Settings> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the configuration {}", path.display()))?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let mut settings = Settings::parse(&text, &root)
            .with_context(|| format!("{} is not a valid configuration", path.display()))?;
        settings.path = Some(path.to_path_buf());
        Ok(settings)
    }

    /// Parses configuration text; relative paths are taken from `root`.
    pub fn parse(text: &str, root: &Path) -> Result<Settings> {
        let mut file: SettingsFile = toml::from_str(text)?;
        let config = Config {
            select: file.select,
            ignore: file.ignore,
            severity: file.severity,
            remove_labels: file.remove_labels,
            allow: file.allow,
        };
        for (key, names) in [
            ("select", config.select.clone().unwrap_or_default()),
            ("ignore", config.ignore.clone()),
            ("severity", config.severity.keys().cloned().collect()),
        ] {
            let probe = Config {
                ignore: names,
                ..Config::default()
            };
            if let Some(unknown) = probe.unknown_rule_names().first() {
                bail!("`{key}`: unknown rule or category `{unknown}` (see `kintsugi rules`)");
            }
        }
        let mut exclude = GlobSetBuilder::new();
        for pattern in &file.exclude {
            // A pattern without a folder matches at any depth, as in .gitignore.
            let anchored = if pattern.contains('/') {
                pattern.trim_start_matches('/').to_string()
            } else {
                format!("**/{pattern}")
            };
            exclude.add(
                Glob::new(&anchored)
                    .with_context(|| format!("`exclude`: bad pattern `{pattern}`"))?,
            );
        }
        file.data.resolve(root);
        Ok(Settings {
            path: None,
            config,
            data: file.data,
            fail_on: file.fail_on,
            lexicon: file.lexicon.map(|p| root.join(p)),
            root: root.to_path_buf(),
            exclude: exclude.build()?,
        })
    }

    /// Whether an input path is excluded by the configuration.
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let absolute = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                std::env::current_dir().unwrap_or_default().join(p)
            }
        };
        let path = absolute(path);
        let root = absolute(&self.root);
        let relative = path.strip_prefix(&root).unwrap_or(&path);
        self.exclude.is_match(relative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let settings = Settings::parse(
            r#"
            fail-on = "error"
            select = ["punctuation", "stray-chinese"]
            ignore = ["punctuation/markdown-bold"]
            remove-labels = true
            lexicon = "corpus/lexicon.json"
            exclude = ["drafts/**", "*.md"]
            allow = ["共同富裕"]
            [severity]
            "punctuation" = "error"
            [data]
            gazetteer = ["names.toml"]
            "#,
            Path::new("/project"),
        )
        .unwrap();
        assert_eq!(settings.fail_on, Some(Severity::Error));
        assert!(settings.config.remove_labels);
        assert_eq!(settings.config.allow, vec!["共同富裕"]);
        assert_eq!(
            settings.lexicon,
            Some(PathBuf::from("/project/corpus/lexicon.json"))
        );
        assert_eq!(
            settings.data.gazetteer,
            vec![PathBuf::from("/project/names.toml")]
        );
        assert!(settings.is_excluded(Path::new("/project/drafts/a.txt")));
        assert!(settings.is_excluded(Path::new("/project/news/readme.md")));
        assert!(!settings.is_excluded(Path::new("/project/news/a.txt")));
    }

    #[test]
    fn an_unknown_key_or_rule_is_named() {
        let error = format!(
            "{:#}",
            Settings::parse("fial-on = \"error\"", Path::new(".")).unwrap_err()
        );
        assert!(error.contains("fial-on"), "{error}");
        let error = format!(
            "{:#}",
            Settings::parse("ignore = [\"punctuation/nope\"]", Path::new(".")).unwrap_err()
        );
        assert!(
            error.contains("`ignore`") && error.contains("punctuation/nope"),
            "{error}"
        );
        let error = format!(
            "{:#}",
            Settings::parse("[severity]\nstyle = \"loud\"", Path::new(".")).unwrap_err()
        );
        assert!(error.contains("loud"), "{error}");
    }
}
