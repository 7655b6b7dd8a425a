# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_twinbridge_global_optspecs
    string join \n config= profile= adt-url= adt-api-version= auth= format= color= timeout= max-retries= concurrency= q/quiet v/verbose show-settings h/help V/version
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
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_needs_command" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -s V -l version -d 'Print version'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "allocate" -d 'Answer DPS custom-allocation requests: find or create the device\'s twin, pick the hub'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "sync-telemetry" -d 'Map device telemetry from Event Hubs onto twin properties (coalesced per twin)'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "watch-lifecycle" -d 'Keep ADT in step with the device registry: remove a deleted device\'s twin'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "simulate-device" -d 'Provision simulated devices through DPS and send telemetry, from one to thousands'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "models" -d 'Upload, validate, list and delete DTDL models'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "twins" -d 'Inspect and delete digital twins: show, list, query, delete'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "devices" -d 'The IoT Hub device registry: list, show, delete devices (with an IoT Hub connection string)'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "emulator" -d 'Run the local emulator of Azure Digital Twins, DPS and IoT Hub on loopback'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c twinbridge -n "__fish_twinbridge_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -l config -d 'Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -l profile -d 'Named profile from the config file ([profiles.NAME]) layered over its top-level settings' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -l adt-url -d 'Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net (also read from the sample\'s ADT_SERVICE_URL / AdtInstanceUrl)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -l adt-api-version -d 'ADT data-plane api-version [default: 2023-10-31]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -l auth -d 'How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential for an http:// loopback URL (the emulator)' -r -f -a "auto\t'Client secret, workload identity, managed identity, then developer tools'
cli\t'Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`)'
managed-identity\t'The managed identity of the VM, App Service, Container App or Arc machine'
workload-identity\t'Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE)'
client-secret\t'A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET'
none\t'No credential (the local emulator): a placeholder bearer token is sent'"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -l format -d 'Output format: `table` for people, `json` for scripts [default: table]' -r -f -a "table\t''
json\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -l color -d 'When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand allocate" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand sync-telemetry" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand watch-lifecycle" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand simulate-device" -l include-keys -d 'Write the derived device keys into --save-credentials too (the file is then a secret)'
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -f -a "upload" -d 'Upload DTDL models in dependency order, only those not already in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -f -a "validate" -d 'Validate DTDL v2/v3 model files without uploading them'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -f -a "list" -d 'List the models in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -f -a "delete" -d 'Delete (or decommission) models from the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and not __fish_seen_subcommand_from upload validate list delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from upload" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from list" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "upload" -d 'Upload DTDL models in dependency order, only those not already in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Validate DTDL v2/v3 model files without uploading them'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the models in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete (or decommission) models from the instance'
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and not __fish_seen_subcommand_from show list query delete help" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from show" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from list" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from query" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -l with-relationships -d 'Delete the twin\'s outgoing and incoming relationships first (ADT refuses otherwise)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand twins; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -f -a "list" -d 'List devices in the hub\'s registry with their twin tags (dtId, dtmi)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -f -a "show" -d 'Show one device: identity (keys redacted), status, connection state, twin'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -f -a "delete" -d 'Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and not __fish_seen_subcommand_from list show delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l connection-string -d 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)' -r
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l connection-string -d 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)' -r
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l connection-string -d 'IoT Hub connection string of a policy with registry access (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...)' -r
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from help" -f -a "list" -d 'List devices in the hub\'s registry with their twin tags (dtId, dtmi)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one device: identity (keys redacted), status, connection state, twin'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand devices; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l host -d 'Address to listen on. Loopback by default; the emulator has no real authentication' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l adt-port -d 'Port of the ADT data-plane API (0 = any free port) [default: 8480]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l state -d 'SQLite state file [default: $XDG_DATA_HOME/twinbridge/emulator.sqlite]' -r -F
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l latency -d 'Added delay before every response, e.g. 20ms (realism for benchmarks)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l fault-rate -d 'Fraction of requests answered with a random 429 (with Retry-After) or 503, e.g. 0.05' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l device-port -d 'TLS port of DPS and IoT Hub, MQTT and HTTPS on one port (0 = any free port) [default: 8883, the port the official device SDKs use]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l hub-hostname -d 'The hub\'s host name as devices see it [default: localhost:PORT]. Use `localhost` with port 8883 for SDKs that always connect to port 8883 (the Python azure-iot-device SDK)' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l id-scope -d 'The DPS ID scope [default: 0ne00000000]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l enrollment-group -d 'A symmetric-key enrollment group, ID:GROUP_KEY (repeatable). Without any, a group `default` with the emulator\'s well-known key is created' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l allocation-webhook -d 'Custom allocation webhook URL for groups without their own (e.g. `twinbridge allocate serve`). Without one, the built-in policy assigns the hub and tags dtId/dtmi from the registration id and payload.modelId' -r
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l in-memory -d 'Keep state in memory only (for tests); nothing survives a restart'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand emulator" -l enforce-limits -d 'Enforce ADT\'s documented rate limits (10 writes/s per twin, 1000 patches/s) with 429'
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
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l timeout -d 'Timeout for one request to a service [default: 30s]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l max-retries -d 'Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l concurrency -d 'Requests in flight at once per service client [default: 16]' -r
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -s q -l quiet -d 'Print only data and errors'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -s v -l verbose -d 'More log output on stderr: -v debug, -vv trace (RUST_LOG overrides)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -l show-settings -d 'Print the resolved settings (secrets redacted) with where each came from, then exit'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from allocate sync-telemetry watch-lifecycle simulate-device models twins devices emulator completions help" -f -a "allocate" -d 'Answer DPS custom-allocation requests: find or create the device\'s twin, pick the hub'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from allocate sync-telemetry watch-lifecycle simulate-device models twins devices emulator completions help" -f -a "sync-telemetry" -d 'Map device telemetry from Event Hubs onto twin properties (coalesced per twin)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from allocate sync-telemetry watch-lifecycle simulate-device models twins devices emulator completions help" -f -a "watch-lifecycle" -d 'Keep ADT in step with the device registry: remove a deleted device\'s twin'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from allocate sync-telemetry watch-lifecycle simulate-device models twins devices emulator completions help" -f -a "simulate-device" -d 'Provision simulated devices through DPS and send telemetry, from one to thousands'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from allocate sync-telemetry watch-lifecycle simulate-device models twins devices emulator completions help" -f -a "models" -d 'Upload, validate, list and delete DTDL models'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from allocate sync-telemetry watch-lifecycle simulate-device models twins devices emulator completions help" -f -a "twins" -d 'Inspect and delete digital twins: show, list, query, delete'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from allocate sync-telemetry watch-lifecycle simulate-device models twins devices emulator completions help" -f -a "devices" -d 'The IoT Hub device registry: list, show, delete devices (with an IoT Hub connection string)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from allocate sync-telemetry watch-lifecycle simulate-device models twins devices emulator completions help" -f -a "emulator" -d 'Run the local emulator of Azure Digital Twins, DPS and IoT Hub on loopback'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from allocate sync-telemetry watch-lifecycle simulate-device models twins devices emulator completions help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and not __fish_seen_subcommand_from allocate sync-telemetry watch-lifecycle simulate-device models twins devices emulator completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "upload" -d 'Upload DTDL models in dependency order, only those not already in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "validate" -d 'Validate DTDL v2/v3 model files without uploading them'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "list" -d 'List the models in the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "delete" -d 'Delete (or decommission) models from the instance'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from twins" -f -a "show" -d 'Show one twin: properties with update times, model, etag, relationships both ways'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from twins" -f -a "list" -d 'List twins, optionally of one model (including models that extend it) or matching a filter'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from twins" -f -a "query" -d 'Run an ADT query and print every result (all pages)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from twins" -f -a "delete" -d 'Delete a twin; with --with-relationships, its relationships (both ways) first'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from devices" -f -a "list" -d 'List devices in the hub\'s registry with their twin tags (dtId, dtmi)'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from devices" -f -a "show" -d 'Show one device: identity (keys redacted), status, connection state, twin'
complete -c twinbridge -n "__fish_twinbridge_using_subcommand help; and __fish_seen_subcommand_from devices" -f -a "delete" -d 'Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events)'
