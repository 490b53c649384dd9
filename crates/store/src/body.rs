//! How a document's body is kept: a zstd frame in a BLOB.
//!
//! Why compress: a release's body (a few KB) filled most of a 4 KB SQLite
//! page alone, so the store was larger than the text it held, and an import
//! spent much of its time writing pages. At zstd's level 1 a body takes
//! about half its size.
//!
//! Stores written before compression hold bodies as TEXT; both forms are read
//! (SQLite keeps each value's own type in a column), so an old store needs no
//! rewrite. Each thread keeps its zstd contexts, rather than allocating and
//! setting up new ones for every body.

use std::cell::RefCell;

/// zstd's level 1 halves a body. Higher levels saved little more for much
/// more CPU, and negative levels saved markedly less.
const LEVEL: i32 = 1;

thread_local! {
    static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { RefCell::new(None) };
}

/// The stored form of `body`.
pub(crate) fn compress(body: &str) -> Vec<u8> {
    COMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let compressor = slot.get_or_insert_with(|| {
            let mut compressor =
                zstd::bulk::Compressor::new(LEVEL).expect("zstd accepts its own level 1");
            // A checksum makes a damaged page an error on reading, not a
            // body with the wrong words in it.
            compressor
                .include_checksum(true)
                .expect("zstd takes the checksum flag");
            compressor
        });
        // The output buffer has zstd's bound for the input, so compression
        // cannot run out of room; it fails only if zstd's own allocations do.
        compressor
            .compress(body.as_bytes())
            .expect("zstd compresses a body in memory")
    })
}

/// Why a stored body could not be read back.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BodyError {
    #[error("body is not a zstd frame of known size")]
    UnknownSize,
    #[error("body does not decompress: {0}")]
    Decompress(std::io::Error),
    #[error("body is not UTF-8: {0}")]
    Utf8(std::string::FromUtf8Error),
}

/// The text of a stored body.
pub(crate) fn decompress(stored: &[u8]) -> Result<String, BodyError> {
    let size = decompressed_size(stored).ok_or(BodyError::UnknownSize)?;
    let bytes = DECOMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let decompressor = match &mut *slot {
            Some(d) => d,
            None => slot.insert(zstd::bulk::Decompressor::new().map_err(BodyError::Decompress)?),
        };
        decompressor
            .decompress(stored, size)
            .map_err(BodyError::Decompress)
    })?;
    String::from_utf8(bytes).map_err(BodyError::Utf8)
}

/// At most the first `max_bytes` of a stored body's text, cut at a
/// character boundary: a reader that needs only the start of a huge body
/// (the indexer) never holds the rest. Only what it keeps is decompressed.
pub(crate) fn decompress_prefix(stored: &[u8], max_bytes: usize) -> Result<String, BodyError> {
    match decompressed_size(stored) {
        Some(size) if size <= max_bytes => return decompress(stored),
        None => return Err(BodyError::UnknownSize),
        Some(_) => {}
    }
    use std::io::Read;
    let decoder = zstd::stream::read::Decoder::new(stored).map_err(BodyError::Decompress)?;
    // One byte past the limit shows whether the limit cuts a character.
    let mut bytes = Vec::with_capacity(max_bytes + 1);
    decoder
        .take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(BodyError::Decompress)?;
    utf8_prefix(bytes, max_bytes).map_err(BodyError::Utf8)
}

/// The text of `bytes` up to `max_bytes`, without the character the limit
/// cuts. `bytes` may hold more than `max_bytes` (one byte more is enough to
/// see a cut character); it must be UTF-8 up to the cut.
pub(crate) fn utf8_prefix(
    mut bytes: Vec<u8>,
    max_bytes: usize,
) -> Result<String, std::string::FromUtf8Error> {
    if bytes.len() > max_bytes {
        let mut end = max_bytes;
        // Back off over continuation bytes (0b10xxxxxx) to a character's start.
        while end > 0 && (bytes[end] & 0xC0) == 0x80 {
            end -= 1;
        }
        bytes.truncate(end);
    }
    String::from_utf8(bytes)
}

/// The length in bytes of the text `stored` holds, read from its frame
/// header without decompressing. `None` for what is not a frame that states
/// its size (every frame [`compress`] makes does), or states an absurd one.
pub(crate) fn decompressed_size(stored: &[u8]) -> Option<usize> {
    // zstd's densest block repeats one byte: 128 KiB from 4 bytes. A frame
    // claiming to expand further than that is damaged, and refusing it keeps
    // a corrupt header from making us allocate gigabytes.
    const MAX_RATIO: usize = (128 << 10) / 4;
    let size = zstd::zstd_safe::get_frame_content_size(stored).ok()??;
    let size = usize::try_from(size).ok()?;
    (size <= stored.len().saturating_mul(MAX_RATIO)).then_some(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_round_trip_in_both_scripts() {
        for body in [
            "",
            "Human Rights Watch said on Monday that Kazakhstan should investigate torture.",
            "Казахстанское международное бюро по правам человека выразило обеспокоенность.\n\nВторой абзац.",
        ] {
            let stored = compress(body);
            assert_eq!(decompressed_size(&stored), Some(body.len()));
            assert_eq!(decompress(&stored).unwrap(), body);
        }
    }

    #[test]
    fn a_prefix_is_cut_at_a_character_and_a_short_body_is_whole() {
        let body = "пытки ".repeat(100_000);
        let stored = compress(&body);
        for max in [0, 1, 2, 3, 10, 11, 4095, 1 << 20] {
            let prefix = decompress_prefix(&stored, max).unwrap();
            assert!(prefix.len() <= max && prefix.len() + 2 > max.min(body.len()));
            assert!(body.starts_with(&prefix));
        }
        assert_eq!(decompress_prefix(&stored, body.len()).unwrap(), body);
        assert_eq!(
            decompress_prefix(&compress("short"), 1 << 20).unwrap(),
            "short"
        );
    }

    #[test]
    fn a_body_of_one_word_repeated_round_trips() {
        // A file of one line repeated compresses thousands of times over.
        let body = "torture ".repeat(1_500_000);
        let stored = compress(&body);
        assert!(stored.len() * 4096 < body.len());
        assert_eq!(decompress(&stored).unwrap(), body);
    }

    #[test]
    fn a_release_is_stored_in_well_under_half_its_size() {
        let body = "The authorities of Kazakhstan must release the activists detained after the \
                    protests in Almaty and investigate allegations of torture in custody, the \
                    organisations said. Власти Казахстана должны освободить активистов, \
                    задержанных после протестов в Алматы, и расследовать сообщения о пытках. "
            .repeat(8);
        let stored = compress(&body);
        assert!(
            stored.len() * 2 < body.len(),
            "{} of {} bytes",
            stored.len(),
            body.len()
        );
    }

    #[test]
    fn damaged_bodies_are_errors_not_panics() {
        let stored = compress("Токаев said the reforms would continue.");
        assert!(matches!(
            decompress(b"plain bytes"),
            Err(BodyError::UnknownSize)
        ));
        assert!(decompress(&stored[..stored.len() - 3]).is_err());
        // Every byte after the header, flipped in turn: the checksum (or
        // the decoder before it) refuses each.
        for at in 6..stored.len() {
            let mut flipped = stored.clone();
            flipped[at] ^= 0x5a;
            assert!(decompress(&flipped).is_err(), "byte {at} flipped was read");
        }
    }
}
