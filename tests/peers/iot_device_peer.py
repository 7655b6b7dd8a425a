"""Microsoft's azure-iot-device SDK against the twinbridge emulator: provision through DPS (MQTT,
port 8883, server_verification_cert) with a payload, then send telemetry to the assigned hub.
Usage: iot_device_peer.py HOST ID_SCOPE REGISTRATION_ID DEVICE_KEY CA_PEM_PATH MODEL_ID
Prints one JSON line with the result, then OK."""
import json
import sys

from azure.iot.device import IoTHubDeviceClient, Message, ProvisioningDeviceClient

host, scope, reg, key, ca_path, model = sys.argv[1:7]
ca = open(ca_path).read()

prov = ProvisioningDeviceClient.create_from_symmetric_key(
    provisioning_host=host,
    registration_id=reg,
    id_scope=scope,
    symmetric_key=key,
    server_verification_cert=ca,
)
prov.provisioning_payload = {"modelId": model}
result = prov.register()
if result.status != "assigned":
    print(f"registration not assigned: {result}", file=sys.stderr)
    sys.exit(1)
state = result.registration_state

device = IoTHubDeviceClient.create_from_symmetric_key(
    symmetric_key=key,
    hostname=state.assigned_hub,
    device_id=state.device_id,
    server_verification_cert=ca,
    connection_retry=False,
)
device.connect()
msg = Message(json.dumps({"Temperature": 22.5}), message_id="py-1",
              content_encoding="utf-8", content_type="application/json")
msg.custom_properties["source"] = "python"
device.send_message(msg)
device.shutdown()

print(json.dumps({"assigned_hub": state.assigned_hub, "device_id": state.device_id,
                  "substatus": state.sub_status}))
print("OK")
