//! Twin operations: get, create/replace (PUT), patch (JSON Patch), delete.
use super::{AdtClient, AdtError, Request};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

/// One JSON Patch operation (ADT supports add, replace and remove).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatchOp {
    pub op: &'static str,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

impl PatchOp {
    pub fn add(path: impl Into<String>, value: Value) -> Self {
        Self {
            op: "add",
            path: path.into(),
            value: Some(value),
        }
    }
    pub fn replace(path: impl Into<String>, value: Value) -> Self {
        Self {
            op: "replace",
            path: path.into(),
            value: Some(value),
        }
    }
    pub fn remove(path: impl Into<String>) -> Self {
        Self {
            op: "remove",
            path: path.into(),
            value: None,
        }
    }
}

/// `$dtId` of a twin document.
pub fn twin_id(twin: &Value) -> Option<&str> {
    twin.get("$dtId").and_then(Value::as_str)
}

/// `$etag` of a twin or relationship document.
pub fn twin_etag(twin: &Value) -> Option<&str> {
    twin.get("$etag").and_then(Value::as_str)
}

/// `$metadata.$model` of a twin document.
pub fn twin_model(twin: &Value) -> Option<&str> {
    twin.get("$metadata")
        .and_then(|m| m.get("$model"))
        .and_then(Value::as_str)
}

impl AdtClient {
    /// GET a twin.
    pub async fn get_twin(&self, id: &str) -> Result<Value, AdtError> {
        Ok(self
            .get_json(self.url(&["digitaltwins", id], &[])?)
            .await?
            .0)
    }

    /// PUT a twin. `if_none_match` makes it create-only (412 PreconditionFailed if it exists).
    pub async fn put_twin(
        &self,
        id: &str,
        twin: &Value,
        if_none_match: bool,
    ) -> Result<Value, AdtError> {
        let url = self.url(&["digitaltwins", id], &[])?;
        let path = url.path().to_string();
        let mut headers = vec![];
        if if_none_match {
            headers.push(("if-none-match", "*".to_string()));
        }
        let body = serde_json::to_vec(twin).expect("JSON value serializes");
        let resp = self
            .send(Request {
                method: Method::PUT,
                url,
                headers,
                body: Some(("application/json", body)),
            })
            .await?;
        resp.json(&path)
    }

    /// PATCH a twin with JSON Patch; returns the new ETag.
    pub async fn patch_twin(
        &self,
        id: &str,
        ops: &[PatchOp],
        if_match: Option<&str>,
    ) -> Result<Option<String>, AdtError> {
        self.patch(self.url(&["digitaltwins", id], &[])?, ops, if_match)
            .await
    }

    /// PATCH a component of a twin.
    pub async fn patch_component(
        &self,
        id: &str,
        component: &str,
        ops: &[PatchOp],
        if_match: Option<&str>,
    ) -> Result<Option<String>, AdtError> {
        self.patch(
            self.url(&["digitaltwins", id, "components", component], &[])?,
            ops,
            if_match,
        )
        .await
    }

    pub(crate) async fn patch(
        &self,
        url: url::Url,
        ops: &[PatchOp],
        if_match: Option<&str>,
    ) -> Result<Option<String>, AdtError> {
        let headers = if_match
            .map(|e| vec![("if-match", e.to_string())])
            .unwrap_or_default();
        let body = serde_json::to_vec(ops).expect("patch serializes");
        let resp = self
            .send(Request {
                method: Method::PATCH,
                url,
                headers,
                body: Some(("application/json-patch+json", body)),
            })
            .await?;
        Ok(resp.etag())
    }

    /// DELETE a twin (`if_match`: an ETag or `*`).
    pub async fn delete_twin(&self, id: &str, if_match: Option<&str>) -> Result<(), AdtError> {
        let url = self.url(&["digitaltwins", id], &[])?;
        let headers = if_match
            .map(|e| vec![("if-match", e.to_string())])
            .unwrap_or_default();
        self.send(Request {
            method: Method::DELETE,
            url,
            headers,
            body: None,
        })
        .await?;
        Ok(())
    }
}
