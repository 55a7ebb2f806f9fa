//! Generated 5,000-direction feeds in every format read back to exactly what was written.

use ratelink_core::model::Direction;
use ratelink_core::testgen;
use ratelink_core::{parse_feed, FeedFormat, FeedStatus};

fn sorted(mut v: Vec<Direction>) -> Vec<Direction> {
    v.sort_by(|a, b| (&a.from, &a.to, &a.city).cmp(&(&b.from, &b.to, &b.city)));
    v
}

#[test]
fn five_thousand_directions_in_every_format() {
    let dirs = testgen::directions(5000, 7);
    for format in testgen::FORMATS {
        let text = testgen::write(format, &dirs);
        let feed = parse_feed(text.as_bytes(), None).unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert_eq!(feed.format, format);
        assert_eq!(feed.status, FeedStatus::Ok);
        assert_eq!(feed.skipped, vec![], "{format:?}");
        assert_eq!(feed.warnings, Vec::<String>::new(), "{format:?}");
        assert_eq!(feed.directions.len(), 5000, "{format:?}");
        let want = sorted(dirs.iter().map(|d| testgen::expected(format, d)).collect());
        let got = sorted(feed.directions);
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{format:?}");
        }
    }
}

#[test]
fn generated_feeds_differ_by_seed_and_repeat_by_seed() {
    assert_eq!(testgen::directions(50, 3), testgen::directions(50, 3));
    assert_ne!(testgen::directions(50, 3), testgen::directions(50, 4));
    let xml = testgen::feed(FeedFormat::XmlV11, 10);
    assert_eq!(xml.matches("<item>").count(), 10);
}
