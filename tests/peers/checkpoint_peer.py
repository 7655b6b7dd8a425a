"""The official Python Event Hubs blob checkpoint store (azure-eventhub-checkpointstoreblob) as a
peer of twinbridge's BlobCheckpointStore, against the same Azurite container.

Usage: python checkpoint_peer.py COMMAND CONN_STR CONTAINER [NS HUB CONSUMER_GROUP]
  write   write checkpoint partition 0 (offset "1234", sequence number 56) and claim
          ownership of partition 0 as "python-owner"; print the claim result as JSON
  read    print {"checkpoints": [...], "ownership": [...], "blobs": [{"name", "metadata"}]}
  renew   claim every listed ownership record as "python-owner" with the etag listed; print
          the number of claims won (proves etags written by the other side are usable)
  stale   claim partition 0 with a made-up etag; print the number won (must be 0)
  sas     print a container SAS (read, write, list, create; 1 hour)
Prints JSON on stdout; exits non-zero with the error otherwise.
"""
import datetime
import json
import sys

from azure.eventhub.extensions.checkpointstoreblob import BlobCheckpointStore
from azure.storage.blob import BlobServiceClient, ContainerSasPermissions, generate_container_sas

cmd, conn, container = sys.argv[1], sys.argv[2], sys.argv[3]


def store():
    return BlobCheckpointStore.from_connection_string(conn, container)


def scope():
    ns, hub, cg = sys.argv[4], sys.argv[5], sys.argv[6]
    return {"fully_qualified_namespace": ns, "eventhub_name": hub, "consumer_group": cg}


if cmd == "write":
    s = store()
    s.update_checkpoint({**scope(), "partition_id": "0", "offset": "1234", "sequence_number": 56})
    won = s.claim_ownership([{**scope(), "partition_id": "0", "owner_id": "python-owner"}])
    print(json.dumps([{"partition_id": o["partition_id"], "owner_id": o["owner_id"], "etag": o["etag"]} for o in won]))
elif cmd == "read":
    s = store()
    sc = scope()
    args = (sc["fully_qualified_namespace"], sc["eventhub_name"], sc["consumer_group"])
    checkpoints = [
        {"partition_id": c["partition_id"], "offset": c["offset"], "sequence_number": c["sequence_number"]}
        for c in s.list_checkpoints(*args)
    ]
    ownership = [
        {"partition_id": o["partition_id"], "owner_id": o["owner_id"], "etag": o["etag"]}
        for o in s.list_ownership(*args)
    ]
    svc = BlobServiceClient.from_connection_string(conn)
    blobs = [
        {"name": b.name, "metadata": dict(b.metadata or {})}
        for b in svc.get_container_client(container).list_blobs(include=["metadata"])
    ]
    print(json.dumps({"checkpoints": checkpoints, "ownership": ownership, "blobs": blobs}))
elif cmd == "renew":
    s = store()
    sc = scope()
    listed = list(s.list_ownership(sc["fully_qualified_namespace"], sc["eventhub_name"], sc["consumer_group"]))
    for o in listed:
        o["owner_id"] = "python-owner"
    print(json.dumps(len(list(s.claim_ownership(listed)))))
elif cmd == "stale":
    won = store().claim_ownership([{**scope(), "partition_id": "0", "owner_id": "python-owner", "etag": '"0x8D000000000BAD"'}])
    print(json.dumps(len(list(won))))
elif cmd == "sas":
    svc = BlobServiceClient.from_connection_string(conn)
    sas = generate_container_sas(
        svc.account_name,
        container,
        account_key=svc.credential.account_key,
        permission=ContainerSasPermissions(read=True, write=True, list=True, create=True),
        expiry=datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1),
    )
    print(json.dumps(sas))
else:
    sys.exit(f"unknown command {cmd}")
