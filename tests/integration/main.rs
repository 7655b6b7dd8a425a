//! Library-level integration tests: the real ADT client against the real emulator (and small
//! fault-injecting servers) over loopback sockets, plus official peer clients.
mod adt_client;
mod allocate;
mod allocate_http;
mod azurite;
mod checkpoint_blob;
mod checkpoint_conformance;
mod checkpoint_file;
mod components;
mod devices;
mod emulator_state;
mod eventhubs;
mod eventhubs_peer;
mod lifecycle;
mod models;
mod ontology;
mod owner_level;
mod peer_skip;
mod peers;
mod python_iot_device;
mod python_peer;
mod retries;
mod startup;
mod support;
mod sync;
