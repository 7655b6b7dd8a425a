//! The whole RealEstateCore ontology uploads into the emulator in dependency order (at most 250
//! models per call), and a twin of a deep subclass takes an inherited property.
use super::support::*;
use serde_json::{Value, json};
use std::path::Path;
use twinbridge::adt::PatchOp;
use twinbridge::dtdl::{self, ModelSource, ParseOptions};

fn collect(dir: &Path, out: &mut Vec<ModelSource>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(ModelSource {
                name: p.display().to_string(),
                value: read_json(&p),
            });
        }
    }
}

pub fn realestatecore() -> Vec<ModelSource> {
    let mut out = Vec::new();
    collect(&data_dir().join("realestatecore/Ontology"), &mut out);
    assert!(out.len() > 500, "RealEstateCore has hundreds of files");
    out
}

#[tokio::test]
async fn realestatecore_uploads_in_dependency_order_and_deep_subclass_works() {
    let sources = realestatecore();
    let set = dtdl::parse(&sources, ParseOptions::default()).expect("RealEstateCore parses");
    let order = set.dependency_order();
    assert!(order.len() >= 700, "{} interfaces", order.len());
    let by_id: std::collections::HashMap<String, Value> = set
        .interfaces()
        .map(|i| (i.id.clone(), i.raw.clone()))
        .collect();
    let emu = emulator().await;
    let adt = client_for(&emu.adt_url());
    let mut calls = 0;
    for chunk in order.chunks(250) {
        let batch: Vec<Value> = chunk.iter().map(|id| by_id[id].clone()).collect();
        adt.create_models(&batch)
            .await
            .unwrap_or_else(|e| panic!("batch {calls}: {e}"));
        calls += 1;
    }
    assert_eq!(calls, order.len().div_ceil(250));
    assert_eq!(
        adt.list_models(&[], false).await.unwrap().len(),
        order.len()
    );

    // The deepest interface that has an inherited, primitive-typed property.
    let (deep, prop) = order
        .iter()
        .filter_map(|id| {
            let inherited = set
                .properties(id)
                .into_iter()
                .find(|p| p.defined_in != *id && matches!(p.schema, dtdl::Schema::String))?;
            Some((set.ancestors(id).len(), id.clone(), inherited.name.clone()))
        })
        .max()
        .map(|(_, id, p)| (id, p))
        .expect("some subclass inherits a string property");
    assert!(set.ancestors(&deep).len() >= 3, "{deep} is deep");
    let mut twin = json!({ "$metadata": { "$model": deep } });
    for c in set.components(&deep) {
        twin[c.name.as_str()] = json!({ "$metadata": {} });
    }
    adt.put_twin("deep-1", &twin, true)
        .await
        .unwrap_or_else(|e| panic!("create {deep}: {e}"));
    adt.patch_twin(
        "deep-1",
        &[PatchOp::add(format!("/{prop}"), json!("inherited value"))],
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        adt.get_twin("deep-1").await.unwrap()[prop.as_str()],
        "inherited value"
    );
    // IS_OF_MODEL matches through the inheritance chain.
    let root = set
        .ancestors(&deep)
        .into_iter()
        .find(|a| a != &deep)
        .unwrap();
    let q = format!("SELECT * FROM digitaltwins WHERE IS_OF_MODEL('{root}')");
    let (hits, _) = adt.query_all(&q, None, None, |_, _| {}).await.unwrap();
    assert_eq!(hits.len(), 1);
    emu.stop().await;
}
