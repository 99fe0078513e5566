//! Workbooks that inflate past the caps (zip bombs) are refused quickly with a message,
//! whatever sizes their headers declare; a large company's export still imports.

use sop_planner::engine::demo::{demo_workspace, sample_workspace};
use sop_planner::engine::model::Cycle;
use sop_planner::store::export;
use sop_planner::store::import::{ImportFile, MAX_PART_BYTES, MAX_WORKBOOK_BYTES, import};
use std::io::{Cursor, Write};
use std::sync::OnceLock;
use std::time::Instant;

fn demo() -> Cycle {
    demo_workspace().cycles.remove(0)
}

/// An archive with sheet parts of `lens` bytes of `pattern` repeated, deflated at
/// `level`.
fn bomb(lens: &[u64], pattern: &[u8], level: i64) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(level));
    w.start_file("[Content_Types].xml", opts).unwrap();
    w.write_all(b"<Types/>").unwrap();
    let chunk: Vec<u8> = pattern.iter().copied().cycle().take(1 << 20).collect();
    for (i, len) in lens.iter().enumerate() {
        w.start_file(format!("xl/worksheets/sheet{}.xml", i + 1), opts)
            .unwrap();
        let mut left = *len;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            w.write_all(&chunk[..n]).unwrap();
            left -= n as u64;
        }
    }
    w.finish().unwrap().into_inner()
}

/// A part of zeros 1 MiB past the cap, with its header's honest sizes.
fn zero_bomb() -> &'static Vec<u8> {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| bomb(&[MAX_PART_BYTES + (1 << 20)], &[0], 1))
}

/// Overwrites the uncompressed size of every entry with `size` in both the local and
/// the central headers (as a hostile file would).
fn lie_about_sizes(mut b: Vec<u8>, size: u32) -> Vec<u8> {
    for (sig, at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let starts: Vec<usize> = b
            .windows(4)
            .enumerate()
            .filter(|(_, w)| w == sig)
            .map(|(i, _)| i)
            .collect();
        for s in starts {
            b[s + at..s + at + 4].copy_from_slice(&size.to_le_bytes());
        }
    }
    b
}

fn refusal(bytes: Vec<u8>) -> String {
    let t = Instant::now();
    let e = import(&[ImportFile::new("book.xlsx", bytes)], &demo()).unwrap_err();
    println!("refused in {:?}", t.elapsed());
    assert_eq!(e.len(), 1, "{e:?}");
    e[0].to_string()
}

#[test]
fn a_part_declaring_more_than_the_cap_is_refused_without_inflating() {
    let b = zero_bomb();
    println!("bomb: {} KB on disk", b.len() / 1000);
    assert_eq!(
        refusal(b.clone()),
        format!(
            "book.xlsx: part xl/worksheets/sheet1.xml declares {} bytes inflated, more than \
             100 MB; this is not a normal workbook",
            MAX_PART_BYTES + (1 << 20)
        )
    );
}

#[test]
fn a_part_whose_header_lies_is_counted_while_inflating() {
    let b = lie_about_sizes(zero_bomb().clone(), 4096);
    let t = Instant::now();
    assert_eq!(
        refusal(b),
        "book.xlsx: part xl/worksheets/sheet1.xml inflates past the 4096 bytes its header \
         declares; this is not a normal workbook"
    );
    assert!(t.elapsed().as_secs_f64() < 2.0, "{:?}", t.elapsed());
}

#[test]
#[ignore = "measurement (~1 min): cargo test --release --test import_zip -- --ignored --nocapture"]
fn measure_a_10_mb_bomb_and_a_20000_sku_export() {
    // The worst case: honest headers, each part just under the cap, about 2 GB in
    // all, so that everything up to the total cap is inflated before the refusal.
    let row = b"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>12.5</v></c></row>";
    let t = Instant::now();
    let b = bomb(&[MAX_PART_BYTES - 1; 10], row, 9);
    println!(
        "bomb: {:.1} MB on disk, {:.1} GB inflated, built in {:?}",
        b.len() as f64 / 1e6,
        10.0 * MAX_PART_BYTES as f64 / 1e9,
        t.elapsed()
    );
    let m = refusal(b);
    assert!(m.contains("inflate past 150 MB together"), "{m}");

    let c = sample_workspace(20_000).cycles.remove(0);
    let bytes = export::workbook(&c).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    let (mut total, mut biggest) = (0u64, (0u64, String::new()));
    for i in 0..zip.len() {
        let mut p = zip.by_index(i).unwrap();
        let n = std::io::copy(&mut p, &mut std::io::sink()).unwrap();
        total += n;
        if n > biggest.0 {
            biggest = (n, p.name().unwrap().to_string());
        }
    }
    println!(
        "20,000-SKU export: {:.1} MB on disk, {:.1} MiB inflated, biggest part {} {:.1} MiB",
        bytes.len() as f64 / 1e6,
        total as f64 / (1 << 20) as f64,
        biggest.1,
        biggest.0 as f64 / (1 << 20) as f64
    );
    assert!(biggest.0 < MAX_PART_BYTES && total < MAX_WORKBOOK_BYTES);
    let t = Instant::now();
    let into = sop_planner::store::import::empty_cycle("x", c.label);
    let r = import(&[ImportFile::new("big.xlsx", bytes)], &into)
        .unwrap_or_else(|e| panic!("{:?}", &e[..e.len().min(5)]));
    println!("imported in {:?}", t.elapsed());
    assert_eq!(r.cycle.master.products.len(), 20_000);
}
