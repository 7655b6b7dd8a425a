"""The official azure-digitaltwins-core client against the twinbridge emulator.

Usage: python adt_peer.py ADT_URL MODELS_DIR
Exits non-zero (with the failing check) if the emulator answers differently from what ADT documents.
"""
import json
import sys
import time

from azure.core import MatchConditions
from azure.core.credentials import AccessToken
from azure.core.exceptions import (HttpResponseError, ResourceExistsError, ResourceModifiedError,
                                   ResourceNotFoundError)
from azure.digitaltwins.core import DigitalTwinsClient

URL, MODELS = sys.argv[1], sys.argv[2]
KW = {"enforce_https": False}
SPACE = "dtmi:contosocom:DigitalTwins:Space;1"
THERMO = "dtmi:contosocom:DigitalTwins:Thermostat;2"
checks = 0


class FakeCredential:
    def get_token(self, *scopes, **kwargs):
        assert scopes == ("https://digitaltwins.azure.net/.default",), scopes
        return AccessToken("peer-token", int(time.time()) + 3600)


def check(cond, what):
    global checks
    if not cond:
        raise AssertionError(what)
    checks += 1


def expect_error(fn, exc, code, what):
    try:
        fn()
    except exc as e:
        check(e.error is not None and e.error.code == code, f"{what}: expected {code}, got {getattr(e.error, 'code', None)} ({e})")
        return e
    raise AssertionError(f"{what}: no error raised")


def load(name):
    with open(f"{MODELS}/{name}", encoding="utf-8-sig") as f:
        return json.load(f)


c = DigitalTwinsClient(URL, FakeCredential())

# models
created = c.create_models([load("SpaceModel.json"), load("ThermostatModel.json")], **KW)
check(len(created) == 2, "create_models returns both")
check({m.id for m in created} == {SPACE, THERMO}, "created ids")
expect_error(lambda: c.create_models([load("SpaceModel.json")], **KW), ResourceExistsError, "ModelAlreadyExists", "duplicate model")
listed = list(c.list_models(include_model_definition=True, **KW))
check(len(listed) == 2 and all(m.model for m in listed), "list_models with definitions")
m = c.get_model(THERMO, **KW)
check(m.id == THERMO and not m.decommissioned, "get_model")
expect_error(lambda: c.get_model("dtmi:no:Such;1", **KW), ResourceNotFoundError, "ModelNotFound", "missing model")

# twins
t = c.upsert_digital_twin("room-1", {"$metadata": {"$model": SPACE}, "DisplayName": "Room 1"}, **KW)
check(t["$dtId"] == "room-1" and t["$etag"], "upsert twin")
expect_error(lambda: c.upsert_digital_twin("room-1", {"$metadata": {"$model": SPACE}}, match_condition=MatchConditions.IfMissing, **KW),
             ResourceExistsError, "PreconditionFailed", "create-only on existing twin")
expect_error(lambda: c.upsert_digital_twin("x", {"$metadata": {"$model": "dtmi:no:Thing;1"}}, **KW),
             HttpResponseError, "ValidationFailed", "twin of unknown model")
for i in range(120):
    c.upsert_digital_twin(f"thermo-{i:03}", {"$metadata": {"$model": THERMO}, "Temperature": float(i)}, **KW)
got = c.get_digital_twin("thermo-007", **KW)
check(got["Temperature"] == 7.0 and got["$metadata"]["$model"] == THERMO, "get twin")
c.update_digital_twin("thermo-007", [{"op": "replace", "path": "/Temperature", "value": 70.5}], **KW)
check(c.get_digital_twin("thermo-007", **KW)["Temperature"] == 70.5, "patched value")
expect_error(lambda: c.update_digital_twin("thermo-007", [{"op": "replace", "path": "/Temperature", "value": 1.0}],
                                           etag=got["$etag"], match_condition=MatchConditions.IfNotModified, **KW),
             ResourceModifiedError, "PreconditionFailed", "stale etag")
expect_error(lambda: c.update_digital_twin("thermo-007", [{"op": "move", "from": "/a", "path": "/b"}], **KW),
             HttpResponseError, "JsonPatchInvalid", "unsupported patch op")
expect_error(lambda: c.update_digital_twin("thermo-007", [{"op": "replace", "path": "/Location", "value": "x"}], **KW),
             HttpResponseError, "JsonPatchInvalid", "replace of a never-set property")
expect_error(lambda: c.update_digital_twin("thermo-007", [{"op": "add", "path": "/Temperature", "value": "hot"}], **KW),
             HttpResponseError, "ValidationFailed", "wrong type")

# relationships
for i in range(3):
    r = c.upsert_relationship("room-1", f"contains-{i}", {"$targetId": f"thermo-{i:03}", "$relationshipName": "contains"}, **KW)
    check(r["$sourceId"] == "room-1" and r["$targetId"] == f"thermo-{i:03}", "upsert relationship")
rels = list(c.list_relationships("room-1", **KW))
check(len(rels) == 3, "list relationships")
check(c.get_relationship("room-1", "contains-1", **KW)["$relationshipName"] == "contains", "get relationship")
inc = list(c.list_incoming_relationships("thermo-001", **KW))
check(len(inc) == 1 and inc[0].source_id == "room-1" and inc[0].relationship_name == "contains", "incoming relationships")
expect_error(lambda: c.upsert_relationship("room-1", "bad", {"$targetId": "thermo-000", "$relationshipName": "feeds"}, **KW),
             HttpResponseError, "ValidationFailed", "unknown relationship name")
expect_error(lambda: c.delete_digital_twin("room-1", **KW), HttpResponseError, "RelationshipsNotDeleted", "delete with relationships")

# queries (more than one page: 120 thermostats, pages of 100)
all_thermos = list(c.query_twins(f"SELECT * FROM digitaltwins WHERE IS_OF_MODEL('{THERMO}')", **KW))
check(len(all_thermos) == 120, f"query across pages: {len(all_thermos)}")
check(len({t['$dtId'] for t in all_thermos}) == 120, "no duplicates across pages")
hot = list(c.query_twins("SELECT * FROM digitaltwins T WHERE T.Temperature > 100", **KW))
check({t["$dtId"] for t in hot} == {f"thermo-{i}" for i in range(101, 120)}, "property filter")
count = list(c.query_twins("SELECT COUNT() FROM digitaltwins", **KW))
check(count == [{"COUNT": 121}], f"count: {count}")
rq = list(c.query_twins("SELECT * FROM relationships R WHERE R.$sourceId = 'room-1'", **KW))
check(len(rq) == 3, "relationship query")
expect_error(lambda: list(c.query_twins("SELECT * FROM digitaltwins ORDER BY $dtId", **KW)), HttpResponseError, "SqlQueryError", "unsupported query")

# deletes
for r in rels:
    c.delete_relationship("room-1", r["$relationshipId"], **KW)
c.delete_digital_twin("room-1", **KW)
expect_error(lambda: c.get_digital_twin("room-1", **KW), ResourceNotFoundError, "DigitalTwinNotFound", "deleted twin")
c.decommission_model(THERMO, **KW)
check(c.get_model(THERMO, **KW).decommissioned, "decommissioned")
c.delete_model(SPACE, **KW)
expect_error(lambda: c.get_model(SPACE, **KW), ResourceNotFoundError, "ModelNotFound", "deleted model")

print(f"OK {checks} checks")
