//! Properties of the fixture loader: any text (real fixture files mutated as bytes or as JSON)
//! is either a fixture or a list of lint errors, never a panic; a fixture that loads survives
//! a serde round trip; the `<issued:...>` reader takes any text.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use contract::props::{self, Mutation};
use contract::{Fixture, issued};
use proptest::prelude::*;
use proptest::sample::Index;

/// Every fixture file of every vendor: `(path, vendor folder, text)`, read once.
fn files() -> Vec<(PathBuf, String, String)> {
    static FILES: std::sync::LazyLock<Vec<(PathBuf, String, String)>> =
        std::sync::LazyLock::new(read_files);
    FILES.clone()
}

fn read_files() -> Vec<(PathBuf, String, String)> {
    let root = contract::fixture::workspace_root().join("fixtures");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let vendor = dir.file_name().unwrap().to_string_lossy().into_owned();
        for f in std::fs::read_dir(&dir).unwrap() {
            let path = f.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, vendor.clone(), text));
            }
        }
    }
    out.sort();
    out
}

fn loads_or_lists_errors(
    path: &std::path::Path,
    text: &str,
    vendor: &str,
) -> Result<(), TestCaseError> {
    match contract::fixture::parse_fixture(path, text, vendor) {
        Ok(fixture) => {
            // What loads survives serde.
            let back: Fixture = serde_json::from_value(serde_json::to_value(&fixture).unwrap())
                .map_err(|e| TestCaseError::fail(format!("round trip: {e}")))?;
            prop_assert_eq!(&back.exchanges, &fixture.exchanges);
            prop_assert_eq!(&back.input, &fixture.input);
        }
        Err(errors) => {
            prop_assert!(!errors.is_empty(), "an error result without errors");
            prop_assert!(errors.iter().all(|e| !e.message.is_empty()));
        }
    }
    Ok(())
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let value = props::arbitrary_json(vec![
        "vendor".into(),
        "operation".into(),
        "provenance".into(),
        "source".into(),
        "exchanges".into(),
        "request".into(),
        "response".into(),
        "status".into(),
        "headers".into(),
        "body".into(),
        "body_text".into(),
        "query".into(),
        "path".into(),
        "method".into(),
    ])
    .boxed();
    prop_oneof![
        3 => (any::<Index>(), value.clone()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => any::<Index>().prop_map(Mutation::Remove),
        2 => any::<Index>().prop_map(Mutation::Retype),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Byte(i, b)),
        1 => (any::<Index>(), value).prop_map(|(i, v)| Mutation::Duplicate(i, v)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_fixture_files_load_or_list_errors(
        file in prop::sample::select(files()),
        mutations in prop::collection::vec(mutation(), 1..4),
        pretty in any::<bool>(),
    ) {
        let (path, vendor, text) = file;
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let bytes = props::apply(value, &mutations);
        let mut mutated = String::from_utf8_lossy(&bytes).into_owned();
        if pretty && let Ok(p) = contract::fixture::pretty(&mutated) {
            mutated = p;
        }
        loads_or_lists_errors(&path, &mutated, &vendor)?;
    }

    #[test]
    fn any_text_loads_or_lists_errors(text in "\\PC{0,200}") {
        let path = PathBuf::from("fixtures/resos/bookings.get.json");
        loads_or_lists_errors(&path, &text, "resos")?;
    }

    #[test]
    fn issued_citations_take_any_text(text in "(<issued:)?[a-z\\[\\]0-9._-]{0,30}>?\\PC{0,8}", at in 0usize..4) {
        let fixtures = files();
        let (path, vendor, text_of_file) = &fixtures[at];
        let fixture = contract::fixture::parse_fixture(path, text_of_file, vendor).unwrap();
        let _ = issued::cite(&text);
        let _ = issued::resolve(&text, &fixture.exchanges, fixture.exchanges.len());
        let _ = issued::resolve(&format!("Bearer {text}"), &fixture.exchanges, 0);
    }
}

#[test]
fn every_fixture_file_loads_and_round_trips() {
    let files = files();
    assert!(files.len() > 100, "{} fixture files", files.len());
    for (path, vendor, text) in &files {
        let fixture = contract::fixture::parse_fixture(path, text, vendor)
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        assert_eq!(
            contract::fixture::pretty(text).unwrap(),
            *text,
            "{}",
            path.display()
        );
        let back: Fixture =
            serde_json::from_value(serde_json::to_value(&fixture).unwrap()).unwrap();
        assert_eq!(back.exchanges, fixture.exchanges, "{}", path.display());
    }
}
