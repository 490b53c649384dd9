//! Site-shaped fixtures for the six sources, served by the test site under
//! their real host names.

use pressroom_fetch::testsite::{Reply, TestSite};

/// An article the crawl must end up storing.
pub struct Expected {
    pub url: &'static str,
    pub lang: &'static str,
    pub title: &'static str,
    pub date: &'static str,
    /// URL of its other-language version, when it has one.
    pub translation: Option<&'static str>,
}

fn article(
    lang: &str,
    title: &str,
    date: &str,
    url: &str,
    alternates: &[(&str, &str)],
    body: &str,
) -> String {
    let mut links = String::new();
    let mut switcher = String::from("<ul class=\"language-switcher\">");
    for (l, href) in alternates {
        links.push_str(&format!(
            "<link rel=\"alternate\" hreflang=\"{l}\" href=\"{href}\">"
        ));
        switcher.push_str(&format!(
            "<li><a hreflang=\"{l}\" href=\"{href}\">{l}</a></li>"
        ));
    }
    switcher.push_str("</ul>");
    let paragraphs: String = body.split("\n\n").map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"canonical\" href=\"{url}\">{links}\
         <meta property=\"article:published_time\" content=\"{date}T10:00:00+00:00\"></head>\
         <body><header><nav><a href=\"/\">Home</a></nav>{switcher}</header>\
         <main><article><h1>{title}</h1><time datetime=\"{date}\">{date}</time>{paragraphs}</article></main>\
         <footer>© Fixture</footer></body></html>"
    )
}

const EN_BODY: &str = "The authorities in Kazakhstan have detained dozens of peaceful protesters in Almaty and Nur-Sultan, human rights groups said today.\n\nAt least 50 people were held for up to 15 days under the law on peaceful assemblies; several said police beat them.\n\nThe government should release everyone held solely for exercising their rights and investigate the allegations of ill-treatment.";
const RU_BODY: &str = "Власти Казахстана задержали десятки мирных протестующих в Алматы и Нур-Султане, заявили сегодня правозащитные организации.\n\nПо меньшей мере 50 человек были задержаны на срок до 15 суток по закону о мирных собраниях; некоторые заявили, что полиция их избивала.\n\nПравительство должно освободить всех, кто задержан исключительно за осуществление своих прав, и расследовать сообщения о жестоком обращении.";

fn rss(items: &[(&str, &str, &str)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>News</title><link>https://example.org/</link><description>d</description>",
    );
    for (title, link, date) in items {
        xml.push_str(&format!(
            "<item><title>{title}</title><link>{}</link><pubDate>{date}</pubDate></item>",
            link.replace('&', "&amp;")
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

/// Serve all six sources; returns the articles a crawl must store.
pub fn serve_six_sources(site: &TestSite) -> Vec<Expected> {
    let mut expected = Vec::new();

    // Human Rights Watch: robots.txt names a sitemap index; /ru has a feed.
    let hrw_en = "https://www.hrw.org/news/2021/07/07/kazakhstan-crackdown-government-critics";
    let hrw_ru = "https://www.hrw.org/ru/news/2021/07/06/379156";
    site.put(
        "https://www.hrw.org/robots.txt",
        Reply::typed(
            "text/plain",
            "User-agent: *\nDisallow: /admin/\nSitemap: https://www.hrw.org/sitemap.xml\n",
        ),
    );
    site.put("https://www.hrw.org/sitemap.xml", Reply::typed("application/xml",
        "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
         <sitemap><loc>https://www.hrw.org/sitemap-news-2021.xml</loc><lastmod>2021-07-08</lastmod></sitemap></sitemapindex>"));
    site.put("https://www.hrw.org/sitemap-news-2021.xml", Reply::typed("application/xml", format!(
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
         <url><loc>{hrw_en}</loc><lastmod>2021-07-07</lastmod></url>\
         <url><loc>https://www.hrw.org/about-us</loc></url></urlset>")).gzipped());
    site.put(
        "https://www.hrw.org/ru/rss/news",
        Reply::typed(
            "application/rss+xml",
            rss(&[(
                "Казахстан",
                &format!("{hrw_ru}?utm_source=rss&utm_medium=feed"),
                "Tue, 06 Jul 2021 09:00:00 GMT",
            )]),
        ),
    );
    let title = "Kazakhstan: Crackdown on Government Critics";
    site.put(
        hrw_en,
        Reply::html(article(
            "en",
            title,
            "2021-07-07",
            hrw_en,
            &[("en", hrw_en), ("ru", hrw_ru)],
            EN_BODY,
        ))
        .with_etag(),
    );
    expected.push(Expected {
        url: hrw_en,
        lang: "en",
        title,
        date: "2021-07-07",
        translation: Some(hrw_ru),
    });
    let title = "Казахстан: репрессии против критиков власти";
    site.put(
        hrw_ru,
        Reply::html(article(
            "ru",
            title,
            "2021-07-06",
            hrw_ru,
            &[("en", hrw_en), ("ru", hrw_ru)],
            RU_BODY,
        ))
        .with_etag(),
    );
    expected.push(Expected {
        url: hrw_ru,
        lang: "ru",
        title,
        date: "2021-07-06",
        translation: Some(hrw_en),
    });

    // Amnesty: English feed (with one off-topic item), Russian listing with two pages.
    let am_en = "https://www.amnesty.org/en/latest/news/2020/02/kazakhstan-dozens-detained-in-a-crackdown-on-peaceful-protest/";
    let am_ru = "https://www.amnesty.org/ru/latest/news/2020/02/kazakhstan-dozens-detained-in-a-crackdown-on-peaceful-protest/";
    let am_ru2 = "https://www.amnesty.org/ru/latest/news/2020/01/kazakhstan-activist-sentenced/";
    let am_off = "https://www.amnesty.org/en/latest/news/2020/02/brazil-forest-defenders/";
    site.put(
        "https://www.amnesty.org/robots.txt",
        Reply::typed("text/plain", "User-agent: *\nDisallow: /en/search/\n"),
    );
    site.put(
        "https://www.amnesty.org/en/feed/",
        Reply::typed(
            "application/rss+xml; charset=utf-8",
            rss(&[
                ("Kazakhstan", am_en, "Sat, 22 Feb 2020 10:00:00 GMT"),
                ("Brazil", am_off, "Fri, 21 Feb 2020 10:00:00 GMT"),
            ]),
        )
        .with_etag(),
    );
    site.put("https://www.amnesty.org/ru/latest/news/", Reply::html(format!(
        "<html><body><article class=\"post\"><h2><a href=\"{am_ru}\">1</a></h2></article>\
         <a href=\"/ru/about/\">О нас</a><a class=\"pagination-next\" href=\"/ru/latest/news/page/2/\">Далее</a></body></html>")).with_etag());
    site.put("https://www.amnesty.org/ru/latest/news/page/2/", Reply::html(format!(
        "<html><body><article class=\"post\"><h2><a href=\"{am_ru2}\">2</a></h2></article></body></html>")).with_etag());
    let title = "Kazakhstan: Dozens detained in a crackdown on peaceful protest";
    site.put(
        am_en,
        Reply::html(article(
            "en",
            title,
            "2020-02-22",
            am_en,
            &[("ru", am_ru)],
            EN_BODY,
        ))
        .with_etag(),
    );
    expected.push(Expected {
        url: am_en,
        lang: "en",
        title,
        date: "2020-02-22",
        translation: Some(am_ru),
    });
    let title = "Казахстан: десятки задержанных в ходе разгона мирного протеста";
    site.put(
        am_ru,
        Reply::html(article(
            "ru",
            title,
            "2020-02-22",
            am_ru,
            &[("en", am_en)],
            RU_BODY,
        ))
        .with_etag(),
    );
    expected.push(Expected {
        url: am_ru,
        lang: "ru",
        title,
        date: "2020-02-22",
        translation: Some(am_en),
    });
    let title = "Казахстан: активист приговорён к лишению свободы";
    site.put(
        am_ru2,
        Reply::html(article("ru", title, "2020-01-15", am_ru2, &[], RU_BODY)).with_etag(),
    );
    expected.push(Expected {
        url: am_ru2,
        lang: "ru",
        title,
        date: "2020-01-15",
        translation: None,
    });
    site.put(am_off, Reply::html(article("en", "Brazil: forest defenders threatened", "2020-02-21", am_off, &[],
        "Defenders of the Amazon forest in Brazil face threats and attacks, the organisation said.\n\nThe authorities must protect them.")).with_etag());

    // OMCT: a listing page linking urgent interventions.
    let omct = "https://www.omct.org/en/resources/urgent-interventions/kazakhstan-arbitrary-detention-of-human-rights-defender";
    site.put("https://www.omct.org/robots.txt", Reply::status(404));
    site.put(
        "https://www.omct.org/en/resources/urgent-interventions",
        Reply::html(format!(
            "<html><body><div class=\"list\"><a href=\"{omct}?utm_campaign=list\">Kazakhstan</a>\
         <a href=\"/en/what-we-do\">What we do</a></div></body></html>"
        )),
    );
    let title = "Kazakhstan: Arbitrary detention of human rights defender";
    site.put(
        omct,
        Reply::html(article("en", title, "2022-03-10", omct, &[], EN_BODY)),
    );
    expected.push(Expected {
        url: omct,
        lang: "en",
        title,
        date: "2022-03-10",
        translation: None,
    });

    // CIVICUS: Joomla tag listing.
    let civ = "https://www.civicus.org/index.php/media-resources/news/5678-kazakhstan-civic-space-under-attack";
    site.put("https://www.civicus.org/index.php/component/tags/tag/kazakhstan", Reply::html(
        "<html><body><ul class=\"tag-list\"><li><a href=\"/index.php/media-resources/news/5678-kazakhstan-civic-space-under-attack#comments\">x</a></li></ul></body></html>"));
    let title = "Kazakhstan: Civic space under attack";
    site.put(
        civ,
        Reply::html(article("en", title, "2023-05-04", civ, &[], EN_BODY)),
    );
    expected.push(Expected {
        url: civ,
        lang: "en",
        title,
        date: "2023-05-04",
        translation: None,
    });

    // bureau.kz: feed with `?p=` forms; one page in windows-1251.
    let bkz1 = "https://bureau.kz/?p=61177";
    let bkz2 = "https://bureau.kz/?p=44991";
    site.put(
        "https://bureau.kz/robots.txt",
        Reply::typed("text/plain", "User-agent: *\nDisallow: /wp-admin/\n"),
    );
    site.put(
        "https://bureau.kz/feed/",
        Reply::typed(
            "application/rss+xml; charset=UTF-8",
            rss(&[
                (
                    "Репрессии",
                    "https://bureau.kz/?p=61177&utm_source=rss",
                    "Mon, 12 Jul 2021 08:00:00 +0000",
                ),
                (
                    "Отчёт",
                    "https://bureau.kz/?post_type=post&p=44991",
                    "Tue, 01 Jun 2021 08:00:00 +0000",
                ),
                (
                    "Отчёт (дубль)",
                    "https://bureau.kz/?p=44991&post_type=post",
                    "Tue, 01 Jun 2021 08:00:00 +0000",
                ),
            ]),
        ),
    );
    let title = "Казахстан: репрессии против критиков власти усиливаются";
    site.put(
        bkz1,
        Reply::html(article("ru", title, "2021-07-12", bkz1, &[], RU_BODY)),
    );
    expected.push(Expected {
        url: bkz1,
        lang: "ru",
        title,
        date: "2021-07-12",
        translation: None,
    });
    let title = "Международные отчёты: Казахстан";
    let cp1251 = article("ru", title, "2021-06-01", bkz2, &[], RU_BODY)
        .replace("charset=\"utf-8\"", "charset=\"windows-1251\"");
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&cp1251);
    site.put(
        bkz2,
        Reply::typed("text/html; charset=windows-1251", bytes.into_owned()),
    );
    expected.push(Expected {
        url: bkz2,
        lang: "ru",
        title,
        date: "2021-06-01",
        translation: None,
    });

    // ACCA: a post sitemap (gzip on the wire).
    let acca = "https://acca.media/kazakhstan-zhurnalisty-pod-davleniem/";
    site.put("https://acca.media/post-sitemap.xml", Reply::typed("application/xml", format!(
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{acca}</loc><lastmod>2024-02-02T10:00:00+00:00</lastmod></url></urlset>")));
    let title = "Казахстан: журналисты под давлением";
    site.put(
        acca,
        Reply::html(article("ru", title, "2024-02-02", acca, &[], RU_BODY)).gzipped(),
    );
    expected.push(Expected {
        url: acca,
        lang: "ru",
        title,
        date: "2024-02-02",
        translation: None,
    });

    expected
}
