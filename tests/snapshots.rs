//! Snapshots of the findings (as the fix log renders them) and of the fixed text for every seed and
//! fixture, in the top-level snapshots/ folder. With CI=true a changed or missing snapshot fails.

use kintsugi::{Engine, TextKind};
use std::collections::BTreeSet;
use std::path::Path;

fn snapshot_file(kind_of_file: &str, path: &Path) {
    let text = std::fs::read_to_string(path).expect("seeds and fixtures are UTF-8");
    let engine = Engine::default();
    let fixed = engine.fix(&text, TextKind::from_path(path));
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("{kind_of_file}-findings"), fixed.log.to_string());
        insta::assert_snapshot!(format!("{kind_of_file}-fixed"), fixed.text);
    });
}

#[test]
fn seeds() {
    insta::glob!("../seeds", "*.txt", |path| snapshot_file("seed", path));
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "*.*", |path| snapshot_file("fixture", path));
}

/// A snapshot whose seed or fixture is gone would never be checked again: it must be deleted.
#[test]
fn no_stale_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut expected = BTreeSet::new();
    for (folder, kind_of_file) in [("seeds", "seed"), ("fixtures", "fixture")] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            for part in ["findings", "fixed"] {
                expected.insert(format!("{kind_of_file}-{part}@{name}.snap"));
            }
        }
    }
    let present: BTreeSet<String> = std::fs::read_dir(root.join("snapshots"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".snap"))
        .collect();
    let stale: Vec<&String> = present.difference(&expected).collect();
    assert!(stale.is_empty(), "stale snapshots: {stale:?}");
}
