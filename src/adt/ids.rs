//! What may stand in an ADT URL as an id: the rule the client applies to every path segment
//! before it builds a URL ([`segment_problem`]), and the twin id rules twinbridge enforces
//! wherever an id comes from outside (allocate's template and `--parent-from`, sync-telemetry
//! and watch-lifecycle resolution) ([`check_twin_id`]). Pure.

/// Longest twin id ADT accepts.
pub const MAX_TWIN_ID: usize = 512;

/// Why `segment` cannot be sent as one URL path segment, if it cannot: an empty segment, and `.`
/// and `..`, which URL libraries and servers resolve as "this" and "the parent" directory (the
/// `url` crate drops them, so twin `..` would become `PUT /digitaltwins`). Anything else is
/// percent-encoded into exactly one segment that decodes back to itself.
pub fn segment_problem(segment: &str) -> Option<&'static str> {
    match segment {
        "" => Some("it is empty"),
        "." | ".." => Some("`.` and `..` are not ids: a URL resolves them as directories"),
        _ => None,
    }
}

/// A twin id twinbridge will use: 1 to 512 characters, not `.` or `..`, no control characters,
/// no whitespace, none of `/ \ ? #` (they break URLs and logs).
pub fn check_twin_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("twin id is empty".into());
    }
    if id.chars().count() > MAX_TWIN_ID {
        return Err(format!(
            "twin id is {} characters long; ADT allows at most {MAX_TWIN_ID}",
            id.chars().count()
        ));
    }
    if let Some(why) = segment_problem(id) {
        return Err(format!("twin id {id:?} is refused: {why}"));
    }
    if let Some(c) = id
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || matches!(c, '/' | '\\' | '?' | '#'))
    {
        return Err(format!(
            "twin id {id:?} contains {c:?}; twin ids may not contain whitespace, control characters or / \\ ? #"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twin_ids() {
        for ok in ["dev-1", "thermostat.67", "...", ".hidden", "a..b", "é"] {
            assert!(check_twin_id(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".", "..", "a/b", "a b", "a?b", "a#b", "a\\b", "a\u{7}"] {
            assert!(check_twin_id(bad).is_err(), "{bad:?}");
        }
        let e = check_twin_id("..").unwrap_err();
        assert!(e.contains("\"..\"") && e.contains("directories"), "{e}");
        assert!(check_twin_id(&"x".repeat(MAX_TWIN_ID)).is_ok());
        assert!(check_twin_id(&"x".repeat(MAX_TWIN_ID + 1)).is_err());
    }

    /// One client for every case (it only builds URLs; nothing is sent).
    fn client() -> &'static crate::adt::AdtClient {
        static CLIENT: std::sync::LazyLock<crate::adt::AdtClient> =
            std::sync::LazyLock::new(|| {
                crate::adt::AdtClient::new(
                    crate::adt::AdtConfig::new("http://127.0.0.1:1/base/".parse().unwrap()),
                    std::sync::Arc::new(crate::auth::StaticToken("t".into())),
                )
                .unwrap()
            });
        &CLIENT
    }

    /// The path segments after `/base/digitaltwins/`, decoded.
    fn twin_segments(url: &url::Url) -> Vec<String> {
        url.path_segments()
            .unwrap()
            .skip(2)
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect()
    }

    #[test]
    fn the_client_refuses_to_build_a_url_from_a_dot_segment() {
        let c = client();
        for bad in ["..", ".", ""] {
            let e = c.url(&["digitaltwins", bad], &[]).unwrap_err();
            assert!(
                matches!(&e, crate::adt::AdtError::InvalidId { id, .. } if id == bad),
                "{e}"
            );
            assert!(
                c.url(&["digitaltwins", "t", "relationships", bad], &[])
                    .is_err()
            );
        }
        let u = c
            .url(&["digitaltwins", "a/..", "relationships"], &[])
            .unwrap();
        assert_eq!(u.path(), "/base/digitaltwins/a%2F../relationships");
    }

    proptest::proptest! {
        /// Any id the client accepts reaches ADT as exactly one path segment that decodes back
        /// to it (so no id can address another resource).
        #[test]
        fn accepted_ids_round_trip_as_one_segment(id in "(\\PC|[./%?#\\\\ ]){0,12}") {
            let c = client();
            match c.url(&["digitaltwins", &id], &[("x", "1")]) {
                Err(_) => proptest::prop_assert!(segment_problem(&id).is_some()),
                Ok(u) => proptest::prop_assert_eq!(twin_segments(&u), vec![id.clone()]),
            }
        }
    }
}
