//! Model operations: list (with dependenciesFor, includeModelDefinition), get, create (array),
//! decommission, delete.
use super::{AdtClient, AdtError, PatchOp, Request, collect_pages};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What ADT says about one model (`DigitalTwinsModelData`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelData {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_time: Option<String>,
    #[serde(default)]
    pub decommissioned: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Value>,
}

fn decode_models(items: Vec<Value>, path: &str) -> Result<Vec<ModelData>, AdtError> {
    items
        .into_iter()
        .map(|v| {
            serde_json::from_value(v).map_err(|e| AdtError::Decode {
                path: path.into(),
                message: e.to_string(),
            })
        })
        .collect()
}

impl AdtClient {
    /// All models (all pages); `dependencies_for` limits to those models and their dependencies.
    pub async fn list_models(
        &self,
        dependencies_for: &[String],
        include_definition: bool,
    ) -> Result<Vec<ModelData>, AdtError> {
        let mut query: Vec<(&str, &str)> = dependencies_for
            .iter()
            .map(|d| ("dependenciesFor", d.as_str()))
            .collect();
        if include_definition {
            query.push(("includeModelDefinition", "true"));
        }
        let items = collect_pages(self, self.url(&["models"], &query)?).await?;
        decode_models(items, "/models")
    }

    /// One model.
    pub async fn get_model(
        &self,
        id: &str,
        include_definition: bool,
    ) -> Result<ModelData, AdtError> {
        let query: &[(&str, &str)] = if include_definition {
            &[("includeModelDefinition", "true")]
        } else {
            &[]
        };
        let (v, _) = self.get_json(self.url(&["models", id], query)?).await?;
        serde_json::from_value(v).map_err(|e| AdtError::Decode {
            path: "/models".into(),
            message: e.to_string(),
        })
    }

    /// Create models in one call (all-or-nothing; at most 250).
    pub async fn create_models(&self, models: &[Value]) -> Result<Vec<ModelData>, AdtError> {
        let url = self.url(&["models"], &[])?;
        let body = serde_json::to_vec(models).expect("serializes");
        let resp = self
            .send(Request {
                method: Method::POST,
                url,
                headers: vec![],
                body: Some(("application/json", body)),
            })
            .await?;
        match resp.json("/models")? {
            Value::Array(items) => decode_models(items, "/models"),
            _ => Err(AdtError::Decode {
                path: "/models".into(),
                message: "expected an array".into(),
            }),
        }
    }

    /// Decommission a model (twins of it can no longer be created).
    pub async fn decommission_model(&self, id: &str) -> Result<(), AdtError> {
        let ops = [PatchOp::replace("/decommissioned", Value::Bool(true))];
        self.patch(self.url(&["models", id], &[])?, &ops, None)
            .await?;
        Ok(())
    }

    /// Delete a model.
    pub async fn delete_model(&self, id: &str) -> Result<(), AdtError> {
        let url = self.url(&["models", id], &[])?;
        self.send(Request {
            method: Method::DELETE,
            url,
            headers: vec![],
            body: None,
        })
        .await?;
        Ok(())
    }
}
