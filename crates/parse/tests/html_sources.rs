//! Per-source extraction on fixture pages shaped like each site's markup
//! (article container, date element, language switcher, chrome around
//! them), with the rules of the real `corpus/sources.toml`.

use chrono::NaiveDate;
use pressroom_model::Lang;
use pressroom_model::sources::SourcesConfig;
use pressroom_parse::html::{ExtractedPage, extract_html};
use std::path::Path;

fn sources() -> SourcesConfig {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sources.toml");
    SourcesConfig::load(&path).expect("corpus/sources.toml loads")
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Extract with the rules of the source owning the URL's host.
fn extract(name: &str, url: &str) -> ExtractedPage {
    let cfg = sources();
    let host = url::Url::parse(url)
        .unwrap()
        .host_str()
        .unwrap()
        .to_string();
    let source = cfg
        .for_host(&host)
        .unwrap_or_else(|| panic!("no source for {host}"));
    extract_html(&fixture(name), Some(url), Some(&source.extract)).expect("text extracted")
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn assert_body(page: &ExtractedPage, first: &str, last: &str) {
    let body = page.body();
    assert!(
        page.paragraphs
            .first()
            .is_some_and(|p| p.starts_with(first)),
        "body should start with {first:?}:\n{body}"
    );
    assert!(
        page.paragraphs.last().is_some_and(|p| p.ends_with(last)),
        "body should end with {last:?}:\n{body}"
    );
}

fn assert_no_chrome(page: &ExtractedPage, chrome: &[&str]) {
    let body = page.body();
    for c in chrome {
        assert!(
            !body.contains(c),
            "chrome {c:?} leaked into the body:\n{body}"
        );
    }
}

#[test]
fn hrw_release() {
    let p = extract(
        "hrw.html",
        "https://www.hrw.org/news/2021/07/07/kazakhstan-crackdown-government-critics",
    );
    assert_eq!(p.title, "Kazakhstan: Crackdown on Government Critics");
    assert_eq!(p.published, date(2021, 7, 7));
    assert_eq!(p.lang_hint, Some(Lang::En));
    assert_body(
        &p,
        "(Berlin) – The authorities in Kazakhstan",
        "said a researcher at Human Rights Watch.",
    );
    assert!(
        p.paragraphs
            .iter()
            .any(|x| x == "Prosecutions Under Extremism Laws"),
        "subheading kept"
    );
    assert_no_chrome(
        &p,
        &[
            "Share this via",
            "350 Fifth Avenue",
            "cookies",
            "Related Content",
            "Free Speech",
        ],
    );
    assert_eq!(
        p.alternates,
        vec![(
            Lang::Ru,
            "https://www.hrw.org/ru/news/2021/07/06/379156".to_string()
        )]
    );
    assert_eq!(
        p.canonical_url.as_deref(),
        Some("https://www.hrw.org/news/2021/07/07/kazakhstan-crackdown-government-critics")
    );
    assert_eq!(p.publisher.as_deref(), Some("Human Rights Watch"));
}

#[test]
fn amnesty_release() {
    let url = "https://www.amnesty.org/en/latest/news/2020/02/kazakhstan-dozens-detained-in-a-crackdown-on-peaceful-protest/";
    let p = extract("amnesty.html", url);
    assert_eq!(
        p.title,
        "Kazakhstan: Dozens detained in a crackdown on peaceful protest"
    );
    assert_eq!(p.published, date(2020, 2, 22));
    assert_eq!(p.lang_hint, Some(Lang::En));
    assert_body(
        &p,
        "Responding to the detention of dozens",
        "routinely refused to critics of the government.",
    );
    assert_no_chrome(
        &p,
        &[
            "WhatsApp",
            "Peter Benenson House",
            "Hundreds arrested",
            "cookies",
        ],
    );
    assert!(p.alternates.contains(&(
        Lang::Ru,
        "https://www.amnesty.org/ru/latest/news/2020/02/kazakhstan-dozens-detained-in-a-crackdown-on-peaceful-protest/".to_string()
    )));
    assert!(
        !p.alternates.iter().any(|(l, _)| *l == Lang::En),
        "the page itself is no alternate"
    );
    assert_eq!(p.authors, vec!["Amnesty International".to_string()]);
}

#[test]
fn omct_statement() {
    let url = "https://www.omct.org/en/resources/urgent-interventions/eu-urged-to-insist-on-concrete-measures-to-address-pressing-human-rights-issues";
    let p = extract("omct.html", url);
    assert_eq!(
        p.title,
        "EU urged to insist on concrete measures to address pressing human rights issues"
    );
    assert_eq!(p.published, date(2016, 11, 23));
    assert_eq!(p.lang_hint, Some(Lang::En));
    assert_body(
        &p,
        "Brussels-Almaty, 23 November 2016.",
        "World Organisation Against Torture (OMCT).",
    );
    assert_no_chrome(
        &p,
        &[
            "Related articles",
            "Trade union leader",
            "Rue du Vieux-Billard",
            "Make a donation",
        ],
    );
    // French and Spanish versions exist but are neither English nor Russian.
    assert!(p.alternates.is_empty(), "{:?}", p.alternates);
}

#[test]
fn civicus_bilingual_release() {
    let url = "https://www.civicus.org/index.php/media-resources/news/5842-kazakhstan-release-detained-activists";
    let p = extract("civicus.html", url);
    assert_eq!(p.title, "Kazakhstan: Release detained activists");
    assert_eq!(p.published, date(2022, 6, 21));
    assert_eq!(p.lang_hint, Some(Lang::En));
    // Both halves are kept, in order, for the language splitter.
    assert_body(
        &p,
        "English",
        "оценивается CIVICUS Monitor как подавленное.",
    );
    assert!(p.paragraphs.iter().any(|x| x == "Русский"));
    assert_no_chrome(
        &p,
        &[
            "Prev",
            "Uzbekistan: Free bloggers",
            "Gwigwi Mrwebi",
            "Print",
        ],
    );
    assert_eq!(p.authors, vec!["CIVICUS".to_string()]);
}

#[test]
fn bureau_kz_release() {
    let url = "https://bureau.kz/monitoring_2/mejdunarodnye_otchety_2/kazahstan-repressii-protiv-kritikov-vlasti/";
    let p = extract("bureau.html", url);
    assert_eq!(p.title, "Казахстан: репрессии против критиков власти");
    assert_eq!(
        p.published,
        date(2021, 7, 6),
        "published, not updated, date"
    );
    assert_eq!(p.lang_hint, Some(Lang::Ru));
    assert_body(
        &p,
        "Власти Казахстана должны прекратить",
        "Источник: Human Rights Watch",
    );
    assert_no_chrome(
        &p,
        &[
            "Поделиться",
            "Telegram",
            "Читайте также",
            "Кунаева",
            "Свежие записи",
        ],
    );
    assert_eq!(
        p.alternates,
        vec![(
            Lang::En,
            "https://bureau.kz/en/kazakhstan-repression-of-government-critics/".to_string()
        )]
    );
}

#[test]
fn acca_release() {
    let p = extract("acca.html", "https://acca.media/2022/06/blogger-zaderzhan/");
    assert_eq!(
        p.title,
        "В Узбекистане задержан блогер, критиковавший местные власти"
    );
    assert_eq!(
        p.published,
        date(2022, 6, 21),
        "Russian month name in the visible date"
    );
    assert_eq!(p.lang_hint, Some(Lang::Ru));
    assert_body(
        &p,
        "Ташкент, 21 июня 2022 г.",
        "требуют его немедленного освобождения.",
    );
    assert_no_chrome(
        &p,
        &[
            "Подписывайтесь",
            "Похожие материалы",
            "Facebook",
            "info@acca.media",
        ],
    );
    assert_eq!(
        p.alternates,
        vec![(
            Lang::En,
            "https://acca.media/en/2022/06/blogger-detained/".to_string()
        )]
    );
    assert_eq!(p.authors, vec!["Редакция ACCA".to_string()]);
}

/// Without any rule, the generic layer still finds each fixture's article
/// text and leaves the site chrome out.
#[test]
fn generic_layer_alone_finds_every_fixture_article() {
    let cases = [
        (
            "hrw.html",
            "The authorities in Kazakhstan have opened criminal cases",
            "350 Fifth Avenue",
        ),
        (
            "amnesty.html",
            "People were detained simply for standing",
            "Peter Benenson House",
        ),
        (
            "omct.html",
            "Ahead of the annual EU-Kazakhstan Human Rights Dialogue",
            "Rue du Vieux-Billard",
        ),
        (
            "civicus.html",
            "Глобальный альянс гражданского общества",
            "Gwigwi Mrwebi",
        ),
        (
            "bureau.html",
            "уголовные дела по статьям об «экстремизме»",
            "Кунаева",
        ),
        (
            "acca.html",
            "блогер неоднократно получал предупреждения",
            "info@acca.media",
        ),
    ];
    for (name, inside, chrome) in cases {
        let p = extract_html(&fixture(name), None, None).expect("text extracted");
        let body = p.body();
        assert!(body.contains(inside), "{name}: missing {inside:?}:\n{body}");
        assert!(
            !body.contains(chrome),
            "{name}: chrome {chrome:?} kept:\n{body}"
        );
    }
}

#[test]
fn implausible_metadata_dates_are_rejected() {
    let html = r#"<html lang="en"><head>
        <meta property="article:published_time" content="2999-01-01T00:00:00Z">
        </head><body><article><h1>Statement</h1>
        <p>Date: 3 March 2015</p>
        <p>The organisation today called for the release of all detained journalists, saying that their work is protected.</p>
        </article></body></html>"#;
    let p = extract_html(html, None, None).unwrap();
    assert_eq!(
        p.published,
        date(2015, 3, 3),
        "future metadata date ignored, labelled line used"
    );

    let old = html.replace("2999-01-01", "1970-01-01");
    assert_eq!(
        extract_html(&old, None, None).unwrap().published,
        date(2015, 3, 3)
    );
}

#[test]
fn page_without_text_is_an_error() {
    let html = "<html><body><nav><a href='/'>Home</a></nav><footer>© 2020</footer></body></html>";
    assert!(extract_html(html, None, None).is_err());
}
