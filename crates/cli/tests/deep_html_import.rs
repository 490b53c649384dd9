//! `pressroom import` of a folder holding a page of 100,000 nested `div`s
//! beside ordinary pages: the process does not abort, the good pages are
//! imported, and the deep page is imported or reported by name.

mod common;

use common::Home;

const GOOD: [&str; 3] = ["almaty", "bishkek", "tashkent"];

fn good_page(city: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Protesters detained in {city}</title></head>\
         <body><article><h1>Protesters detained in {city}</h1>\
         <p>Police in {city} detained dozens of peaceful protesters on Saturday, and a court \
         sentenced several of them to administrative arrest, human rights defenders said.</p>\
         <p>The defenders called on the authorities in {city} to release everyone held for \
         taking part in the peaceful assembly and to investigate reports of ill-treatment.</p>\
         </article></body></html>"
    )
}

fn deep_page(depth: usize) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Deep page</title></head><body>{}\
         <p>Hidden in the depths, the statement on torture in pre-trial detention was read \
         aloud to the court, and the lawyers asked for an independent investigation.</p>{}\
         </body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
}

#[test]
fn a_folder_with_a_deeply_nested_page_imports_its_good_pages() {
    let home = Home::empty();
    let dir = home.path().join("pages");
    std::fs::create_dir_all(&dir).unwrap();
    for city in GOOD {
        std::fs::write(dir.join(format!("{city}.html")), good_page(city)).unwrap();
    }
    std::fs::write(dir.join("deep.html"), deep_page(100_000)).unwrap();

    let out = home.run(&["import", dir.to_str().unwrap(), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "import exited with {:?}:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let failed = summary["failed"].as_array().unwrap();
    let deep_failed = failed
        .iter()
        .any(|f| f["path"].as_str().unwrap().ends_with("deep.html"));
    assert!(
        failed.len() <= usize::from(deep_failed),
        "only the deep page may fail: {summary}"
    );

    let docs = home.documents();
    for city in GOOD {
        assert!(
            docs.iter()
                .any(|d| d["title"] == format!("Protesters detained in {city}")),
            "{city} missing: {docs:?}"
        );
    }
    let deep_imported = docs.iter().any(|d| {
        d["text"]
            .as_str()
            .unwrap_or("")
            .contains("Hidden in the depths")
    });
    assert!(
        deep_imported || deep_failed,
        "the deep page was neither imported nor reported: {summary}"
    );
}
