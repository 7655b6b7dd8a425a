//! Relationship operations: list (all pages), get, create, delete, incoming (all pages).
use super::{AdtClient, AdtError, Request, collect_pages};
use reqwest::Method;
use serde_json::Value;

impl AdtClient {
    /// Outgoing relationships of a twin, all pages; `name` filters by relationship name.
    pub async fn list_relationships(
        &self,
        id: &str,
        name: Option<&str>,
    ) -> Result<Vec<Value>, AdtError> {
        let query: Vec<(&str, &str)> = name
            .map(|n| vec![("relationshipName", n)])
            .unwrap_or_default();
        collect_pages(
            self,
            self.url(&["digitaltwins", id, "relationships"], &query)?,
        )
        .await
    }

    /// Incoming relationships of a twin, all pages (`$relationshipId`, `$sourceId`, ...).
    pub async fn list_incoming_relationships(&self, id: &str) -> Result<Vec<Value>, AdtError> {
        collect_pages(
            self,
            self.url(&["digitaltwins", id, "incomingrelationships"], &[])?,
        )
        .await
    }

    /// GET one relationship.
    pub async fn get_relationship(
        &self,
        id: &str,
        relationship_id: &str,
    ) -> Result<Value, AdtError> {
        Ok(self
            .get_json(self.url(&["digitaltwins", id, "relationships", relationship_id], &[])?)
            .await?
            .0)
    }

    /// PUT a relationship `{"$targetId", "$relationshipName", props...}`.
    pub async fn put_relationship(
        &self,
        id: &str,
        relationship_id: &str,
        body: &Value,
        if_none_match: bool,
    ) -> Result<Value, AdtError> {
        let url = self.url(&["digitaltwins", id, "relationships", relationship_id], &[])?;
        let path = url.path().to_string();
        let headers = if if_none_match {
            vec![("if-none-match", "*".to_string())]
        } else {
            vec![]
        };
        let body = serde_json::to_vec(body).expect("JSON value serializes");
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

    /// DELETE a relationship.
    pub async fn delete_relationship(
        &self,
        id: &str,
        relationship_id: &str,
        if_match: Option<&str>,
    ) -> Result<(), AdtError> {
        let url = self.url(&["digitaltwins", id, "relationships", relationship_id], &[])?;
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
