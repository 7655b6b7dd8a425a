
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'twinbridge' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'twinbridge'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'twinbridge' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the sample''s whole flow locally and check it: emulator, models, DPS allocation, telemetry and lifecycle pipelines, simulated devices. Start here')
            [CompletionResult]::new('allocate', 'allocate', [CompletionResultType]::ParameterValue, 'Answer DPS custom-allocation requests: find or create the device''s twin, pick the hub')
            [CompletionResult]::new('sync-telemetry', 'sync-telemetry', [CompletionResultType]::ParameterValue, 'Map device telemetry from Event Hubs onto twin properties (coalesced per twin)')
            [CompletionResult]::new('watch-lifecycle', 'watch-lifecycle', [CompletionResultType]::ParameterValue, 'Keep ADT in step with the device registry: remove a deleted device''s twin')
            [CompletionResult]::new('simulate-device', 'simulate-device', [CompletionResultType]::ParameterValue, 'Provision simulated devices through DPS and send telemetry, from one to thousands')
            [CompletionResult]::new('models', 'models', [CompletionResultType]::ParameterValue, 'Upload, validate, list and delete DTDL models')
            [CompletionResult]::new('twins', 'twins', [CompletionResultType]::ParameterValue, 'Inspect and delete digital twins: show, list, query, delete')
            [CompletionResult]::new('devices', 'devices', [CompletionResultType]::ParameterValue, 'The IoT Hub device registry: list, show, delete devices (with an IoT Hub connection string)')
            [CompletionResult]::new('mappings', 'mappings', [CompletionResultType]::ParameterValue, 'Device-to-twin mappings: each device''s twin, model and last update, with what is wrong')
            [CompletionResult]::new('emulator', 'emulator', [CompletionResultType]::ParameterValue, 'Run the local emulator of Azure Digital Twins, DPS and IoT Hub on loopback')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'twinbridge;demo' {
            [CompletionResult]::new('--devices', '--devices', [CompletionResultType]::ParameterName, 'Simulated devices')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long the devices send telemetry')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between two messages of one device (the sample''s simulator: 500ms)')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Devices to delete from the hub afterwards [default: a fifth of them, at least 1]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'Device transport for DPS and IoT Hub')
            [CompletionResult]::new('--settle-timeout', '--settle-timeout', [CompletionResultType]::ParameterName, 'Longest wait for the pipelines to catch up after the devices stop (and after the deletions)')
            [CompletionResult]::new('--work-dir', '--work-dir', [CompletionResultType]::ParameterName, 'Directory for checkpoints, dead letters and the emulator''s CA certificate [default: a new directory under the state directory''s demo/]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--keep-running', '--keep-running', [CompletionResultType]::ParameterName, 'Leave the emulator, webhook and pipelines running after the report, print their endpoints and commands to try, and stop on Ctrl-C')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;allocate' {
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'Run one AllocationRequest from FILE (`-` for stdin) through the same policy and print the response DPS would get; on refusal print the error and its HTTP status, and exit 1')
            [CompletionResult]::new('--twin-id', '--twin-id', [CompletionResultType]::ParameterName, 'Twin id template over the request: {registrationId}, {enrollmentGroupId}, {payload.NAME} [default: {registrationId}]. The result must be a valid twin id')
            [CompletionResult]::new('--default-model', '--default-model', [CompletionResultType]::ParameterName, 'Model for devices whose payload has no modelId (it must be allowed too)')
            [CompletionResult]::new('--allow-model', '--allow-model', [CompletionResultType]::ParameterName, 'A model devices may claim: an exact DTMI, a prefix like ''dtmi:contosocom:*'', or ''*'' for every model in the instance. Repeatable. Nothing is allowed unless configured (only the --default-model when that is set)')
            [CompletionResult]::new('--on-model-mismatch', '--on-model-mismatch', [CompletionResultType]::ParameterName, 'When the twin exists with another model: reject (fail the registration), keep (keep the twin and its model) or replace (the sample''s behaviour) [default: reject]')
            [CompletionResult]::new('--hub-policy', '--hub-policy', [CompletionResultType]::ParameterName, 'How to pick the IoT hub among linkedHubs: first, hash (stable per registration id), round-robin, or map (--hub-map) [default: hash]')
            [CompletionResult]::new('--hub-map', '--hub-map', [CompletionResultType]::ParameterName, 'With --hub-policy map: devices of models matching PATTERN go to HUB. Repeatable; the most specific pattern wins; devices matching none are hashed')
            [CompletionResult]::new('--sticky-hub', '--sticky-hub', [CompletionResultType]::ParameterName, 'Keep a re-registering device on its current hub while it is still linked [default: true]')
            [CompletionResult]::new('--parent-from', '--parent-from', [CompletionResultType]::ParameterName, 'Parent twin to relate to the device''s twin: payload.FIELD (the device names it) or twin:ID (one fixed twin). Skipped when the parent does not exist')
            [CompletionResult]::new('--parent-relationship', '--parent-relationship', [CompletionResultType]::ParameterName, 'Relationship from the parent to the device''s twin [default: contains]')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'An extra initialTwin tag (besides dtId and dtmi). Repeatable')
            [CompletionResult]::new('--desired', '--desired', [CompletionResultType]::ParameterName, 'initialTwin.properties.desired as a JSON object [default: {}]')
            [CompletionResult]::new('--response-payload', '--response-payload', [CompletionResultType]::ParameterName, 'Return {"dtId","dtmi"} to the device as the registration payload [default: true]')
            [CompletionResult]::new('--cache-ttl', '--cache-ttl', [CompletionResultType]::ParameterName, 'How long a decision about a twin (and a model''s existence) is reused; 0s disables the cache [default: 10s]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --request: read ADT but write nothing; report what would be created or replaced')
            [CompletionResult]::new('--strict-request', '--strict-request', [CompletionResultType]::ParameterName, 'Answer 400 to a request with fields DPS does not document. By default such fields are accepted and logged, so a field DPS adds does not fail every registration')
            [CompletionResult]::new('--allow-unknown-fields', '--allow-unknown-fields', [CompletionResultType]::ParameterName, 'Accepted for compatibility: undocumented fields are accepted by default')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the custom-allocation webhook DPS calls (replaces the sample''s Azure Function)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'twinbridge;allocate;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [default: 127.0.0.1:8080]; use 0.0.0.0:PORT to accept DPS directly')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Path of the allocation endpoint [default: /api/allocate]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'File of accepted function keys, one per line (''#'' comments); DPS sends one as ?code=KEY. Keys may also come from TWINBRIDGE_ALLOCATE_KEYS (comma-separated)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain for HTTPS (with --tls-key); without it, plain HTTP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key for HTTPS (with --tls-cert)')
            [CompletionResult]::new('--max-body-bytes', '--max-body-bytes', [CompletionResultType]::ParameterName, 'Largest request body accepted; larger ones get 413 [default: 262144]')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest an allocation may take before answering 503 so DPS retries [default: 30s]')
            [CompletionResult]::new('--shutdown-timeout', '--shutdown-timeout', [CompletionResultType]::ParameterName, 'On SIGTERM/SIGINT, how long requests in progress may take to finish [default: 25s, under the 30 s Kubernetes and Container Apps wait before SIGKILL]')
            [CompletionResult]::new('--twin-id', '--twin-id', [CompletionResultType]::ParameterName, 'Twin id template over the request: {registrationId}, {enrollmentGroupId}, {payload.NAME} [default: {registrationId}]. The result must be a valid twin id')
            [CompletionResult]::new('--default-model', '--default-model', [CompletionResultType]::ParameterName, 'Model for devices whose payload has no modelId (it must be allowed too)')
            [CompletionResult]::new('--allow-model', '--allow-model', [CompletionResultType]::ParameterName, 'A model devices may claim: an exact DTMI, a prefix like ''dtmi:contosocom:*'', or ''*'' for every model in the instance. Repeatable. Nothing is allowed unless configured (only the --default-model when that is set)')
            [CompletionResult]::new('--on-model-mismatch', '--on-model-mismatch', [CompletionResultType]::ParameterName, 'When the twin exists with another model: reject (fail the registration), keep (keep the twin and its model) or replace (the sample''s behaviour) [default: reject]')
            [CompletionResult]::new('--hub-policy', '--hub-policy', [CompletionResultType]::ParameterName, 'How to pick the IoT hub among linkedHubs: first, hash (stable per registration id), round-robin, or map (--hub-map) [default: hash]')
            [CompletionResult]::new('--hub-map', '--hub-map', [CompletionResultType]::ParameterName, 'With --hub-policy map: devices of models matching PATTERN go to HUB. Repeatable; the most specific pattern wins; devices matching none are hashed')
            [CompletionResult]::new('--sticky-hub', '--sticky-hub', [CompletionResultType]::ParameterName, 'Keep a re-registering device on its current hub while it is still linked [default: true]')
            [CompletionResult]::new('--parent-from', '--parent-from', [CompletionResultType]::ParameterName, 'Parent twin to relate to the device''s twin: payload.FIELD (the device names it) or twin:ID (one fixed twin). Skipped when the parent does not exist')
            [CompletionResult]::new('--parent-relationship', '--parent-relationship', [CompletionResultType]::ParameterName, 'Relationship from the parent to the device''s twin [default: contains]')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'An extra initialTwin tag (besides dtId and dtmi). Repeatable')
            [CompletionResult]::new('--desired', '--desired', [CompletionResultType]::ParameterName, 'initialTwin.properties.desired as a JSON object [default: {}]')
            [CompletionResult]::new('--response-payload', '--response-payload', [CompletionResultType]::ParameterName, 'Return {"dtId","dtmi"} to the device as the registration payload [default: true]')
            [CompletionResult]::new('--cache-ttl', '--cache-ttl', [CompletionResultType]::ParameterName, 'How long a decision about a twin (and a model''s existence) is reused; 0s disables the cache [default: 10s]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--no-auth', '--no-auth', [CompletionResultType]::ParameterName, 'Accept requests without a key (only behind something that authenticates DPS)')
            [CompletionResult]::new('--strict-request', '--strict-request', [CompletionResultType]::ParameterName, 'Answer 400 to a request with fields DPS does not document. By default such fields are accepted and logged, so a field DPS adds does not fail every registration')
            [CompletionResult]::new('--allow-unknown-fields', '--allow-unknown-fields', [CompletionResultType]::ParameterName, 'Accepted for compatibility: undocumented fields are accepted by default')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;allocate;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the custom-allocation webhook DPS calls (replaces the sample''s Azure Function)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'twinbridge;allocate;help;serve' {
            break
        }
        'twinbridge;allocate;help;help' {
            break
        }
        'twinbridge;sync-telemetry' {
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Event Hubs connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... [;EntityPath=...][;UseDevelopmentEmulator=true]). Also TWINBRIDGE_EVENTHUB_CONNECTION_STRING or the sample''s EVENTHUB_CONNECTIONSTRING; prefer the environment (keeps the key out of shell history)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Event Hubs namespace for Entra ID auth (e.g. myns.servicebus.windows.net); uses --auth')
            [CompletionResult]::new('--eventhub', '--eventhub', [CompletionResultType]::ParameterName, 'Event hub name (when the connection string has no EntityPath)')
            [CompletionResult]::new('--consumer-group', '--consumer-group', [CompletionResultType]::ParameterName, 'Consumer group [default: $Default]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'Transport [default: amqp]')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Where to start a partition that has no checkpoint: earliest, latest, or an RFC 3339 enqueued time [default: earliest]')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read NDJSON events from a file, or `-` for stdin, instead of Event Hubs (replays, cron, tests). The format is documented in docs/events.md')
            [CompletionResult]::new('--checkpoint-store', '--checkpoint-store', [CompletionResultType]::ParameterName, 'Checkpoint store: `file:` (default, under $XDG_STATE_HOME/twinbridge/checkpoints), `file:PATH`, `blob:https://ACCOUNT.blob.core.windows.net/CONTAINER` (Entra ID, or a SAS in the URL), or a storage connection string. Processes sharing a store and consumer group split the partitions between them')
            [CompletionResult]::new('--storage-account-key', '--storage-account-key', [CompletionResultType]::ParameterName, 'Storage account key for a `blob:` checkpoint store (Shared Key auth)')
            [CompletionResult]::new('--owner-id', '--owner-id', [CompletionResultType]::ParameterName, 'This process''s owner id in the checkpoint store [default: a random UUID]. Give each instance a stable id so that a restarted instance takes its partitions back at once instead of waiting for its old claims to expire')
            [CompletionResult]::new('--ownership-expiry', '--ownership-expiry', [CompletionResultType]::ParameterName, 'How long a partition claim lasts without renewal; a process that died loses its partitions to the others after this [default: 60s]')
            [CompletionResult]::new('--dead-letter', '--dead-letter', [CompletionResultType]::ParameterName, 'Dead-letter file: events that cannot be applied, one NDJSON line each with the reason [default: $XDG_STATE_HOME/twinbridge/dead-letters/<command>.ndjson]')
            [CompletionResult]::new('--until-idle', '--until-idle', [CompletionResultType]::ParameterName, 'Drain the backlog and exit (for cron): stop once no event arrived for this long and everything is applied [default when given without a value: 5s]')
            [CompletionResult]::new('--metrics-listen', '--metrics-listen', [CompletionResultType]::ParameterName, 'Serve /healthz (liveness), /readyz (readiness) and /metrics (Prometheus) over plain HTTP on ADDR, e.g. 0.0.0.0:9464 or 127.0.0.1:0 for any free port [default: off]')
            [CompletionResult]::new('--shutdown-timeout', '--shutdown-timeout', [CompletionResultType]::ParameterName, 'On SIGTERM or Ctrl-C: how long to finish the work in flight, write the last checkpoints and release partitions before exiting anyway [default: 25s, under the 30 s Kubernetes and Container Apps wait before SIGKILL]. Work not finished by then is redelivered')
            [CompletionResult]::new('--twin-id-from', '--twin-id-from', [CompletionResultType]::ParameterName, 'Where each event''s twin id comes from, first present wins: property:NAME (an application property / enrichment), system:NAME, body:/json/pointer, device-id')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Map only this body field onto the twin property of the same name with a JSON Patch `replace` (repeatable). `--property Temperature` reproduces the sample exactly')
            [CompletionResult]::new('--mapping', '--mapping', [CompletionResultType]::ParameterName, 'A TOML mapping file: per-model rules (body JSON pointer -> twin path, scale, offset, source time). See examples/mapping.toml')
            [CompletionResult]::new('--source-time', '--source-time', [CompletionResultType]::ParameterName, 'With the default mapping, write this time as `$metadata/<prop>/sourceTime`: `none`, `enqueued` (the event''s enqueued time) or a JSON pointer into the body [default: none]')
            [CompletionResult]::new('--flush-interval', '--flush-interval', [CompletionResultType]::ParameterName, 'Collect updates this long and send one PATCH per twin with the latest value of each property [default: 1s]. 0 sends each event''s patch at once (the sample''s way)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;watch-lifecycle' {
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'Event Hubs connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... [;EntityPath=...][;UseDevelopmentEmulator=true]). Also TWINBRIDGE_EVENTHUB_CONNECTION_STRING or the sample''s EVENTHUB_CONNECTIONSTRING; prefer the environment (keeps the key out of shell history)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Event Hubs namespace for Entra ID auth (e.g. myns.servicebus.windows.net); uses --auth')
            [CompletionResult]::new('--eventhub', '--eventhub', [CompletionResultType]::ParameterName, 'Event hub name (when the connection string has no EntityPath)')
            [CompletionResult]::new('--consumer-group', '--consumer-group', [CompletionResultType]::ParameterName, 'Consumer group [default: $Default]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'Transport [default: amqp]')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Where to start a partition that has no checkpoint: earliest, latest, or an RFC 3339 enqueued time [default: earliest]')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read NDJSON events from a file, or `-` for stdin, instead of Event Hubs (replays, cron, tests). The format is documented in docs/events.md')
            [CompletionResult]::new('--checkpoint-store', '--checkpoint-store', [CompletionResultType]::ParameterName, 'Checkpoint store: `file:` (default, under $XDG_STATE_HOME/twinbridge/checkpoints), `file:PATH`, `blob:https://ACCOUNT.blob.core.windows.net/CONTAINER` (Entra ID, or a SAS in the URL), or a storage connection string. Processes sharing a store and consumer group split the partitions between them')
            [CompletionResult]::new('--storage-account-key', '--storage-account-key', [CompletionResultType]::ParameterName, 'Storage account key for a `blob:` checkpoint store (Shared Key auth)')
            [CompletionResult]::new('--owner-id', '--owner-id', [CompletionResultType]::ParameterName, 'This process''s owner id in the checkpoint store [default: a random UUID]. Give each instance a stable id so that a restarted instance takes its partitions back at once instead of waiting for its old claims to expire')
            [CompletionResult]::new('--ownership-expiry', '--ownership-expiry', [CompletionResultType]::ParameterName, 'How long a partition claim lasts without renewal; a process that died loses its partitions to the others after this [default: 60s]')
            [CompletionResult]::new('--dead-letter', '--dead-letter', [CompletionResultType]::ParameterName, 'Dead-letter file: events that cannot be applied, one NDJSON line each with the reason [default: $XDG_STATE_HOME/twinbridge/dead-letters/<command>.ndjson]')
            [CompletionResult]::new('--until-idle', '--until-idle', [CompletionResultType]::ParameterName, 'Drain the backlog and exit (for cron): stop once no event arrived for this long and everything is applied [default when given without a value: 5s]')
            [CompletionResult]::new('--metrics-listen', '--metrics-listen', [CompletionResultType]::ParameterName, 'Serve /healthz (liveness), /readyz (readiness) and /metrics (Prometheus) over plain HTTP on ADDR, e.g. 0.0.0.0:9464 or 127.0.0.1:0 for any free port [default: off]')
            [CompletionResult]::new('--shutdown-timeout', '--shutdown-timeout', [CompletionResultType]::ParameterName, 'On SIGTERM or Ctrl-C: how long to finish the work in flight, write the last checkpoints and release partitions before exiting anyway [default: 25s, under the 30 s Kubernetes and Container Apps wait before SIGKILL]. Work not finished by then is redelivered')
            [CompletionResult]::new('--on-delete', '--on-delete', [CompletionResultType]::ParameterName, 'Action on deleteDeviceIdentity [default: delete]')
            [CompletionResult]::new('--detach-set', '--detach-set', [CompletionResultType]::ParameterName, 'With --on-delete detach: the property to set, as PATH=JSON')
            [CompletionResult]::new('--allow-model', '--allow-model', [CompletionResultType]::ParameterName, 'Only touch twins of these models: an exact DTMI, a prefix ending in * (e.g. ''dtmi:contosocom:DigitalTwins:Thermostat;*''), or ''*'' for every model. Repeatable and required: a lifecycle stream must never delete a Space because a device shared its id')
            [CompletionResult]::new('--on-create', '--on-create', [CompletionResultType]::ParameterName, 'Action on createDeviceIdentity [default: ignore]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--modules', '--modules', [CompletionResultType]::ParameterName, 'Also act on module lifecycle events (ignored by default). A module''s twin is the `tags.dtId` of its module twin; a module without one is skipped, never mapped to its device''s twin')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be deleted or patched; touch nothing, checkpoint nothing')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;simulate-device' {
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'DPS ID scope (portal: Device Provisioning Service > Overview)')
            [CompletionResult]::new('--group-key', '--group-key', [CompletionResultType]::ParameterName, 'Enrollment group key (base64); each device''s key is derived from it and its id')
            [CompletionResult]::new('--device-key', '--device-key', [CompletionResultType]::ParameterName, 'A device''s own symmetric key (one device, or individual enrollment)')
            [CompletionResult]::new('--registration-id', '--registration-id', [CompletionResultType]::ParameterName, 'Registration id, or a pattern with {n} / {n:04} for --count > 1')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'How many devices to simulate')
            [CompletionResult]::new('--first', '--first', [CompletionResultType]::ParameterName, 'First value of {n}')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'DTDL model id sent in the DPS payload as `modelId` (the sample''s allocation reads it)')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'Extra DPS payload (a JSON object), merged with `modelId`')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'Transport to DPS and IoT Hub')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between messages of one device [default: 500ms, like the sample]')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Total messages per second across all devices (sets each device''s interval)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Stop after this long (default: run until Ctrl-C or --messages)')
            [CompletionResult]::new('--messages', '--messages', [CompletionResultType]::ParameterName, 'Messages per device, then stop (0 = provision and connect only)')
            [CompletionResult]::new('--ramp-up', '--ramp-up', [CompletionResultType]::ParameterName, 'Spread device starts evenly over this time')
            [CompletionResult]::new('--telemetry', '--telemetry', [CompletionResultType]::ParameterName, 'Telemetry template (JSON with generators; see examples/telemetry-template.json) [default: {"Temperature": 25 ± 1}]')
            [CompletionResult]::new('--connect-concurrency', '--connect-concurrency', [CompletionResultType]::ParameterName, 'Devices provisioning or connecting at the same time')
            [CompletionResult]::new('--dps-rate', '--dps-rate', [CompletionResultType]::ParameterName, 'DPS registrations per minute at most (DPS allows 200/min per service unit; the issue target is 1000/min)')
            [CompletionResult]::new('--dps-endpoint', '--dps-endpoint', [CompletionResultType]::ParameterName, 'DPS host[:port] [default: global.azure-devices-provisioning.net]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA (PEM), e.g. the emulator''s')
            [CompletionResult]::new('--save-credentials', '--save-credentials', [CompletionResultType]::ParameterName, 'Write each device''s assignment (hub, device id) to FILE, keys redacted')
            [CompletionResult]::new('--from-credentials', '--from-credentials', [CompletionResultType]::ParameterName, 'Skip DPS: use the devices and assignments saved by --save-credentials')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--include-keys', '--include-keys', [CompletionResultType]::ParameterName, 'Write the derived device keys into --save-credentials too (the file is then a secret)')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;models' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Upload DTDL models in dependency order, only those not already in the instance')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Validate DTDL v2/v3 model files (parsed together as one set) without uploading them')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the models in the instance')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete models (dependents first), or decommission those twins still use')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'twinbridge;models;upload' {
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Models per create call (ADT allows at most 250)')
            [CompletionResult]::new('--fail-on-conflict', '--fail-on-conflict', [CompletionResultType]::ParameterName, 'Refuse to upload anything when a model conflicts with the instance; with `=false`, upload the rest and report the conflicts')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Stop after comparing with the instance and print the plan; change nothing')
            [CompletionResult]::new('--partial', '--partial', [CompletionResultType]::ParameterName, 'Upload everything that does not depend on an invalid model (default: nothing when any model is invalid)')
            [CompletionResult]::new('--replace-conflicting', '--replace-conflicting', [CompletionResultType]::ParameterName, 'For conflicting models that no twin uses: delete them from the instance and upload the new definitions (with the models that depend on them). Requires --yes')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Confirm --replace-conflicting')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm --replace-conflicting')
            [CompletionResult]::new('--allow-undefined-extensions', '--allow-undefined-extensions', [CompletionResultType]::ParameterName, 'Accept undefined extension contexts (the suite''s AllowUndefinedExtensions)')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;models;validate' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--allow-undefined-extensions', '--allow-undefined-extensions', [CompletionResultType]::ParameterName, 'Accept undefined extension contexts (default: reject them, as ADT''s parser does)')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;models;list' {
            [CompletionResult]::new('--dependencies-for', '--dependencies-for', [CompletionResultType]::ParameterName, 'Only these models and what they depend on (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--definitions', '--definitions', [CompletionResultType]::ParameterName, 'Include each model''s definition (JSON output)')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;models;delete' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Delete every model in the instance')
            [CompletionResult]::new('--decommission', '--decommission', [CompletionResultType]::ParameterName, 'Decommission (instead of refusing) models that twins still use')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be deleted; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;models;help' {
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Upload DTDL models in dependency order, only those not already in the instance')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Validate DTDL v2/v3 model files (parsed together as one set) without uploading them')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the models in the instance')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete models (dependents first), or decommission those twins still use')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'twinbridge;models;help;upload' {
            break
        }
        'twinbridge;models;help;validate' {
            break
        }
        'twinbridge;models;help;list' {
            break
        }
        'twinbridge;models;help;delete' {
            break
        }
        'twinbridge;models;help;help' {
            break
        }
        'twinbridge;twins' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one twin: properties with update times, model, etag, relationships both ways')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List twins, optionally of one model (including models that extend it) or matching a filter')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Run an ADT query and print every result (all pages)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a twin; with --with-relationships, its relationships (both ways) first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'twinbridge;twins;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;twins;list' {
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Only twins of this model or of models that extend it (IS_OF_MODEL)')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'An extra ADT query condition on twin T, e.g. "T.Temperature > 30"')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Stop after this many twins')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;twins;query' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Stop after this many results')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Results per page requested from ADT (max-items-per-page)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;twins;delete' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--with-relationships', '--with-relationships', [CompletionResultType]::ParameterName, 'Delete the twin''s outgoing and incoming relationships first (ADT refuses otherwise)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;twins;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one twin: properties with update times, model, etag, relationships both ways')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List twins, optionally of one model (including models that extend it) or matching a filter')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Run an ADT query and print every result (all pages)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a twin; with --with-relationships, its relationships (both ways) first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'twinbridge;twins;help;show' {
            break
        }
        'twinbridge;twins;help;list' {
            break
        }
        'twinbridge;twins;help;query' {
            break
        }
        'twinbridge;twins;help;delete' {
            break
        }
        'twinbridge;twins;help;help' {
            break
        }
        'twinbridge;devices' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List devices in the hub''s registry with their twin tags (dtId, dtmi)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one device: identity (keys redacted), status, connection state, twin')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'twinbridge;devices;list' {
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)')
            [CompletionResult]::new('--hub-hostname', '--hub-hostname', [CompletionResultType]::ParameterName, 'IoT Hub host name (myhub.azure-devices.net) to reach with an Entra ID token from the global --auth instead of a connection string (role: IoT Hub Registry Contributor, or IoT Hub Data Reader for read-only use). Takes precedence over a connection string')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA (PEM), e.g. the emulator''s')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'A registry query condition, e.g. "tags.dtmi = ''dtmi:contosocom:DigitalTwins:Thermostat;2''"')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Stop after this many devices')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;devices;show' {
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)')
            [CompletionResult]::new('--hub-hostname', '--hub-hostname', [CompletionResultType]::ParameterName, 'IoT Hub host name (myhub.azure-devices.net) to reach with an Entra ID token from the global --auth instead of a connection string (role: IoT Hub Registry Contributor, or IoT Hub Data Reader for read-only use). Takes precedence over a connection string')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA (PEM), e.g. the emulator''s')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;devices;delete' {
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)')
            [CompletionResult]::new('--hub-hostname', '--hub-hostname', [CompletionResultType]::ParameterName, 'IoT Hub host name (myhub.azure-devices.net) to reach with an Entra ID token from the global --auth instead of a connection string (role: IoT Hub Registry Contributor, or IoT Hub Data Reader for read-only use). Takes precedence over a connection string')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA (PEM), e.g. the emulator''s')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;devices;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List devices in the hub''s registry with their twin tags (dtId, dtmi)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one device: identity (keys redacted), status, connection state, twin')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'twinbridge;devices;help;list' {
            break
        }
        'twinbridge;devices;help;show' {
            break
        }
        'twinbridge;devices;help;delete' {
            break
        }
        'twinbridge;devices;help;help' {
            break
        }
        'twinbridge;mappings' {
            [CompletionResult]::new('--connection-string', '--connection-string', [CompletionResultType]::ParameterName, 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)')
            [CompletionResult]::new('--hub-hostname', '--hub-hostname', [CompletionResultType]::ParameterName, 'IoT Hub host name (myhub.azure-devices.net) to reach with an Entra ID token from the global --auth instead of a connection string (role: IoT Hub Registry Contributor, or IoT Hub Data Reader for read-only use). Takes precedence over a connection string')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA (PEM), e.g. the emulator''s')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only rows with this status (repeatable, or comma-separated)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Only devices whose dtmi tag or twin model is this DTMI')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Only devices whose id matches this glob (`*` any run, `?` one character); orphan twins are matched by their twin id')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--orphans', '--orphans', [CompletionResultType]::ParameterName, 'Also list twins of the devices'' models that no device points at')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Repair what is safe to repair among the shown rows: create missing twins (model from the device''s dtmi tag, id from its dtId tag) and set missing dtId/dtmi tags. A model mismatch is reported, never fixed automatically')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --fix: print what would change, change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'With --fix: do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --fix: do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;emulator' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to listen on. Loopback by default; the emulator has no real authentication')
            [CompletionResult]::new('--adt-port', '--adt-port', [CompletionResultType]::ParameterName, 'Port of the ADT data-plane API (0 = any free port) [default: 8480]')
            [CompletionResult]::new('--amqp-port', '--amqp-port', [CompletionResultType]::ParameterName, 'Port of the Event Hubs AMQP 1.0 endpoint (plain TCP; 0 = any free port) [default: 5672]')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'An event hub to serve as NAME:PARTITIONS; repeat for more (hubs already in the state are kept) [default: deviceevents:4 and lifecycleevents:4]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'SQLite state file [default: $XDG_DATA_HOME/twinbridge/emulator.sqlite]')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Added delay before every response, e.g. 20ms (realism for benchmarks)')
            [CompletionResult]::new('--fault-rate', '--fault-rate', [CompletionResultType]::ParameterName, 'Fraction of requests answered with a random 429 (with Retry-After) or 503, e.g. 0.05')
            [CompletionResult]::new('--device-port', '--device-port', [CompletionResultType]::ParameterName, 'TLS port of DPS and IoT Hub, MQTT and HTTPS on one port (0 = any free port) [default: 8883, the port the official device SDKs use]')
            [CompletionResult]::new('--hub-hostname', '--hub-hostname', [CompletionResultType]::ParameterName, 'The hub''s host name as devices see it [default: localhost:PORT]. Use `localhost` with port 8883 for SDKs that always connect to port 8883 (the Python azure-iot-device SDK)')
            [CompletionResult]::new('--id-scope', '--id-scope', [CompletionResultType]::ParameterName, 'The DPS ID scope [default: 0ne00000000]')
            [CompletionResult]::new('--enrollment-group', '--enrollment-group', [CompletionResultType]::ParameterName, 'A symmetric-key enrollment group, ID:GROUP_KEY (repeatable). Without any, a group `default` with the emulator''s well-known key is created')
            [CompletionResult]::new('--allocation-webhook', '--allocation-webhook', [CompletionResultType]::ParameterName, 'Custom allocation webhook URL for groups without their own (e.g. `twinbridge allocate serve`). Without one, the built-in policy assigns the hub and tags dtId/dtmi from the registration id and payload.modelId. A function key in it (`?code=KEY`) is never printed')
            [CompletionResult]::new('--enrichment', '--enrichment', [CompletionResultType]::ParameterName, 'A message enrichment KEY=VALUE on telemetry, e.g. dtId=$twin.tags.dtId (repeatable) [default: dtId=$twin.tags.dtId and dtmi=$twin.tags.dtmi]')
            [CompletionResult]::new('--dps-rate-limit', '--dps-rate-limit', [CompletionResultType]::ParameterName, 'Registrations per minute DPS accepts before answering 429 [default: unlimited]')
            [CompletionResult]::new('--ca-out', '--ca-out', [CompletionResultType]::ParameterName, 'Where to write the CA certificate clients trust (`--ca-cert`) [default: emulator-ca.pem beside the state file, or in $XDG_DATA_HOME/twinbridge]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--in-memory', '--in-memory', [CompletionResultType]::ParameterName, 'Keep state in memory only (for tests); nothing survives a restart')
            [CompletionResult]::new('--enforce-limits', '--enforce-limits', [CompletionResultType]::ParameterName, 'Enforce ADT''s documented rate limits (10 writes/s per twin, 1000 patches/s) with 429')
            [CompletionResult]::new('--in-process-allocation', '--in-process-allocation', [CompletionResultType]::ParameterName, 'Allocate with twinbridge''s own allocation logic (what `allocate serve` does, any model allowed) in-process against this emulator''s ADT, for groups without a webhook: each device gets its twin, so models must be uploaded first')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings')
            [CompletionResult]::new('--adt-url', '--adt-url', [CompletionResultType]::ParameterName, 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample''s ADT_SERVICE_URL / AdtInstanceUrl)')
            [CompletionResult]::new('--adt-api-version', '--adt-api-version', [CompletionResultType]::ParameterName, 'ADT data-plane api-version [default: 2023-10-31]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `table` for people, `json` for scripts [default: table]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level, target, message and fields) for journald, Container Apps, Loki [default: text]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for one request to a service [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once per service client [default: 16]')
            [CompletionResult]::new('--allow-insecure-transport', '--allow-insecure-transport', [CompletionResultType]::ParameterName, 'Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8, ::1, localhost) is always allowed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)')
            [CompletionResult]::new('--show-settings', '--show-settings', [CompletionResultType]::ParameterName, 'Print the resolved settings (secrets redacted) with where each came from, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twinbridge;help' {
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the sample''s whole flow locally and check it: emulator, models, DPS allocation, telemetry and lifecycle pipelines, simulated devices. Start here')
            [CompletionResult]::new('allocate', 'allocate', [CompletionResultType]::ParameterValue, 'Answer DPS custom-allocation requests: find or create the device''s twin, pick the hub')
            [CompletionResult]::new('sync-telemetry', 'sync-telemetry', [CompletionResultType]::ParameterValue, 'Map device telemetry from Event Hubs onto twin properties (coalesced per twin)')
            [CompletionResult]::new('watch-lifecycle', 'watch-lifecycle', [CompletionResultType]::ParameterValue, 'Keep ADT in step with the device registry: remove a deleted device''s twin')
            [CompletionResult]::new('simulate-device', 'simulate-device', [CompletionResultType]::ParameterValue, 'Provision simulated devices through DPS and send telemetry, from one to thousands')
            [CompletionResult]::new('models', 'models', [CompletionResultType]::ParameterValue, 'Upload, validate, list and delete DTDL models')
            [CompletionResult]::new('twins', 'twins', [CompletionResultType]::ParameterValue, 'Inspect and delete digital twins: show, list, query, delete')
            [CompletionResult]::new('devices', 'devices', [CompletionResultType]::ParameterValue, 'The IoT Hub device registry: list, show, delete devices (with an IoT Hub connection string)')
            [CompletionResult]::new('mappings', 'mappings', [CompletionResultType]::ParameterValue, 'Device-to-twin mappings: each device''s twin, model and last update, with what is wrong')
            [CompletionResult]::new('emulator', 'emulator', [CompletionResultType]::ParameterValue, 'Run the local emulator of Azure Digital Twins, DPS and IoT Hub on loopback')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'twinbridge;help;demo' {
            break
        }
        'twinbridge;help;allocate' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the custom-allocation webhook DPS calls (replaces the sample''s Azure Function)')
            break
        }
        'twinbridge;help;allocate;serve' {
            break
        }
        'twinbridge;help;sync-telemetry' {
            break
        }
        'twinbridge;help;watch-lifecycle' {
            break
        }
        'twinbridge;help;simulate-device' {
            break
        }
        'twinbridge;help;models' {
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Upload DTDL models in dependency order, only those not already in the instance')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Validate DTDL v2/v3 model files (parsed together as one set) without uploading them')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the models in the instance')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete models (dependents first), or decommission those twins still use')
            break
        }
        'twinbridge;help;models;upload' {
            break
        }
        'twinbridge;help;models;validate' {
            break
        }
        'twinbridge;help;models;list' {
            break
        }
        'twinbridge;help;models;delete' {
            break
        }
        'twinbridge;help;twins' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one twin: properties with update times, model, etag, relationships both ways')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List twins, optionally of one model (including models that extend it) or matching a filter')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Run an ADT query and print every result (all pages)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a twin; with --with-relationships, its relationships (both ways) first')
            break
        }
        'twinbridge;help;twins;show' {
            break
        }
        'twinbridge;help;twins;list' {
            break
        }
        'twinbridge;help;twins;query' {
            break
        }
        'twinbridge;help;twins;delete' {
            break
        }
        'twinbridge;help;devices' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List devices in the hub''s registry with their twin tags (dtId, dtmi)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one device: identity (keys redacted), status, connection state, twin')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events)')
            break
        }
        'twinbridge;help;devices;list' {
            break
        }
        'twinbridge;help;devices;show' {
            break
        }
        'twinbridge;help;devices;delete' {
            break
        }
        'twinbridge;help;mappings' {
            break
        }
        'twinbridge;help;emulator' {
            break
        }
        'twinbridge;help;completions' {
            break
        }
        'twinbridge;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
