
use builtin;
use str;

set edit:completion:arg-completer[twinbridge] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'twinbridge'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'twinbridge'= {
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand demo 'Run the sample''s whole flow locally and check it: emulator, models, DPS allocation, telemetry and lifecycle pipelines, simulated devices. Start here'
            cand allocate 'Answer DPS custom-allocation requests: find or create the device''s twin, pick the hub'
            cand sync-telemetry 'Map device telemetry from Event Hubs onto twin properties (coalesced per twin)'
            cand watch-lifecycle 'Keep ADT in step with the device registry: remove a deleted device''s twin'
            cand simulate-device 'Provision simulated devices through DPS and send telemetry, from one to thousands'
            cand models 'Upload, validate, list and delete DTDL models'
            cand twins 'Inspect and delete digital twins: show, list, query, delete'
            cand devices 'The IoT Hub device registry: list, show, delete devices (with an IoT Hub connection string)'
            cand emulator 'Run the local emulator of Azure Digital Twins, DPS and IoT Hub on loopback'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'twinbridge;demo'= {
            cand --devices 'Simulated devices'
            cand --duration 'How long the devices send telemetry'
            cand --interval 'Time between two messages of one device (the sample''s simulator: 500ms)'
            cand --delete 'Devices to delete from the hub afterwards [default: a fifth of them, at least 1]'
            cand --transport 'Device transport for DPS and IoT Hub'
            cand --settle-timeout 'Longest wait for the pipelines to catch up after the devices stop (and after the deletions)'
            cand --work-dir 'Directory for checkpoints, dead letters and the emulator''s CA certificate [default: a new directory under the state directory''s demo/]'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand --keep-running 'Leave the emulator, webhook and pipelines running after the report, print their endpoints and commands to try, and stop on Ctrl-C'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;allocate'= {
            cand --request 'Run one AllocationRequest from FILE (`-` for stdin) through the same policy and print the response DPS would get; on refusal print the error and its HTTP status, and exit 1'
            cand --twin-id 'Twin id template over the request: {registrationId}, {enrollmentGroupId}, {payload.NAME} [default: {registrationId}]. The result must be a valid twin id'
            cand --default-model 'Model for devices whose payload has no modelId (it must be allowed too)'
            cand --allow-model 'A model devices may claim: an exact DTMI, a prefix like ''dtmi:contosocom:*'', or ''*'' for every model in the instance. Repeatable. Nothing is allowed unless configured (only the --default-model when that is set)'
            cand --on-model-mismatch 'When the twin exists with another model: reject (fail the registration), keep (keep the twin and its model) or replace (the sample''s behaviour) [default: reject]'
            cand --hub-policy 'How to pick the IoT hub among linkedHubs: first, hash (stable per registration id), round-robin, or map (--hub-map) [default: hash]'
            cand --hub-map 'With --hub-policy map: devices of models matching PATTERN go to HUB. Repeatable; the most specific pattern wins; devices matching none are hashed'
            cand --sticky-hub 'Keep a re-registering device on its current hub while it is still linked [default: true]'
            cand --parent-from 'Parent twin to relate to the device''s twin: payload.FIELD (the device names it) or twin:ID (one fixed twin). Skipped when the parent does not exist'
            cand --parent-relationship 'Relationship from the parent to the device''s twin [default: contains]'
            cand --tag 'An extra initialTwin tag (besides dtId and dtmi). Repeatable'
            cand --desired 'initialTwin.properties.desired as a JSON object [default: {}]'
            cand --response-payload 'Return {"dtId","dtmi"} to the device as the registration payload [default: true]'
            cand --cache-ttl 'How long a decision about a twin (and a model''s existence) is reused; 0s disables the cache [default: 10s]'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand --dry-run 'With --request: read ADT but write nothing; report what would be created or replaced'
            cand --allow-unknown-fields 'Accept request fields DPS does not document instead of answering 400'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand serve 'Serve the custom-allocation webhook DPS calls (replaces the sample''s Azure Function)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'twinbridge;allocate;serve'= {
            cand --listen 'Address to listen on [default: 127.0.0.1:8080]; use 0.0.0.0:PORT to accept DPS directly'
            cand --path 'Path of the allocation endpoint [default: /api/allocate]'
            cand --key-file 'File of accepted function keys, one per line (''#'' comments); DPS sends one as ?code=KEY. Keys may also come from TWINBRIDGE_ALLOCATE_KEYS (comma-separated)'
            cand --tls-cert 'PEM certificate chain for HTTPS (with --tls-key); without it, plain HTTP'
            cand --tls-key 'PEM private key for HTTPS (with --tls-cert)'
            cand --max-body-bytes 'Largest request body accepted; larger ones get 413 [default: 262144]'
            cand --request-timeout 'Longest an allocation may take before answering 503 so DPS retries [default: 30s]'
            cand --shutdown-timeout 'On shutdown, how long requests in progress may take to finish [default: 30s]'
            cand --twin-id 'Twin id template over the request: {registrationId}, {enrollmentGroupId}, {payload.NAME} [default: {registrationId}]. The result must be a valid twin id'
            cand --default-model 'Model for devices whose payload has no modelId (it must be allowed too)'
            cand --allow-model 'A model devices may claim: an exact DTMI, a prefix like ''dtmi:contosocom:*'', or ''*'' for every model in the instance. Repeatable. Nothing is allowed unless configured (only the --default-model when that is set)'
            cand --on-model-mismatch 'When the twin exists with another model: reject (fail the registration), keep (keep the twin and its model) or replace (the sample''s behaviour) [default: reject]'
            cand --hub-policy 'How to pick the IoT hub among linkedHubs: first, hash (stable per registration id), round-robin, or map (--hub-map) [default: hash]'
            cand --hub-map 'With --hub-policy map: devices of models matching PATTERN go to HUB. Repeatable; the most specific pattern wins; devices matching none are hashed'
            cand --sticky-hub 'Keep a re-registering device on its current hub while it is still linked [default: true]'
            cand --parent-from 'Parent twin to relate to the device''s twin: payload.FIELD (the device names it) or twin:ID (one fixed twin). Skipped when the parent does not exist'
            cand --parent-relationship 'Relationship from the parent to the device''s twin [default: contains]'
            cand --tag 'An extra initialTwin tag (besides dtId and dtmi). Repeatable'
            cand --desired 'initialTwin.properties.desired as a JSON object [default: {}]'
            cand --response-payload 'Return {"dtId","dtmi"} to the device as the registration payload [default: true]'
            cand --cache-ttl 'How long a decision about a twin (and a model''s existence) is reused; 0s disables the cache [default: 10s]'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand --no-auth 'Accept requests without a key (only behind something that authenticates DPS)'
            cand --allow-unknown-fields 'Accept request fields DPS does not document instead of answering 400'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;allocate;help'= {
            cand serve 'Serve the custom-allocation webhook DPS calls (replaces the sample''s Azure Function)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'twinbridge;allocate;help;serve'= {
        }
        &'twinbridge;allocate;help;help'= {
        }
        &'twinbridge;sync-telemetry'= {
            cand --connection-string 'Event Hubs connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... [;EntityPath=...][;UseDevelopmentEmulator=true]). Also TWINBRIDGE_EVENTHUB_CONNECTION_STRING or the sample''s EVENTHUB_CONNECTIONSTRING; prefer the environment (keeps the key out of shell history)'
            cand --namespace 'Event Hubs namespace for Entra ID auth (e.g. myns.servicebus.windows.net); uses --auth'
            cand --eventhub 'Event hub name (when the connection string has no EntityPath)'
            cand --consumer-group 'Consumer group [default: $Default]'
            cand --transport 'Transport [default: amqp]'
            cand --start 'Where to start a partition that has no checkpoint: earliest, latest, or an RFC 3339 enqueued time [default: earliest]'
            cand --from-file 'Read NDJSON events from a file, or `-` for stdin, instead of Event Hubs (replays, cron, tests). The format is documented in README ("Event format")'
            cand --checkpoint-store 'Checkpoint store: `file:` (default, under $XDG_STATE_HOME/twinbridge/checkpoints), `file:PATH`, `blob:https://ACCOUNT.blob.core.windows.net/CONTAINER` (Entra ID, or a SAS in the URL), or a storage connection string. Processes sharing a store and consumer group split the partitions between them'
            cand --storage-account-key 'Storage account key for a `blob:` checkpoint store (Shared Key auth)'
            cand --owner-id 'This process''s owner id in the checkpoint store [default: a random UUID]. Give each instance a stable id so that a restarted instance takes its partitions back at once instead of waiting for its old claims to expire'
            cand --ownership-expiry 'How long a partition claim lasts without renewal; a process that died loses its partitions to the others after this [default: 60s]'
            cand --dead-letter 'Dead-letter file: events that cannot be applied, one NDJSON line each with the reason [default: $XDG_STATE_HOME/twinbridge/dead-letters/<command>.ndjson]'
            cand --until-idle 'Drain the backlog and exit (for cron): stop once no event arrived for this long and everything is applied [default when given without a value: 5s]'
            cand --twin-id-from 'Where each event''s twin id comes from, first present wins: property:NAME (an application property / enrichment), system:NAME, body:/json/pointer, device-id'
            cand --property 'Map only this body field onto the twin property of the same name with a JSON Patch `replace` (repeatable). `--property Temperature` reproduces the sample exactly'
            cand --mapping 'A TOML mapping file: per-model rules (body JSON pointer -> twin path, scale, offset, source time). See examples/mapping.toml'
            cand --source-time 'With the default mapping, write this time as `$metadata/<prop>/sourceTime`: `none`, `enqueued` (the event''s enqueued time) or a JSON pointer into the body [default: none]'
            cand --flush-interval 'Collect updates this long and send one PATCH per twin with the latest value of each property [default: 1s]. 0 sends each event''s patch at once (the sample''s way)'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;watch-lifecycle'= {
            cand --connection-string 'Event Hubs connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... [;EntityPath=...][;UseDevelopmentEmulator=true]). Also TWINBRIDGE_EVENTHUB_CONNECTION_STRING or the sample''s EVENTHUB_CONNECTIONSTRING; prefer the environment (keeps the key out of shell history)'
            cand --namespace 'Event Hubs namespace for Entra ID auth (e.g. myns.servicebus.windows.net); uses --auth'
            cand --eventhub 'Event hub name (when the connection string has no EntityPath)'
            cand --consumer-group 'Consumer group [default: $Default]'
            cand --transport 'Transport [default: amqp]'
            cand --start 'Where to start a partition that has no checkpoint: earliest, latest, or an RFC 3339 enqueued time [default: earliest]'
            cand --from-file 'Read NDJSON events from a file, or `-` for stdin, instead of Event Hubs (replays, cron, tests). The format is documented in README ("Event format")'
            cand --checkpoint-store 'Checkpoint store: `file:` (default, under $XDG_STATE_HOME/twinbridge/checkpoints), `file:PATH`, `blob:https://ACCOUNT.blob.core.windows.net/CONTAINER` (Entra ID, or a SAS in the URL), or a storage connection string. Processes sharing a store and consumer group split the partitions between them'
            cand --storage-account-key 'Storage account key for a `blob:` checkpoint store (Shared Key auth)'
            cand --owner-id 'This process''s owner id in the checkpoint store [default: a random UUID]. Give each instance a stable id so that a restarted instance takes its partitions back at once instead of waiting for its old claims to expire'
            cand --ownership-expiry 'How long a partition claim lasts without renewal; a process that died loses its partitions to the others after this [default: 60s]'
            cand --dead-letter 'Dead-letter file: events that cannot be applied, one NDJSON line each with the reason [default: $XDG_STATE_HOME/twinbridge/dead-letters/<command>.ndjson]'
            cand --until-idle 'Drain the backlog and exit (for cron): stop once no event arrived for this long and everything is applied [default when given without a value: 5s]'
            cand --on-delete 'Action on deleteDeviceIdentity [default: delete]'
            cand --detach-set 'With --on-delete detach: the property to set, as PATH=JSON'
            cand --allow-model 'Only touch twins of these models (exact DTMI or a prefix ending in *; repeatable). A lifecycle stream must never delete a Space because a device shared its id'
            cand --on-create 'Action on createDeviceIdentity [default: ignore]'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand --modules 'Also act on module lifecycle events (ignored by default)'
            cand --dry-run 'Print what would be deleted or patched; touch nothing, checkpoint nothing'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;simulate-device'= {
            cand --scope 'DPS ID scope (portal: Device Provisioning Service > Overview)'
            cand --group-key 'Enrollment group key (base64); each device''s key is derived from it and its id'
            cand --device-key 'A device''s own symmetric key (one device, or individual enrollment)'
            cand --registration-id 'Registration id, or a pattern with {n} / {n:04} for --count > 1'
            cand --count 'How many devices to simulate'
            cand --first 'First value of {n}'
            cand --model 'DTDL model id sent in the DPS payload as `modelId` (the sample''s allocation reads it)'
            cand --payload 'Extra DPS payload (a JSON object), merged with `modelId`'
            cand --transport 'Transport to DPS and IoT Hub'
            cand --interval 'Time between messages of one device [default: 500ms, like the sample]'
            cand --rate 'Total messages per second across all devices (sets each device''s interval)'
            cand --duration 'Stop after this long (default: run until Ctrl-C or --messages)'
            cand --messages 'Messages per device, then stop (0 = provision and connect only)'
            cand --ramp-up 'Spread device starts evenly over this time'
            cand --telemetry 'Telemetry template (JSON with generators; see examples/telemetry-template.json) [default: {"Temperature": 25 ± 1}]'
            cand --connect-concurrency 'Devices provisioning or connecting at the same time'
            cand --dps-rate 'DPS registrations per minute at most (DPS allows 200/min per service unit; the issue target is 1000/min)'
            cand --dps-endpoint 'DPS host[:port] [default: global.azure-devices-provisioning.net]'
            cand --ca-cert 'Also trust this CA (PEM), e.g. the emulator''s'
            cand --save-credentials 'Write each device''s assignment (hub, device id) to FILE, keys redacted'
            cand --from-credentials 'Skip DPS: use the devices and assignments saved by --save-credentials'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand --include-keys 'Write the derived device keys into --save-credentials too (the file is then a secret)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;models'= {
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand upload 'Upload DTDL models in dependency order, only those not already in the instance'
            cand validate 'Validate DTDL v2/v3 model files (parsed together as one set) without uploading them'
            cand list 'List the models in the instance'
            cand delete 'Delete models (dependents first), or decommission those twins still use'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'twinbridge;models;upload'= {
            cand --batch-size 'Models per create call (ADT allows at most 250)'
            cand --fail-on-conflict 'Refuse to upload anything when a model conflicts with the instance; with `=false`, upload the rest and report the conflicts'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand --dry-run 'Stop after comparing with the instance and print the plan; change nothing'
            cand --partial 'Upload everything that does not depend on an invalid model (default: nothing when any model is invalid)'
            cand --replace-conflicting 'For conflicting models that no twin uses: delete them from the instance and upload the new definitions (with the models that depend on them). Requires --yes'
            cand -y 'Confirm --replace-conflicting'
            cand --yes 'Confirm --replace-conflicting'
            cand --allow-undefined-extensions 'Accept undefined extension contexts (the suite''s AllowUndefinedExtensions)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;models;validate'= {
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand --allow-undefined-extensions 'Accept undefined extension contexts (default: reject them, as ADT''s parser does)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;models;list'= {
            cand --dependencies-for 'Only these models and what they depend on (repeatable)'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand --definitions 'Include each model''s definition (JSON output)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;models;delete'= {
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand --all 'Delete every model in the instance'
            cand --decommission 'Decommission (instead of refusing) models that twins still use'
            cand --dry-run 'Print what would be deleted; change nothing'
            cand -y 'Do not ask for confirmation (required when not on a terminal)'
            cand --yes 'Do not ask for confirmation (required when not on a terminal)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;models;help'= {
            cand upload 'Upload DTDL models in dependency order, only those not already in the instance'
            cand validate 'Validate DTDL v2/v3 model files (parsed together as one set) without uploading them'
            cand list 'List the models in the instance'
            cand delete 'Delete models (dependents first), or decommission those twins still use'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'twinbridge;models;help;upload'= {
        }
        &'twinbridge;models;help;validate'= {
        }
        &'twinbridge;models;help;list'= {
        }
        &'twinbridge;models;help;delete'= {
        }
        &'twinbridge;models;help;help'= {
        }
        &'twinbridge;twins'= {
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand show 'Show one twin: properties with update times, model, etag, relationships both ways'
            cand list 'List twins, optionally of one model (including models that extend it) or matching a filter'
            cand query 'Run an ADT query and print every result (all pages)'
            cand delete 'Delete a twin; with --with-relationships, its relationships (both ways) first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'twinbridge;twins;show'= {
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;twins;list'= {
            cand --model 'Only twins of this model or of models that extend it (IS_OF_MODEL)'
            cand --where 'An extra ADT query condition on twin T, e.g. "T.Temperature > 30"'
            cand --limit 'Stop after this many twins'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;twins;query'= {
            cand --limit 'Stop after this many results'
            cand --page-size 'Results per page requested from ADT (max-items-per-page)'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;twins;delete'= {
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand --with-relationships 'Delete the twin''s outgoing and incoming relationships first (ADT refuses otherwise)'
            cand -y 'Do not ask for confirmation (required when not on a terminal)'
            cand --yes 'Do not ask for confirmation (required when not on a terminal)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;twins;help'= {
            cand show 'Show one twin: properties with update times, model, etag, relationships both ways'
            cand list 'List twins, optionally of one model (including models that extend it) or matching a filter'
            cand query 'Run an ADT query and print every result (all pages)'
            cand delete 'Delete a twin; with --with-relationships, its relationships (both ways) first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'twinbridge;twins;help;show'= {
        }
        &'twinbridge;twins;help;list'= {
        }
        &'twinbridge;twins;help;query'= {
        }
        &'twinbridge;twins;help;delete'= {
        }
        &'twinbridge;twins;help;help'= {
        }
        &'twinbridge;devices'= {
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List devices in the hub''s registry with their twin tags (dtId, dtmi)'
            cand show 'Show one device: identity (keys redacted), status, connection state, twin'
            cand delete 'Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'twinbridge;devices;list'= {
            cand --connection-string 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)'
            cand --ca-cert 'Also trust this CA (PEM), e.g. the emulator''s'
            cand --where 'A registry query condition, e.g. "tags.dtmi = ''dtmi:contosocom:DigitalTwins:Thermostat;2''"'
            cand --limit 'Stop after this many devices'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;devices;show'= {
            cand --connection-string 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)'
            cand --ca-cert 'Also trust this CA (PEM), e.g. the emulator''s'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;devices;delete'= {
            cand --connection-string 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)'
            cand --ca-cert 'Also trust this CA (PEM), e.g. the emulator''s'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand -y 'Do not ask for confirmation (required when not on a terminal)'
            cand --yes 'Do not ask for confirmation (required when not on a terminal)'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;devices;help'= {
            cand list 'List devices in the hub''s registry with their twin tags (dtId, dtmi)'
            cand show 'Show one device: identity (keys redacted), status, connection state, twin'
            cand delete 'Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'twinbridge;devices;help;list'= {
        }
        &'twinbridge;devices;help;show'= {
        }
        &'twinbridge;devices;help;delete'= {
        }
        &'twinbridge;devices;help;help'= {
        }
        &'twinbridge;emulator'= {
            cand --host 'Address to listen on. Loopback by default; the emulator has no real authentication'
            cand --adt-port 'Port of the ADT data-plane API (0 = any free port) [default: 8480]'
            cand --amqp-port 'Port of the Event Hubs AMQP 1.0 endpoint (plain TCP; 0 = any free port) [default: 5672]'
            cand --hub 'An event hub to serve as NAME:PARTITIONS; repeat for more (hubs already in the state are kept) [default: deviceevents:4 and lifecycleevents:4]'
            cand --state 'SQLite state file [default: $XDG_DATA_HOME/twinbridge/emulator.sqlite]'
            cand --latency 'Added delay before every response, e.g. 20ms (realism for benchmarks)'
            cand --fault-rate 'Fraction of requests answered with a random 429 (with Retry-After) or 503, e.g. 0.05'
            cand --device-port 'TLS port of DPS and IoT Hub, MQTT and HTTPS on one port (0 = any free port) [default: 8883, the port the official device SDKs use]'
            cand --hub-hostname 'The hub''s host name as devices see it [default: localhost:PORT]. Use `localhost` with port 8883 for SDKs that always connect to port 8883 (the Python azure-iot-device SDK)'
            cand --id-scope 'The DPS ID scope [default: 0ne00000000]'
            cand --enrollment-group 'A symmetric-key enrollment group, ID:GROUP_KEY (repeatable). Without any, a group `default` with the emulator''s well-known key is created'
            cand --allocation-webhook 'Custom allocation webhook URL for groups without their own (e.g. `twinbridge allocate serve`). Without one, the built-in policy assigns the hub and tags dtId/dtmi from the registration id and payload.modelId'
            cand --enrichment 'A message enrichment KEY=VALUE on telemetry, e.g. dtId=$twin.tags.dtId (repeatable) [default: dtId=$twin.tags.dtId and dtmi=$twin.tags.dtmi]'
            cand --dps-rate-limit 'Registrations per minute DPS accepts before answering 429 [default: unlimited]'
            cand --ca-out 'Where to write the CA certificate clients trust (`--ca-cert`) [default: emulator-ca.pem beside the state file, or in $XDG_DATA_HOME/twinbridge]'
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand --in-memory 'Keep state in memory only (for tests); nothing survives a restart'
            cand --enforce-limits 'Enforce ADT''s documented rate limits (10 writes/s per twin, 1000 patches/s) with 429'
            cand --in-process-allocation 'Allocate with twinbridge''s own allocation logic (what `allocate serve` does, any model allowed) in-process against this emulator''s ADT, for groups without a webhook: each device gets its twin, so models must be uploaded first'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;completions'= {
            cand --config 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml'
            cand --profile 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings'
            cand --adt-url 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)'
            cand --adt-api-version 'ADT data-plane api-version [default: 2023-10-31]'
            cand --auth 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)'
            cand --format 'Output format: `table` for people, `json` for scripts [default: table]'
            cand --color 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]'
            cand --timeout 'Timeout for one request to a service [default: 30s]'
            cand --max-retries 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]'
            cand --concurrency 'Requests in flight at once per service client [default: 16]'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --verbose 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
            cand --show-settings 'Print the resolved settings (secrets redacted) with where each came from, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twinbridge;help'= {
            cand demo 'Run the sample''s whole flow locally and check it: emulator, models, DPS allocation, telemetry and lifecycle pipelines, simulated devices. Start here'
            cand allocate 'Answer DPS custom-allocation requests: find or create the device''s twin, pick the hub'
            cand sync-telemetry 'Map device telemetry from Event Hubs onto twin properties (coalesced per twin)'
            cand watch-lifecycle 'Keep ADT in step with the device registry: remove a deleted device''s twin'
            cand simulate-device 'Provision simulated devices through DPS and send telemetry, from one to thousands'
            cand models 'Upload, validate, list and delete DTDL models'
            cand twins 'Inspect and delete digital twins: show, list, query, delete'
            cand devices 'The IoT Hub device registry: list, show, delete devices (with an IoT Hub connection string)'
            cand emulator 'Run the local emulator of Azure Digital Twins, DPS and IoT Hub on loopback'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'twinbridge;help;demo'= {
        }
        &'twinbridge;help;allocate'= {
            cand serve 'Serve the custom-allocation webhook DPS calls (replaces the sample''s Azure Function)'
        }
        &'twinbridge;help;allocate;serve'= {
        }
        &'twinbridge;help;sync-telemetry'= {
        }
        &'twinbridge;help;watch-lifecycle'= {
        }
        &'twinbridge;help;simulate-device'= {
        }
        &'twinbridge;help;models'= {
            cand upload 'Upload DTDL models in dependency order, only those not already in the instance'
            cand validate 'Validate DTDL v2/v3 model files (parsed together as one set) without uploading them'
            cand list 'List the models in the instance'
            cand delete 'Delete models (dependents first), or decommission those twins still use'
        }
        &'twinbridge;help;models;upload'= {
        }
        &'twinbridge;help;models;validate'= {
        }
        &'twinbridge;help;models;list'= {
        }
        &'twinbridge;help;models;delete'= {
        }
        &'twinbridge;help;twins'= {
            cand show 'Show one twin: properties with update times, model, etag, relationships both ways'
            cand list 'List twins, optionally of one model (including models that extend it) or matching a filter'
            cand query 'Run an ADT query and print every result (all pages)'
            cand delete 'Delete a twin; with --with-relationships, its relationships (both ways) first'
        }
        &'twinbridge;help;twins;show'= {
        }
        &'twinbridge;help;twins;list'= {
        }
        &'twinbridge;help;twins;query'= {
        }
        &'twinbridge;help;twins;delete'= {
        }
        &'twinbridge;help;devices'= {
            cand list 'List devices in the hub''s registry with their twin tags (dtId, dtmi)'
            cand show 'Show one device: identity (keys redacted), status, connection state, twin'
            cand delete 'Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events)'
        }
        &'twinbridge;help;devices;list'= {
        }
        &'twinbridge;help;devices;show'= {
        }
        &'twinbridge;help;devices;delete'= {
        }
        &'twinbridge;help;emulator'= {
        }
        &'twinbridge;help;completions'= {
        }
        &'twinbridge;help;help'= {
        }
    ]
    $completions[$command]
}
