//! A workspace handed over as one page (`store::handover`): built, read back exactly,
//! and hostile or damaged files refused with a sentence naming what is wrong.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::store::BackupError;
use sop_planner::store::handover::{
    AppAddress, HandoverError, MAX_PAGE, MAX_PAYLOAD, extract, file_name, is_page, page, payload,
    read_page, read_payload,
};

fn app() -> AppAddress {
    AppAddress::new(
        "https://plan.example.com/sop/#/demand",
        "https://plan.example.com",
    )
    .unwrap()
}

#[test]
fn a_page_round_trips_the_workspace_exactly() {
    let w = demo_workspace();
    let html = page(&w, &app(), "2026-12-05 00:30");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(is_page(&html));
    // What the page shows: company, newest cycle, products, date, the app's address
    // (its `#…` dropped), and the button.
    let newest = w.cycles.iter().map(|c| c.label).max().unwrap();
    assert!(html.contains(&format!("<h1 id=\"company\">{}</h1>", w.name)));
    assert!(html.contains(&format!("<dd id=\"cycle\">{newest}</dd>")));
    assert!(html.contains("<dd id=\"products\">30</dd>"));
    assert!(html.contains("<dd id=\"saved\">2026-12-05 00:30</dd>"));
    assert!(html.contains("<dd id=\"app-url\">https://plan.example.com/sop/</dd>"));
    assert!(html.contains(
        r#"{"origin":"https://plan.example.com","url":"https://plan.example.com/sop/"}"#
    ));
    assert!(html.contains("Open in the S&amp;OP app"));
    // The page itself may load nothing.
    assert!(html.contains("default-src 'none'"));
    // Read back: exactly the workspace, as the payload alone too.
    assert_eq!(extract(&html).unwrap(), payload(&w));
    assert_eq!(read_page(&html).unwrap(), w);
    assert_eq!(read_payload(&payload(&w)).unwrap(), w);
    // Packed: the demo's 27,998-byte backup JSON travels as 6,764 base64 characters
    // (deflate level 6): at least 4-fold smaller.
    let json = sop_planner::store::workspace_to_json(&w);
    assert!(
        payload(&w).len() * 4 < json.len(),
        "{} vs {}",
        payload(&w).len(),
        json.len()
    );
    assert_eq!(file_name(&w), "Northwind Cycles (demo).sop.html");
}

#[test]
fn markup_in_a_company_name_cannot_break_out() {
    let mut w = demo_workspace();
    w.name = "</script><script>alert(1)</script> & Co \"quoted\"".into();
    let html = page(&w, &app(), "<b>today</b>");
    // Exactly the page's own four `<script` (config, payload, code) and none of the name's.
    assert_eq!(html.matches("<script").count(), 3, "{html}");
    assert!(!html.contains("alert(1)</script>"));
    assert!(html.contains(
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co &quot;quoted&quot;"
    ));
    assert!(html.contains("&lt;b&gt;today&lt;/b&gt;"));
    assert_eq!(read_page(&html).unwrap(), w);
    assert_eq!(
        file_name(&w),
        "--script--script-alert(1)--script- - Co -quoted-.sop.html"
    );
    // An address with markup is refused before it reaches a page; so is one whose origin
    // does not match.
    assert!(AppAddress::new("https://a.example/x", "https://b.example").is_err());
    assert!(AppAddress::new("javascript:alert(1)", "javascript:").is_err());
    assert!(AppAddress::new("https://a.example.evil.test/", "https://a.example").is_err());
    let odd = AppAddress::new("https://a.example/p?q=</script>", "https://a.example").unwrap();
    let html = page(&demo_workspace(), &odd, "now");
    assert!(html.contains(r#""url":"https://a.example/p?q=\u003c/script\u003e""#));
    assert_eq!(html.matches("</script>").count(), 3);
}

#[test]
fn damaged_and_foreign_files_are_refused_with_what_is_wrong() {
    let w = demo_workspace();
    let html = page(&w, &app(), "2026-12-05");
    // Cut in the middle of the payload.
    let at = html.find("sop-workspace").unwrap() + 5_000;
    let cut = &html[..at];
    let e = read_page(cut).unwrap_err();
    assert_eq!(e, HandoverError::Cut);
    assert!(e.to_string().contains("cut short"), "{e}");
    // A character changed inside the payload.
    let open = html.find("data-format=\"1\">").unwrap() + 17;
    let mut bad = html.clone();
    bad.replace_range(open + 100..open + 101, "!");
    let e = read_page(&bad).unwrap_err();
    assert_eq!(e, HandoverError::Corrupt("not base64"));
    // Base64 of something that is not packed data.
    let fake = html.replace(&payload(&w), &STANDARD.encode("hello, world, not deflate"));
    assert!(matches!(read_page(&fake), Err(HandoverError::Corrupt(_))));
    // Packed JSON that is not a backup: the restore's reader says so.
    let other = STANDARD.encode(miniz_oxide::deflate::compress_to_vec(br#"{"hello": 1}"#, 6));
    let e = read_page(&html.replace(&payload(&w), &other)).unwrap_err();
    assert!(
        matches!(e, HandoverError::Backup(BackupError::Unreadable(_))),
        "{e:?}"
    );
    assert!(e.to_string().contains("not a planner backup"), "{e}");
    // A backup that the restore's validation refuses (a negative price).
    let mut neg = w.clone();
    neg.cycles.last_mut().unwrap().master.products[0].price = "-5".parse().unwrap();
    let e = read_page(&page(&neg, &app(), "x")).unwrap_err();
    assert!(
        matches!(e, HandoverError::Backup(BackupError::Invalid { .. })),
        "{e:?}"
    );
    assert!(e.to_string().contains("price"), "{e}");
    // Any other page, a JSON backup, an empty payload, two payloads.
    assert_eq!(
        read_page("<!DOCTYPE html><p>hi</p>"),
        Err(HandoverError::NotAPage)
    );
    assert!(!is_page(&sop_planner::store::workspace_to_json(&w)));
    let empty = html.replace(&payload(&w), "");
    assert_eq!(
        read_page(&empty),
        Err(HandoverError::Backup(BackupError::Empty))
    );
    let open_tag = r#"<script type="application/json" id="sop-workspace" data-format="1">"#;
    let twice = format!("{html}{open_tag}AAAA</script>");
    assert_eq!(read_page(&twice), Err(HandoverError::Ambiguous));
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let huge = "A".repeat(MAX_PAYLOAD + 4);
    let e = read_payload(&huge).unwrap_err();
    assert_eq!(e, HandoverError::TooLarge);
    assert!(
        e.to_string().contains("larger than the app reads (48 MB"),
        "{e}"
    );
    let page = format!("<!DOCTYPE html>{}", " ".repeat(MAX_PAGE));
    assert_eq!(read_page(&page), Err(HandoverError::TooLarge));
}
