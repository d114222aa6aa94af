//! Everything that touches the file system: finding inputs, reading and decoding them, writing results.
//! Rules never open files; they get text.

use crate::document::TextKind;
use std::fmt;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Extensions read when walking a directory. A file named explicitly is read whatever its extension.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md"];

/// Where one input comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

/// One input to check or fix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub source: Source,
    /// Its path below the argument that named it (the file name for a file argument): where `--out`
    /// writes its cleaned copy.
    pub relative: PathBuf,
}

impl Input {
    /// The path as shown in diagnostics and logs.
    pub fn display_path(&self) -> String {
        match &self.source {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(path) => path.display().to_string(),
        }
    }

    pub fn kind(&self) -> TextKind {
        match &self.source {
            Source::Stdin => TextKind::Plain,
            Source::File(path) => TextKind::from_path(path),
        }
    }
}

/// A problem with one input path or file; reported, then the run goes on with the other inputs.
#[derive(Debug)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl InputError {
    fn new(path: impl AsRef<Path>, message: impl Into<String>) -> InputError {
        InputError {
            path: path.as_ref().display().to_string(),
            message: message.into(),
        }
    }
}

/// Expands the command-line paths into inputs, sorted by path and without duplicates. `-` is stdin.
/// Directories are walked recursively (honouring .gitignore, skipping hidden files) for `extensions`.
pub fn collect_inputs(paths: &[PathBuf], extensions: &[&str]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                source: Source::Stdin,
                relative: PathBuf::from("stdin.txt"),
            });
            continue;
        }
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                errors.push(InputError::new(path, describe_io_error(&error)));
                continue;
            }
        };
        if metadata.is_dir() {
            let found_before = inputs.len();
            walk_directory(path, extensions, &mut inputs, &mut errors);
            if inputs.len() == found_before {
                let wanted: Vec<String> = extensions.iter().map(|e| format!("*.{e}")).collect();
                errors.push(InputError::new(
                    path,
                    format!("no text files here (looked for {})", wanted.join(", ")),
                ));
            }
        } else {
            let relative = path.file_name().map_or_else(|| path.clone(), PathBuf::from);
            inputs.push(Input {
                source: Source::File(path.clone()),
                relative,
            });
        }
    }
    inputs.sort();
    inputs.dedup_by(|a, b| a.source == b.source);
    (inputs, errors)
}

fn walk_directory(
    root: &Path,
    extensions: &[&str],
    inputs: &mut Vec<Input>,
    errors: &mut Vec<InputError>,
) {
    for entry in ignore::WalkBuilder::new(root).build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                errors.push(InputError::new(root, error.to_string()));
                continue;
            }
        };
        let path = entry.path();
        let wanted = entry.file_type().is_some_and(|t| t.is_file())
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
        if wanted {
            let relative = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            inputs.push(Input {
                source: Source::File(path.to_path_buf()),
                relative,
            });
        }
    }
}

/// Standard input, read once: a run reads its inputs twice (the corpus pass, then the check).
static STDIN: std::sync::OnceLock<Result<Vec<u8>, String>> = std::sync::OnceLock::new();

/// Reads an input as UTF-8 text. Invalid UTF-8 is an error that says where, and which Japanese encoding
/// the bytes look like, so the user can convert the file; nothing is guessed or rewritten.
pub fn read_text(input: &Input) -> Result<String, InputError> {
    let path = input.display_path();
    let bytes = match &input.source {
        Source::Stdin => STDIN
            .get_or_init(|| {
                let mut bytes = Vec::new();
                io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map(|_| bytes)
                    .map_err(|e| describe_io_error(&e))
            })
            .clone()
            .map_err(|message| InputError::new(&path, message))?,
        Source::File(file) => {
            std::fs::read(file).map_err(|e| InputError::new(&path, describe_io_error(&e)))?
        }
    };
    String::from_utf8(bytes).map_err(|error| {
        let bytes = error.as_bytes();
        let offset = error.utf8_error().valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        let mut message = format!("not valid UTF-8 (first bad byte at offset {offset}, line {line})");
        if let Some(encoding) = guess_encoding(bytes) {
            message.push_str(&format!(
                "; it decodes cleanly as {encoding}: convert it first, e.g. `iconv -f {encoding} -t UTF-8`"
            ));
        }
        InputError::new(&path, message)
    })
}

/// The legacy Japanese encoding (or the UTF-16 of a byte-order mark) that decodes `bytes` without error, if any.
fn guess_encoding(bytes: &[u8]) -> Option<&'static str> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return Some(encoding.name());
    }
    [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP]
        .into_iter()
        .find(|encoding| {
            encoding
                .decode_without_bom_handling_and_without_replacement(bytes)
                .is_some()
        })
        .map(|encoding| encoding.name())
}

/// An I/O error in words a user acts on, without Rust's `(os error N)` noise.
pub fn describe_io_error(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(cut) => text[..cut].to_string(),
                None => text,
            }
        }
    }
}

/// Replaces `path` with `contents` through a temporary file in the same directory and a rename, so a
/// crash never leaves a half-written article. The file keeps its permissions.
pub fn write_atomically(path: &Path, contents: &str) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(contents.as_bytes())?;
    file.commit()
}

/// Writes `contents` to `path`, creating its parent directories.
pub fn write_creating_parents(path: &Path, contents: &str) -> io::Result<()> {
    create_parents(path)?;
    write_atomically(path, contents)
}

/// Creates the directories `path` goes in.
pub fn create_parents(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent),
        None => Ok(()),
    }
}

/// A file written a piece at a time into a temporary file beside `path`, which [`AtomicFile::commit`]
/// moves over it: until then `path` holds what it held, and a run that stops early leaves it so.
pub struct AtomicFile {
    path: PathBuf,
    temporary: io::BufWriter<tempfile::NamedTempFile>,
    permissions: Option<std::fs::Permissions>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let directory = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let temporary = tempfile::Builder::new()
            .prefix(".kintsugi-")
            .tempfile_in(directory)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temporary: io::BufWriter::with_capacity(1 << 16, temporary),
            permissions: std::fs::metadata(path).ok().map(|m| m.permissions()),
        })
    }

    /// Writes what is buffered, syncs it to the disk and puts the file in its place, with the
    /// permissions the file it replaces had.
    pub fn commit(self) -> io::Result<()> {
        let temporary = self.temporary.into_inner().map_err(|e| e.into_error())?;
        temporary.as_file().sync_all()?;
        if let Some(permissions) = self.permissions {
            temporary.as_file().set_permissions(permissions)?;
        }
        temporary.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.temporary.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temporary.flush()
    }
}

/// Reads a kintsugi JSON file (a lexicon, a baseline) that names its format and version, and checks
/// both: an old or foreign file is a clear error, never a silent misreading.
pub fn read_versioned_json<T: serde::de::DeserializeOwned>(
    path: &Path,
    what: &str,
    expected: (&str, u32),
    found: impl Fn(&T) -> (String, u32),
) -> anyhow::Result<T> {
    use anyhow::Context as _;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the {what} {}", path.display()))?;
    let file: T = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a kintsugi {what}", path.display()))?;
    let (format, version) = found(&file);
    if (format.as_str(), version) != expected {
        anyhow::bail!(
            "{} is a {format} version {version} file; this kintsugi reads {} version {}",
            path.display(),
            expected.0,
            expected.1
        );
    }
    Ok(file)
}

/// The texts of this repository's reference folders (`seeds`, `fixtures`), folder by folder in path
/// order, so generated inputs are the same on every machine. For the crate's own tests and benchmarks.
#[doc(hidden)]
pub fn reference_texts(folders: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for folder in folders {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .expect("a reference folder")
            .map(|entry| entry.expect("a readable entry").path())
            .collect();
        paths.sort();
        texts.extend(
            paths
                .iter()
                .map(|path| std::fs::read_to_string(path).expect("a reference text")),
        );
    }
    texts
}

/// Every line of the reference texts in `folders`, for tests that hold a fast path to a slow one.
#[doc(hidden)]
pub fn reference_lines(folders: &[&str]) -> Vec<String> {
    reference_texts(folders)
        .iter()
        .flat_map(|text| text.lines().map(str::to_string))
        .collect()
}
