//! The parts of a returned Word file, read from its zip with bounds: the file comes from
//! outside (a reviewer, an e-mail), so nothing in it is trusted — not the number of
//! entries, not the sizes the zip declares, not the compression ratio. A part is read
//! through a limit on the bytes actually inflated, whatever its header says.

use std::io::{Cursor, Read};

/// The largest Word file read (a reviewed report with pasted images stays far below).
pub const MAX_DOCX_BYTES: u64 = 64 * 1024 * 1024;
/// The largest part read, inflated (the report's `document.xml` is about 100 KB).
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// The most entries a package may list.
const MAX_ENTRIES: usize = 10_000;

/// A Word package opened for reading its parts.
pub struct Package {
    zip: zip::ZipArchive<Cursor<Vec<u8>>>,
}

impl Package {
    /// Opens the package; an error in plain words when it is not a zip or lists too many
    /// entries.
    pub fn open(bytes: Vec<u8>) -> Result<Package, String> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            format!("it is not a Word file (.docx): its zip container cannot be read ({e})")
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(format!(
                "its zip container lists {} entries, more than the {MAX_ENTRIES} a Word file has",
                zip.len()
            ));
        }
        Ok(Package { zip })
    }

    /// A part's text (UTF-8), `None` when the package has no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<String>, String> {
        let mut file = match self.zip.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(format!("its part {name} cannot be read: {e}")),
        };
        let mut bytes = Vec::new();
        // One byte more than the limit tells a part at the limit from a larger one.
        (&mut file)
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("its part {name} cannot be read: {e}"))?;
        if bytes.len() as u64 > MAX_PART_BYTES {
            return Err(format!(
                "its part {name} inflates to more than {} MiB",
                MAX_PART_BYTES / (1024 * 1024)
            ));
        }
        // A BOM is allowed before the XML declaration.
        let text = String::from_utf8(bytes)
            .map_err(|e| format!("its part {name} is not UTF-8 text: {e}"))?;
        Ok(Some(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }))
    }
}
