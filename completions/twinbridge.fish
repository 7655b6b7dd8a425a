# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_twinbridge_global_optspecs
    string join \n config= profile= adt-url= adt-api-version= auth= format= color= log-format= timeout= max-retries= concurrency= allow-insecure-transport q/quiet v/verbose show-settings h/help V/version
end

function __fish_twinbridge_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_twinbridge_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_twinbridge_using_subcommand
    set -l cmd (__fish_twinbridge_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c twinbridge -n "__fish_twinbridge_needs_command" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -s V -l version -d 'Print version'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "demo" -d 'Run the sample\'s whole flow locally and check it: emulator, models, DPS allocation, telemetry and lifecycle pipelines, simulated devices. Start here'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "allocate" -d 'Answer DPS custom-allocation requests: find or create the device\'s twin, pick the hub'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "sync-telemetry" -d 'Map device telemetry from Event Hubs onto twin properties (coalesced per twin)'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "watch-lifecycle" -d 'Keep ADT in step with the device registry: remove a deleted device\'s twin'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "simulate-device" -d 'Provision simulated devices through DPS and send telemetry, from one to thousands'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "models" -d 'Upload, validate, list and delete DTDL models'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "twins" -d 'Inspect and delete digital twins: show, list, query, delete'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "devices" -d 'The IoT Hub device registry: list, show, delete devices (with an IoT Hub connection string)'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "mappings" -d 'Device-to-twin mappings: each device\'s twin, model and last update, with what is wrong'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "emulator" -d 'Run the local emulator of Azure Digital Twins, DPS and IoT Hub on loopback'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l devices -d 'Simulated devices' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l duration -d 'How long the devices send telemetry' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l interval -d 'Time between two messages of one device (the sample\'s simulator: 500ms)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l delete -d 'Devices to delete from the hub afterwards [default: a fifth of them, at least 1]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l transport -d 'Device transport for DPS and IoT Hub' -r -f -a "mqtt\t'MQTT over TLS, port 8883 (what the sample\'s simulator uses)'
https\t'HTTPS, port 443'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l settle-timeout -d 'Longest wait for the pipelines to catch up after the devices stop (and after the deletions)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l work-dir -d 'Directory for checkpoints, dead letters and the emulator\'s CA certificate [default: a new directory under the state directory\'s demo/]' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l keep-running -d 'Leave the emulator, webhook and pipelines running after the report, print their endpoints and commands to try, and stop on Ctrl-C'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l request -d 'Run one AllocationRequest from FILE (`-` for stdin) through the same policy and print the response DPS would get; on refusal print the error and its HTTP status, and exit 1' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l twin-id -d 'Twin id template over the request: {registrationId}, {enrollmentGroupId}, {payload.NAME} [default: {registrationId}]. The result must be a valid twin id' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l default-model -d 'Model for devices whose payload has no modelId (it must be allowed too)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l allow-model -d 'A model devices may claim: an exact DTMI, a prefix like \'dtmi:contosocom:*\', or \'*\' for every model in the instance. Repeatable. Nothing is allowed unless configured (only the --default-model when that is set)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l on-model-mismatch -d 'When the twin exists with another model: reject (fail the registration), keep (keep the twin and its model) or replace (the sample\'s behaviour) [default: reject]' -r -f -a "reject\t''
keep\t''
replace\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l hub-policy -d 'How to pick the IoT hub among linkedHubs: first, hash (stable per registration id), round-robin, or map (--hub-map) [default: hash]' -r -f -a "first\t''
hash\t''
round-robin\t''
map\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l hub-map -d 'With --hub-policy map: devices of models matching PATTERN go to HUB. Repeatable; the most specific pattern wins; devices matching none are hashed' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l sticky-hub -d 'Keep a re-registering device on its current hub while it is still linked [default: true]' -r -f -a "true\t''
false\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l parent-from -d 'Parent twin to relate to the device\'s twin: payload.FIELD (the device names it) or twin:ID (one fixed twin). Skipped when the parent does not exist' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l parent-relationship -d 'Relationship from the parent to the device\'s twin [default: contains]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l tag -d 'An extra initialTwin tag (besides dtId and dtmi). Repeatable' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l desired -d 'initialTwin.properties.desired as a JSON object [default: {}]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l response-payload -d 'Return {"dtId","dtmi"} to the device as the registration payload [default: true]' -r -f -a "true\t''
false\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l cache-ttl -d 'How long a decision about a twin (and a model\'s existence) is reused; 0s disables the cache [default: 10s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l dry-run -d 'With --request: read ADT but write nothing; report what would be created or replaced'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l strict-request -d 'Answer 400 to a request with fields DPS does not document. By default such fields are accepted and logged, so a field DPS adds does not fail every registration'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l allow-unknown-fields -d 'Accepted for compatibility: undocumented fields are accepted by default'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -f -a "serve" -d 'Serve the custom-allocation webhook DPS calls (replaces the sample\'s Azure Function)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and not __fish_seen_subcommand_from serve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l listen -d 'Address to listen on [default: 127.0.0.1:8080]; use 0.0.0.0:PORT to accept DPS directly' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l path -d 'Path of the allocation endpoint [default: /api/allocate]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l key-file -d 'File of accepted function keys, one per line (\'#\' comments); DPS sends one as ?code=KEY. Keys may also come from TWINBRIDGE_ALLOCATE_KEYS (comma-separated)' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l tls-cert -d 'PEM certificate chain for HTTPS (with --tls-key); without it, plain HTTP' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l tls-key -d 'PEM private key for HTTPS (with --tls-cert)' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l max-body-bytes -d 'Largest request body accepted; larger ones get 413 [default: 262144]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l request-timeout -d 'Longest an allocation may take before answering 503 so DPS retries [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l shutdown-timeout -d 'On SIGTERM/SIGINT, how long requests in progress may take to finish [default: 25s, under the 30 s Kubernetes and Container Apps wait before SIGKILL]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l twin-id -d 'Twin id template over the request: {registrationId}, {enrollmentGroupId}, {payload.NAME} [default: {registrationId}]. The result must be a valid twin id' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l default-model -d 'Model for devices whose payload has no modelId (it must be allowed too)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l allow-model -d 'A model devices may claim: an exact DTMI, a prefix like \'dtmi:contosocom:*\', or \'*\' for every model in the instance. Repeatable. Nothing is allowed unless configured (only the --default-model when that is set)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l on-model-mismatch -d 'When the twin exists with another model: reject (fail the registration), keep (keep the twin and its model) or replace (the sample\'s behaviour) [default: reject]' -r -f -a "reject\t''
keep\t''
replace\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l hub-policy -d 'How to pick the IoT hub among linkedHubs: first, hash (stable per registration id), round-robin, or map (--hub-map) [default: hash]' -r -f -a "first\t''
hash\t''
round-robin\t''
map\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l hub-map -d 'With --hub-policy map: devices of models matching PATTERN go to HUB. Repeatable; the most specific pattern wins; devices matching none are hashed' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l sticky-hub -d 'Keep a re-registering device on its current hub while it is still linked [default: true]' -r -f -a "true\t''
false\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l parent-from -d 'Parent twin to relate to the device\'s twin: payload.FIELD (the device names it) or twin:ID (one fixed twin). Skipped when the parent does not exist' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l parent-relationship -d 'Relationship from the parent to the device\'s twin [default: contains]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l tag -d 'An extra initialTwin tag (besides dtId and dtmi). Repeatable' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l desired -d 'initialTwin.properties.desired as a JSON object [default: {}]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l response-payload -d 'Return {"dtId","dtmi"} to the device as the registration payload [default: true]' -r -f -a "true\t''
false\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l cache-ttl -d 'How long a decision about a twin (and a model\'s existence) is reused; 0s disables the cache [default: 10s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l no-auth -d 'Accept requests without a key (only behind something that authenticates DPS)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l strict-request -d 'Answer 400 to a request with fields DPS does not document. By default such fields are accepted and logged, so a field DPS adds does not fail every registration'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l allow-unknown-fields -d 'Accepted for compatibility: undocumented fields are accepted by default'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve the custom-allocation webhook DPS calls (replaces the sample\'s Azure Function)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l connection-string -d 'Event Hubs connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... [;EntityPath=...][;UseDevelopmentEmulator=true]). Also TWINBRIDGE_EVENTHUB_CONNECTION_STRING or the sample\'s EVENTHUB_CONNECTIONSTRING; prefer the environment (keeps the key out of shell history)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l namespace -d 'Event Hubs namespace for Entra ID auth (e.g. myns.servicebus.windows.net); uses --auth' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l eventhub -d 'Event hub name (when the connection string has no EntityPath)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l consumer-group -d 'Consumer group [default: $Default]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l transport -d 'Transport [default: amqp]' -r -f -a "amqp\t'AMQP over TCP 5671 (plain AMQP to an emulator with UseDevelopmentEmulator=true)'
websockets\t'AMQP over WebSockets 443 (through firewalls and proxies)'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l start -d 'Where to start a partition that has no checkpoint: earliest, latest, or an RFC 3339 enqueued time [default: earliest]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l from-file -d 'Read NDJSON events from a file, or `-` for stdin, instead of Event Hubs (replays, cron, tests). The format is documented in docs/events.md' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l checkpoint-store -d 'Checkpoint store: `file:` (default, under $XDG_STATE_HOME/twinbridge/checkpoints), `file:PATH`, `blob:https://ACCOUNT.blob.core.windows.net/CONTAINER` (Entra ID, or a SAS in the URL), or a storage connection string. Processes sharing a store and consumer group split the partitions between them' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l storage-account-key -d 'Storage account key for a `blob:` checkpoint store (Shared Key auth)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l owner-id -d 'This process\'s owner id in the checkpoint store [default: a random UUID]. Give each instance a stable id so that a restarted instance takes its partitions back at once instead of waiting for its old claims to expire' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l ownership-expiry -d 'How long a partition claim lasts without renewal; a process that died loses its partitions to the others after this [default: 60s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l dead-letter -d 'Dead-letter file: events that cannot be applied, one NDJSON line each with the reason [default: $XDG_STATE_HOME/twinbridge/dead-letters/<command>.ndjson]' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l until-idle -d 'Drain the backlog and exit (for cron): stop once no event arrived for this long and everything is applied [default when given without a value: 5s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l metrics-listen -d 'Serve /healthz (liveness), /readyz (readiness) and /metrics (Prometheus) over plain HTTP on ADDR, e.g. 0.0.0.0:9464 or 127.0.0.1:0 for any free port [default: off]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l shutdown-timeout -d 'On SIGTERM or Ctrl-C: how long to finish the work in flight, write the last checkpoints and release partitions before exiting anyway [default: 25s, under the 30 s Kubernetes and Container Apps wait before SIGKILL]. Work not finished by then is redelivered' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l twin-id-from -d 'Where each event\'s twin id comes from, first present wins: property:NAME (an application property / enrichment), system:NAME, body:/json/pointer, device-id' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l property -d 'Map only this body field onto the twin property of the same name with a JSON Patch `replace` (repeatable). `--property Temperature` reproduces the sample exactly' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l mapping -d 'A TOML mapping file: per-model rules (body JSON pointer -> twin path, scale, offset, source time). See examples/mapping.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l source-time -d 'With the default mapping, write this time as `$metadata/<prop>/sourceTime`: `none`, `enqueued` (the event\'s enqueued time) or a JSON pointer into the body [default: none]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l flush-interval -d 'Collect updates this long and send one PATCH per twin with the latest value of each property [default: 1s]. 0 sends each event\'s patch at once (the sample\'s way)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l connection-string -d 'Event Hubs connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... [;EntityPath=...][;UseDevelopmentEmulator=true]). Also TWINBRIDGE_EVENTHUB_CONNECTION_STRING or the sample\'s EVENTHUB_CONNECTIONSTRING; prefer the environment (keeps the key out of shell history)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l namespace -d 'Event Hubs namespace for Entra ID auth (e.g. myns.servicebus.windows.net); uses --auth' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l eventhub -d 'Event hub name (when the connection string has no EntityPath)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l consumer-group -d 'Consumer group [default: $Default]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l transport -d 'Transport [default: amqp]' -r -f -a "amqp\t'AMQP over TCP 5671 (plain AMQP to an emulator with UseDevelopmentEmulator=true)'
websockets\t'AMQP over WebSockets 443 (through firewalls and proxies)'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l start -d 'Where to start a partition that has no checkpoint: earliest, latest, or an RFC 3339 enqueued time [default: earliest]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l from-file -d 'Read NDJSON events from a file, or `-` for stdin, instead of Event Hubs (replays, cron, tests). The format is documented in docs/events.md' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l checkpoint-store -d 'Checkpoint store: `file:` (default, under $XDG_STATE_HOME/twinbridge/checkpoints), `file:PATH`, `blob:https://ACCOUNT.blob.core.windows.net/CONTAINER` (Entra ID, or a SAS in the URL), or a storage connection string. Processes sharing a store and consumer group split the partitions between them' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l storage-account-key -d 'Storage account key for a `blob:` checkpoint store (Shared Key auth)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l owner-id -d 'This process\'s owner id in the checkpoint store [default: a random UUID]. Give each instance a stable id so that a restarted instance takes its partitions back at once instead of waiting for its old claims to expire' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l ownership-expiry -d 'How long a partition claim lasts without renewal; a process that died loses its partitions to the others after this [default: 60s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l dead-letter -d 'Dead-letter file: events that cannot be applied, one NDJSON line each with the reason [default: $XDG_STATE_HOME/twinbridge/dead-letters/<command>.ndjson]' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l until-idle -d 'Drain the backlog and exit (for cron): stop once no event arrived for this long and everything is applied [default when given without a value: 5s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l metrics-listen -d 'Serve /healthz (liveness), /readyz (readiness) and /metrics (Prometheus) over plain HTTP on ADDR, e.g. 0.0.0.0:9464 or 127.0.0.1:0 for any free port [default: off]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l shutdown-timeout -d 'On SIGTERM or Ctrl-C: how long to finish the work in flight, write the last checkpoints and release partitions before exiting anyway [default: 25s, under the 30 s Kubernetes and Container Apps wait before SIGKILL]. Work not finished by then is redelivered' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l on-delete -d 'Action on deleteDeviceIdentity [default: delete]' -r -f -a "delete\t'Delete its relationships (both ways), then the twin'
detach\t'Delete its relationships, keep the twin, set --detach-set on it'
log\t'Only report'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l detach-set -d 'With --on-delete detach: the property to set, as PATH=JSON' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l allow-model -d 'Only touch twins of these models: an exact DTMI, a prefix ending in * (e.g. \'dtmi:contosocom:DigitalTwins:Thermostat;*\'), or \'*\' for every model. Repeatable and required: a lifecycle stream must never delete a Space because a device shared its id' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l on-create -d 'Action on createDeviceIdentity [default: ignore]' -r -f -a "ignore\t''
ensure-twin\t'Create the twin from the body\'s tags.dtmi when it is missing (devices created outside DPS)'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l modules -d 'Also act on module lifecycle events (ignored by default). A module\'s twin is the `tags.dtId` of its module twin; a module without one is skipped, never mapped to its device\'s twin'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l dry-run -d 'Print what would be deleted or patched; touch nothing, checkpoint nothing'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l scope -d 'DPS ID scope (portal: Device Provisioning Service > Overview)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l group-key -d 'Enrollment group key (base64); each device\'s key is derived from it and its id' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l device-key -d 'A device\'s own symmetric key (one device, or individual enrollment)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l registration-id -d 'Registration id, or a pattern with {n} / {n:04} for --count > 1' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l count -d 'How many devices to simulate' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l first -d 'First value of {n}' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l model -d 'DTDL model id sent in the DPS payload as `modelId` (the sample\'s allocation reads it)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l payload -d 'Extra DPS payload (a JSON object), merged with `modelId`' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l transport -d 'Transport to DPS and IoT Hub' -r -f -a "mqtt\t'MQTT over TLS, port 8883 (what the sample\'s simulator uses)'
https\t'HTTPS, port 443'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l interval -d 'Time between messages of one device [default: 500ms, like the sample]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l rate -d 'Total messages per second across all devices (sets each device\'s interval)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l duration -d 'Stop after this long (default: run until Ctrl-C or --messages)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l messages -d 'Messages per device, then stop (0 = provision and connect only)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l ramp-up -d 'Spread device starts evenly over this time' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l telemetry -d 'Telemetry template (JSON with generators; see examples/telemetry-template.json) [default: {"Temperature": 25 ± 1}]' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l connect-concurrency -d 'Devices provisioning or connecting at the same time' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l dps-rate -d 'DPS registrations per minute at most (DPS allows 200/min per service unit; the issue target is 1000/min)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l dps-endpoint -d 'DPS host[:port] [default: global.azure-devices-provisioning.net]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l ca-cert -d 'Also trust this CA (PEM), e.g. the emulator\'s' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l save-credentials -d 'Write each device\'s assignment (hub, device id) to FILE, keys redacted' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l from-credentials -d 'Skip DPS: use the devices and assignments saved by --save-credentials' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l include-keys -d 'Write the derived device keys into --save-credentials too (the file is then a secret)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -f -a "upload" -d 'Upload DTDL models in dependency order, only those not already in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -f -a "validate" -d 'Validate DTDL v2/v3 model files (parsed together as one set) without uploading them'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -f -a "list" -d 'List the models in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -f -a "delete" -d 'Delete models (dependents first), or decommission those twins still use'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l batch-size -d 'Models per create call (ADT allows at most 250)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l fail-on-conflict -d 'Refuse to upload anything when a model conflicts with the instance; with `=false`, upload the rest and report the conflicts' -r -f -a "true\t''
false\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l dry-run -d 'Stop after comparing with the instance and print the plan; change nothing'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l partial -d 'Upload everything that does not depend on an invalid model (default: nothing when any model is invalid)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l replace-conflicting -d 'For conflicting models that no twin uses: delete them from the instance and upload the new definitions (with the models that depend on them). Requires --yes'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -s y -l yes -d 'Confirm --replace-conflicting'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l allow-undefined-extensions -d 'Accept undefined extension contexts (the suite\'s AllowUndefinedExtensions)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l allow-undefined-extensions -d 'Accept undefined extension contexts (default: reject them, as ADT\'s parser does)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l dependencies-for -d 'Only these models and what they depend on (repeatable)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l definitions -d 'Include each model\'s definition (JSON output)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l all -d 'Delete every model in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l decommission -d 'Decommission (instead of refusing) models that twins still use'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l dry-run -d 'Print what would be deleted; change nothing'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "upload" -d 'Upload DTDL models in dependency order, only those not already in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Validate DTDL v2/v3 model files (parsed together as one set) without uploading them'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the models in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete models (dependents first), or decommission those twins still use'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -f -a "show" -d 'Show one twin: properties with update times, model, etag, relationships both ways'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -f -a "list" -d 'List twins, optionally of one model (including models that extend it) or matching a filter'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -f -a "query" -d 'Run an ADT query and print every result (all pages)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -f -a "delete" -d 'Delete a twin; with --with-relationships, its relationships (both ways) first'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l model -d 'Only twins of this model or of models that extend it (IS_OF_MODEL)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l where -d 'An extra ADT query condition on twin T, e.g. "T.Temperature > 30"' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l limit -d 'Stop after this many twins' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l limit -d 'Stop after this many results' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l page-size -d 'Results per page requested from ADT (max-items-per-page)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l with-relationships -d 'Delete the twin\'s outgoing and incoming relationships first (ADT refuses otherwise)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one twin: properties with update times, model, etag, relationships both ways'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from help" -f -a "list" -d 'List twins, optionally of one model (including models that extend it) or matching a filter'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from help" -f -a "query" -d 'Run an ADT query and print every result (all pages)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a twin; with --with-relationships, its relationships (both ways) first'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -f -a "list" -d 'List devices in the hub\'s registry with their twin tags (dtId, dtmi)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -f -a "show" -d 'Show one device: identity (keys redacted), status, connection state, twin'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -f -a "delete" -d 'Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l connection-string -d 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l hub-hostname -d 'IoT Hub host name (myhub.azure-devices.net) to reach with an Entra ID token from the global --auth instead of a connection string (role: IoT Hub Registry Contributor, or IoT Hub Data Reader for read-only use). Takes precedence over a connection string' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l ca-cert -d 'Also trust this CA (PEM), e.g. the emulator\'s' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l where -d 'A registry query condition, e.g. "tags.dtmi = \'dtmi:contosocom:DigitalTwins:Thermostat;2\'"' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l limit -d 'Stop after this many devices' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l connection-string -d 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l hub-hostname -d 'IoT Hub host name (myhub.azure-devices.net) to reach with an Entra ID token from the global --auth instead of a connection string (role: IoT Hub Registry Contributor, or IoT Hub Data Reader for read-only use). Takes precedence over a connection string' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l ca-cert -d 'Also trust this CA (PEM), e.g. the emulator\'s' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l connection-string -d 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l hub-hostname -d 'IoT Hub host name (myhub.azure-devices.net) to reach with an Entra ID token from the global --auth instead of a connection string (role: IoT Hub Registry Contributor, or IoT Hub Data Reader for read-only use). Takes precedence over a connection string' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l ca-cert -d 'Also trust this CA (PEM), e.g. the emulator\'s' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from help" -f -a "list" -d 'List devices in the hub\'s registry with their twin tags (dtId, dtmi)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one device: identity (keys redacted), status, connection state, twin'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l connection-string -d 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l hub-hostname -d 'IoT Hub host name (myhub.azure-devices.net) to reach with an Entra ID token from the global --auth instead of a connection string (role: IoT Hub Registry Contributor, or IoT Hub Data Reader for read-only use). Takes precedence over a connection string' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l ca-cert -d 'Also trust this CA (PEM), e.g. the emulator\'s' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l status -d 'Only rows with this status (repeatable, or comma-separated)' -r -f -a "ok\t'Tags dtId/dtmi set, the twin exists with the tagged model'
twin-missing\t'Tag dtId set, but ADT has no such twin'
model-mismatch\t'The device\'s dtmi tag differs from the twin\'s model'
no-dtid-tag\t'The device has no dtId tag'
no-dtmi-tag\t'The twin exists but the device has no dtmi tag'
orphan\t'A twin of a device model that no device points at (with --orphans)'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l model -d 'Only devices whose dtmi tag or twin model is this DTMI' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l device -d 'Only devices whose id matches this glob (`*` any run, `?` one character); orphan twins are matched by their twin id' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l orphans -d 'Also list twins of the devices\' models that no device points at'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l fix -d 'Repair what is safe to repair among the shown rows: create missing twins (model from the device\'s dtmi tag, id from its dtId tag) and set missing dtId/dtmi tags. A model mismatch is reported, never fixed automatically'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l dry-run -d 'With --fix: print what would change, change nothing'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -s y -l yes -d 'With --fix: do not ask for confirmation (required when not on a terminal)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand mappings" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l host -d 'Address to listen on. Loopback by default; the emulator has no real authentication' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l adt-port -d 'Port of the ADT data-plane API (0 = any free port) [default: 8480]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l amqp-port -d 'Port of the Event Hubs AMQP 1.0 endpoint (plain TCP; 0 = any free port) [default: 5672]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l hub -d 'An event hub to serve as NAME:PARTITIONS; repeat for more (hubs already in the state are kept) [default: deviceevents:4 and lifecycleevents:4]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l state -d 'SQLite state file [default: $XDG_DATA_HOME/twinbridge/emulator.sqlite]' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l latency -d 'Added delay before every response, e.g. 20ms (realism for benchmarks)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l fault-rate -d 'Fraction of requests answered with a random 429 (with Retry-After) or 503, e.g. 0.05' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l device-port -d 'TLS port of DPS and IoT Hub, MQTT and HTTPS on one port (0 = any free port) [default: 8883, the port the official device SDKs use]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l hub-hostname -d 'The hub\'s host name as devices see it [default: localhost:PORT]. Use `localhost` with port 8883 for SDKs that always connect to port 8883 (the Python azure-iot-device SDK)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l id-scope -d 'The DPS ID scope [default: 0ne00000000]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l enrollment-group -d 'A symmetric-key enrollment group, ID:GROUP_KEY (repeatable). Without any, a group `default` with the emulator\'s well-known key is created' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l allocation-webhook -d 'Custom allocation webhook URL for groups without their own (e.g. `twinbridge allocate serve`). Without one, the built-in policy assigns the hub and tags dtId/dtmi from the registration id and payload.modelId. A function key in it (`?code=KEY`) is never printed' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l enrichment -d 'A message enrichment KEY=VALUE on telemetry, e.g. dtId=$twin.tags.dtId (repeatable) [default: dtId=$twin.tags.dtId and dtmi=$twin.tags.dtmi]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l dps-rate-limit -d 'Registrations per minute DPS accepts before answering 429 [default: unlimited]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l ca-out -d 'Where to write the CA certificate clients trust (`--ca-cert`) [default: emulator-ca.pem beside the state file, or in $XDG_DATA_HOME/twinbridge]' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l in-memory -d 'Keep state in memory only (for tests); nothing survives a restart'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l enforce-limits -d 'Enforce ADT\'s documented rate limits (10 writes/s per twin, 1000 patches/s) with 429'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l in-process-allocation -d 'Allocate with twinbridge\'s own allocation logic (what `allocate serve` does, any model allowed) in-process against this emulator\'s ADT, for groups without a webhook: each device gets its twin, so models must be uploaded first'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l log-format -d 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]' -r -f -a "text\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l allow-insecure-transport -d 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from demo allocate sync-telemetry watch-lifecycle simulate-device models twins devices mappings emulator completions help" -f -a "demo" -d 'Run the sample\'s whole flow locally and check it: emulator, models, DPS allocation, telemetry and lifecycle pipelines, simulated devices. Start here'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from demo allocate sync-telemetry watch-lifecycle simulate-device models twins devices mappings emulator completions help" -f -a "allocate" -d 'Answer DPS custom-allocation requests: find or create the device\'s twin, pick the hub'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from demo allocate sync-telemetry watch-lifecycle simulate-device models twins devices mappings emulator completions help" -f -a "sync-telemetry" -d 'Map device telemetry from Event Hubs onto twin properties (coalesced per twin)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from demo allocate sync-telemetry watch-lifecycle simulate-device models twins devices mappings emulator completions help" -f -a "watch-lifecycle" -d 'Keep ADT in step with the device registry: remove a deleted device\'s twin'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from demo allocate sync-telemetry watch-lifecycle simulate-device models twins devices mappings emulator completions help" -f -a "simulate-device" -d 'Provision simulated devices through DPS and send telemetry, from one to thousands'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from demo allocate sync-telemetry watch-lifecycle simulate-device models twins devices mappings emulator completions help" -f -a "models" -d 'Upload, validate, list and delete DTDL models'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from demo allocate sync-telemetry watch-lifecycle simulate-device models twins devices mappings emulator completions help" -f -a "twins" -d 'Inspect and delete digital twins: show, list, query, delete'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from demo allocate sync-telemetry watch-lifecycle simulate-device models twins devices mappings emulator completions help" -f -a "devices" -d 'The IoT Hub device registry: list, show, delete devices (with an IoT Hub connection string)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from demo allocate sync-telemetry watch-lifecycle simulate-device models twins devices mappings emulator completions help" -f -a "mappings" -d 'Device-to-twin mappings: each device\'s twin, model and last update, with what is wrong'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from demo allocate sync-telemetry watch-lifecycle simulate-device models twins devices mappings emulator completions help" -f -a "emulator" -d 'Run the local emulator of Azure Digital Twins, DPS and IoT Hub on loopback'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from demo allocate sync-telemetry watch-lifecycle simulate-device models twins devices mappings emulator completions help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from demo allocate sync-telemetry watch-lifecycle simulate-device models twins devices mappings emulator completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from allocate" -f -a "serve" -d 'Serve the custom-allocation webhook DPS calls (replaces the sample\'s Azure Function)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "upload" -d 'Upload DTDL models in dependency order, only those not already in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "validate" -d 'Validate DTDL v2/v3 model files (parsed together as one set) without uploading them'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "list" -d 'List the models in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "delete" -d 'Delete models (dependents first), or decommission those twins still use'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from twins" -f -a "show" -d 'Show one twin: properties with update times, model, etag, relationships both ways'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from twins" -f -a "list" -d 'List twins, optionally of one model (including models that extend it) or matching a filter'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from twins" -f -a "query" -d 'Run an ADT query and print every result (all pages)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from twins" -f -a "delete" -d 'Delete a twin; with --with-relationships, its relationships (both ways) first'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from devices" -f -a "list" -d 'List devices in the hub\'s registry with their twin tags (dtId, dtmi)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from devices" -f -a "show" -d 'Show one device: identity (keys redacted), status, connection state, twin'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from devices" -f -a "delete" -d 'Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events)'
