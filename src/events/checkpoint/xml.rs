//! A purpose-written reader for the one XML document the blob store reads: the List Blobs
//! result (`restype=container&comp=list&include=metadata`). Pure.
//!
//! It understands elements, attributes (only `Encoded` on `<Name>` matters), character and
//! entity references, CDATA, comments and the XML declaration; that is all Blob Storage sends.

/// One blob from a listing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BlobItem {
    pub name: String,
    pub etag: Option<String>,
    /// RFC 1123 date as sent (`Fri, 27 Nov 2026 10:00:00 GMT`).
    pub last_modified: Option<String>,
    /// Metadata in document order; keys as stored.
    pub metadata: Vec<(String, String)>,
}

impl BlobItem {
    /// A metadata value by case-insensitive key.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metadata
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// One page of a listing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListPage {
    pub blobs: Vec<BlobItem>,
    /// Continuation marker for the next page; `None` on the last page.
    pub next_marker: Option<String>,
}

/// Parse a List Blobs response body.
pub fn parse_list(xml: &str) -> Result<ListPage, String> {
    let mut page = ListPage::default();
    let mut stack: Vec<String> = Vec::new();
    let mut current: Option<BlobItem> = None;
    let mut name_encoded = false;
    let mut rest = xml.trim_start_matches('\u{feff}');
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            on_text(
                &stack,
                &mut current,
                &mut page,
                &decode_text(rest)?,
                name_encoded,
            )?;
            break;
        };
        if lt > 0 {
            on_text(
                &stack,
                &mut current,
                &mut page,
                &decode_text(&rest[..lt])?,
                name_encoded,
            )?;
        }
        rest = &rest[lt..];
        if let Some(r) = rest.strip_prefix("<?") {
            rest = skip_past(r, "?>")?;
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = skip_past(r, "-->")?;
        } else if let Some(r) = rest.strip_prefix("<![CDATA[") {
            let end = r.find("]]>").ok_or("unterminated CDATA section")?;
            on_text(&stack, &mut current, &mut page, &r[..end], name_encoded)?;
            rest = &r[end + 3..];
        } else if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').ok_or("unterminated end tag")?;
            let name = r[..end].trim();
            match stack.pop() {
                Some(open) if open == name => {}
                other => {
                    return Err(format!(
                        "</{name}> does not close <{}>",
                        other.unwrap_or_default()
                    ));
                }
            }
            if name == "Blob" && stack.last().map(String::as_str) == Some("Blobs") {
                page.blobs.extend(current.take());
            }
            rest = &r[end + 1..];
        } else {
            let r = &rest[1..];
            let end = r.find('>').ok_or("unterminated start tag")?;
            let (tag, self_closing) = match r[..end].strip_suffix('/') {
                Some(t) => (t, true),
                None => (&r[..end], false),
            };
            let (name, attrs) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
            let name = name.to_string();
            on_start(&stack, &mut current, &name);
            if name == "Name" {
                name_encoded =
                    attrs.contains("Encoded=\"true\"") || attrs.contains("Encoded='true'");
            }
            if !self_closing {
                stack.push(name);
            }
            rest = &r[end + 1..];
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("document ends inside <{open}>"));
    }
    Ok(page)
}

fn skip_past<'a>(s: &'a str, end: &str) -> Result<&'a str, String> {
    s.find(end)
        .map(|i| &s[i + end.len()..])
        .ok_or_else(|| format!("missing `{end}`"))
}

fn on_start(stack: &[String], current: &mut Option<BlobItem>, name: &str) {
    let path: Vec<&str> = stack.iter().map(String::as_str).collect();
    match path.as_slice() {
        [.., "Blobs"] if name == "Blob" => *current = Some(BlobItem::default()),
        [.., "Blob", "Metadata"] => {
            if let Some(b) = current.as_mut() {
                b.metadata.push((name.to_string(), String::new()));
            }
        }
        _ => {}
    }
}

fn on_text(
    stack: &[String],
    current: &mut Option<BlobItem>,
    page: &mut ListPage,
    text: &str,
    name_encoded: bool,
) -> Result<(), String> {
    let path: Vec<&str> = stack.iter().map(String::as_str).collect();
    match (path.as_slice(), current.as_mut()) {
        ([.., "Blob", "Name"], Some(b)) => {
            b.name.push_str(&if name_encoded {
                percent_encoding::percent_decode_str(text)
                    .decode_utf8()
                    .map_err(|e| format!("encoded blob name: {e}"))?
                    .into_owned()
            } else {
                text.to_string()
            });
        }
        ([.., "Blob", "Properties", "Etag"], Some(b)) => b.etag = Some(text.trim().to_string()),
        ([.., "Blob", "Properties", "Last-Modified"], Some(b)) => {
            b.last_modified = Some(text.trim().to_string())
        }
        ([.., "Blob", "Metadata", key], Some(b)) => {
            if let Some(entry) = b.metadata.iter_mut().rev().find(|(k, _)| k == key) {
                entry.1.push_str(text);
            }
        }
        (["EnumerationResults", "NextMarker"], _) => {
            let m = text.trim();
            if !m.is_empty() {
                page.next_marker = Some(m.to_string());
            }
        }
        _ => {}
    }
    Ok(())
}

/// Replace entity and character references.
fn decode_text(s: &str) -> Result<String, String> {
    if !s.contains('&') {
        return Ok(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let r = &rest[i + 1..];
        let end = r.find(';').ok_or("unterminated entity reference")?;
        let ent = &r[..end];
        let ch = match ent {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code =
                    if let Some(hex) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                        u32::from_str_radix(hex, 16).ok()
                    } else if let Some(dec) = ent.strip_prefix('#') {
                        dec.parse().ok()
                    } else {
                        None
                    };
                code.and_then(char::from_u32)
                    .ok_or_else(|| format!("unknown entity `&{ent};`"))?
            }
        };
        out.push(ch);
        rest = &r[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="http://127.0.0.1:10000/devstoreaccount1" ContainerName="cp"><Prefix>ns/hub/$default/ownership/</Prefix><MaxResults>5000</MaxResults><Blobs><Blob><Name>ns/hub/$default/ownership/0</Name><Properties><Creation-Time>Fri, 27 Nov 2026 10:00:00 GMT</Creation-Time><Last-Modified>Fri, 27 Nov 2026 10:00:01 GMT</Last-Modified><Etag>0x8DD1</Etag><Content-Length>0</Content-Length><BlobType>BlockBlob</BlobType></Properties><Metadata><ownerid>owner &amp; co</ownerid></Metadata></Blob><Blob><Name Encoded="true">ns/hub/$default/ownership/%31</Name><Properties><Etag>"0x8DD2"</Etag></Properties><Metadata><ownerid /></Metadata></Blob></Blobs><NextMarker>2!abc</NextMarker></EnumerationResults>"#;

    #[test]
    fn reads_names_etags_dates_metadata_and_the_marker() {
        let page = parse_list(SAMPLE).unwrap();
        assert_eq!(page.blobs.len(), 2);
        let b = &page.blobs[0];
        assert_eq!(b.name, "ns/hub/$default/ownership/0");
        assert_eq!(b.etag.as_deref(), Some("0x8DD1"));
        assert_eq!(
            b.last_modified.as_deref(),
            Some("Fri, 27 Nov 2026 10:00:01 GMT")
        );
        assert_eq!(b.meta("OwnerId"), Some("owner & co"));
        let b = &page.blobs[1];
        assert_eq!(b.name, "ns/hub/$default/ownership/1");
        assert_eq!(b.meta("ownerid"), Some(""));
        assert_eq!(page.next_marker.as_deref(), Some("2!abc"));
    }

    #[test]
    fn empty_listing_and_empty_marker() {
        let page =
            parse_list("<EnumerationResults><Blobs /><NextMarker /></EnumerationResults>").unwrap();
        assert_eq!(page, ListPage::default());
    }

    #[test]
    fn malformed_documents_are_errors_not_panics() {
        for bad in [
            "<a><b></a>",
            "<a>",
            "<a>&bogus;</a>",
            "<a",
            "<![CDATA[x",
            "<a>&#xZZ;</a>",
        ] {
            assert!(parse_list(bad).is_err(), "{bad}");
        }
        assert_eq!(decode_text("a&#65;&#x42;&lt;").unwrap(), "aAB<");
    }
}
