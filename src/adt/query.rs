//! The query API: `POST /query`, paged by `continuationToken`, with the `query-charge` header.
use super::{AdtClient, AdtError, Request};
use reqwest::Method;
use serde_json::{Value, json};

/// One page of query results.
#[derive(Debug, Clone)]
pub struct QueryPage {
    pub items: Vec<Value>,
    pub continuation_token: Option<String>,
    /// Query units charged for this page (header `query-charge`).
    pub charge: Option<f64>,
}

impl AdtClient {
    /// One page: the first (`continuation` None) or the next.
    pub async fn query_page(
        &self,
        query: &str,
        continuation: Option<&str>,
        max_items_per_page: Option<u32>,
    ) -> Result<QueryPage, AdtError> {
        let url = self.url(&["query"], &[])?;
        let body = match continuation {
            Some(token) => json!({ "continuationToken": token }),
            None => json!({ "query": query }),
        };
        let headers = max_items_per_page
            .map(|n| vec![("max-items-per-page", n.to_string())])
            .unwrap_or_default();
        let resp = self
            .send(Request {
                method: Method::POST,
                url,
                headers,
                body: Some((
                    "application/json",
                    serde_json::to_vec(&body).expect("serializes"),
                )),
            })
            .await?;
        let charge = resp
            .headers
            .get("query-charge")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let page = resp.json("/query")?;
        let items = match page.get("value") {
            Some(Value::Array(v)) => v.clone(),
            _ => {
                return Err(AdtError::Decode {
                    path: "/query".into(),
                    message: "no `value` array".into(),
                });
            }
        };
        let continuation_token = page
            .get("continuationToken")
            .and_then(Value::as_str)
            .map(str::to_string);
        Ok(QueryPage {
            items,
            continuation_token,
            charge,
        })
    }

    /// Run a query to the end (or `limit` items), calling `on_page(items so far, pages so far)`.
    /// Returns the items and the total query charge.
    pub async fn query_all(
        &self,
        query: &str,
        max_items_per_page: Option<u32>,
        limit: Option<usize>,
        mut on_page: impl FnMut(usize, usize),
    ) -> Result<(Vec<Value>, f64), AdtError> {
        let mut items = Vec::new();
        let mut charge = 0.0;
        let mut token: Option<String> = None;
        let mut pages = 0;
        loop {
            let page = self
                .query_page(query, token.as_deref(), max_items_per_page)
                .await?;
            pages += 1;
            charge += page.charge.unwrap_or(0.0);
            items.extend(page.items);
            on_page(items.len(), pages);
            if let Some(l) = limit
                && items.len() >= l
            {
                items.truncate(l);
                break;
            }
            match page.continuation_token {
                Some(t) if !t.is_empty() => token = Some(t),
                _ => break,
            }
        }
        Ok((items, charge))
    }
}
