//! Which mdBook versions the suite is made for.

use semver::{Version, VersionReq};

/// mdBook 0.4 from 0.4.37 (the first with today's preprocessor ordering and
/// `optional`), and every 0.5 release.
pub const SUPPORTED: &str = ">=0.4.37, <0.6.0";

/// A warning when the calling mdBook is outside [`SUPPORTED`]; `None` inside it.
/// Patch releases inside the range never warn.
pub fn check(member: &str, mdbook_version: &str) -> Option<String> {
    let supported = VersionReq::parse(SUPPORTED).expect("SUPPORTED is a valid requirement");
    match Version::parse(mdbook_version) {
        Ok(version) if supported.matches(&version) => None,
        // A pre-release of a supported minor (0.5.0-beta.1) is fine too.
        Ok(version) if !version.pre.is_empty() && version.major == 0 && version.minor == 5 => None,
        Ok(version) => Some(format!(
            "{member} supports mdBook 0.4.37 to 0.5.x, but is run by mdBook {version}; \
             it may misread the book (install a supported mdBook, or a newer {member})"
        )),
        Err(_) => Some(format!(
            "{member} could not read the mdBook version `{mdbook_version}`; it supports \
             mdBook 0.4.37 to 0.5.x"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supported_versions_do_not_warn() {
        for v in [
            "0.4.37",
            "0.4.52",
            "0.5.0",
            "0.5.4",
            "0.5.99",
            "0.5.0-beta.1",
        ] {
            assert_eq!(check("m", v), None, "{v}");
        }
    }

    #[test]
    fn others_warn() {
        for v in ["0.4.36", "0.6.0", "1.0.0", "garbage", ""] {
            assert!(check("m", v).is_some(), "{v}");
        }
    }
}
