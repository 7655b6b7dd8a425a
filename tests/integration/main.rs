//! Library-level integration tests: the real ADT client against the real emulator (and small
//! fault-injecting servers) over loopback sockets, plus official peer clients.
mod adt_client;
mod devices;
mod emulator_state;
mod ontology;
mod python_iot_device;
mod python_peer;
mod retries;
mod support;
