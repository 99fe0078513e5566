//! A workbook (a zip archive) is checked before calamine reads it: a zip bomb (a small
//! file whose parts inflate to gigabytes) is refused with a message instead of
//! exhausting the import worker's memory. The sizes the archive declares are not
//! trusted: every part is inflated into nothing, counting the bytes, up to the caps.

use std::io::{self, Cursor, Read};

/// Largest inflated size of one part (one sheet's XML, the shared strings): 100 MiB.
/// The biggest part of a 20,000-SKU company's export (its sales history sheet, 720,000
/// rows) inflates to 86 MiB, the largest company the app generates (`?sample=20000`).
pub const MAX_PART_BYTES: u64 = 100 << 20;
/// Largest inflated size of all parts together: 150 MiB (that export: 111 MiB).
pub const MAX_WORKBOOK_BYTES: u64 = 150 << 20;
/// Most parts (files inside the archive) a workbook may have.
pub const MAX_PARTS: usize = 10_000;

const MB: u64 = 1 << 20;

/// Why a workbook archive is refused.
#[derive(Debug)]
pub(crate) enum ZipProblem {
    /// Past a cap: a zip bomb or not a workbook at all.
    TooBig(String),
    /// A part cannot be inflated (a damaged file).
    Broken(String),
}

/// Limits of [`check_archive`].
#[derive(Clone, Copy)]
struct Caps {
    part: u64,
    total: u64,
    parts: usize,
}

const CAPS: Caps = Caps {
    part: MAX_PART_BYTES,
    total: MAX_WORKBOOK_BYTES,
    parts: MAX_PARTS,
};

/// Checks the workbook archive `bytes` against the caps. An archive the zip reader
/// cannot open at all passes (calamine then says what is wrong with it).
pub(crate) fn check_archive(bytes: &[u8]) -> Result<(), ZipProblem> {
    check_with(bytes, CAPS)
}

fn check_with(bytes: &[u8], caps: Caps) -> Result<(), ZipProblem> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let too_big =
        |what: String| ZipProblem::TooBig(format!("{what}; this is not a normal workbook"));
    if zip.len() > caps.parts {
        return Err(too_big(format!(
            "the archive holds {} parts, more than {}",
            zip.len(),
            caps.parts
        )));
    }
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 << 10];
    for i in 0..zip.len() {
        // The checksum is left to calamine: here only sizes count.
        let opts = zip::ZipReadOptions::new().ignore_crc32(true);
        let mut part = zip
            .by_index_with_options(i, opts)
            .map_err(|e| ZipProblem::Broken(format!("part {} cannot be read: {e}", i + 1)))?;
        let name = part
            .name()
            .map_or_else(|_| format!("#{}", i + 1), |n| n.into_owned());
        let declared = part.size();
        if declared > caps.part {
            return Err(too_big(format!(
                "part {name} declares {declared} bytes inflated, more than {} MB",
                caps.part / MB
            )));
        }
        // Count what really comes out (the declared size may lie).
        let cap = caps.part.min(caps.total - total);
        let mut n = 0u64;
        loop {
            match part.read(&mut buf) {
                Ok(0) => break,
                Ok(k) => n += k as u64,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                // The zip reader fails a part that runs past its declared size.
                Err(_) if n + buf.len() as u64 > declared => {
                    return Err(too_big(format!(
                        "part {name} inflates past the {declared} bytes its header declares"
                    )));
                }
                Err(e) => {
                    return Err(ZipProblem::Broken(format!(
                        "part {name} cannot be inflated: {e}"
                    )));
                }
            }
            if n > cap {
                return Err(too_big(if cap == caps.part {
                    format!("part {name} inflates past {} MB", caps.part / MB)
                } else {
                    format!("its parts inflate past {} MB together", caps.total / MB)
                }));
            }
        }
        total += n;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A workbook-like archive with parts of `sizes` bytes of zeros, deflated.
    fn archive(sizes: &[usize]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (i, n) in sizes.iter().enumerate() {
            w.start_file(format!("xl/worksheets/sheet{}.xml", i + 1), opts)
                .unwrap();
            w.write_all(&vec![0u8; *n]).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const SMALL: Caps = Caps {
        part: 1 << 20,
        total: 3 << 20,
        parts: 5,
    };

    fn refused(bytes: &[u8]) -> String {
        match check_with(bytes, SMALL) {
            Err(ZipProblem::TooBig(m)) => m,
            other => panic!("not refused as too big: {other:?}"),
        }
    }

    #[test]
    fn caps_on_each_part_the_whole_and_the_count() {
        assert!(check_with(&archive(&[1 << 20, 1 << 20, 1 << 20]), SMALL).is_ok());
        assert_eq!(
            refused(&archive(&[1000, (1 << 20) + 1])),
            "part xl/worksheets/sheet2.xml declares 1048577 bytes inflated, more than 1 MB; \
             this is not a normal workbook"
        );
        assert_eq!(
            refused(&archive(&[1 << 20, 1 << 20, 1 << 20, 1])),
            "its parts inflate past 3 MB together; this is not a normal workbook"
        );
        assert_eq!(
            refused(&archive(&[1; 6])),
            "the archive holds 6 parts, more than 5; this is not a normal workbook"
        );
        // Not a zip at all: left to calamine's own message.
        assert!(check_with(b"PK\x03\x04 garbage", SMALL).is_ok());
    }
}
