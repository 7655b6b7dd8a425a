"""Driver of bench/models_upload.sh (see there for the knobs). Prints a table; asserts nothing.

Uploads the RealEstateCore ontology (767 models) into a fresh emulator per run with `twinbridge
models upload --batch-size B`: twinbridge's default (250 per call, cold and a second no-op run),
the batch sizes peer tools use (100: ADT Tools UploadModels; 30: `az dt model create
--from-directory` above 250 models), and one model per call (`az dt model create --models FILE`
per file, the way the sample's README uploads its model; the CLI's own start-up per call is not
counted, which favours it). With RESULT_JSON=PATH it also writes the rows as JSON.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import benchlib as B  # noqa: E402

tb = os.environ.get("TWINBRIDGE_BIN", "target/release/twinbridge")
ONTO = os.environ.get("ONTOLOGY", "tests/data/realestatecore/Ontology")
FLAGS = os.environ.get("EMULATOR_FLAGS", "").split()
BATCHES = [int(b) for b in os.environ.get("BATCHES", "100,30,1").split(",") if b]
work = os.environ["WORK"]


def upload(emu, batch):
    env = dict(os.environ, TWINBRIDGE_ADT_URL=emu.adt_url)
    t0 = time.time()
    p = subprocess.run([tb, "models", "upload", ONTO, "--batch-size", str(batch),
                        "--format", "json"], env=env, capture_output=True, text=True)
    el = time.time() - t0
    if p.returncode != 0:
        raise RuntimeError(f"models upload --batch-size {batch}: exit {p.returncode}: "
                           f"{p.stderr[-500:]}")
    d = json.loads(p.stdout)
    return {"batch": batch, "uploaded": d["summary"]["uploaded"],
            "unchanged": d["summary"]["unchanged"], "create_calls": d["calls"]["create"],
            "all_calls": d["calls"]["total"], "seconds": round(el, 3)}


def with_emulator(fn):
    emu = B.Emulator(tb, B.fresh_tempdir(work, "emu"), FLAGS)
    try:
        return fn(emu)
    finally:
        emu.stop()


def main():
    rows = []

    def twinbridge(emu):
        cold = upload(emu, 250)
        cold["run"] = "twinbridge, cold (250 per call, default)"
        again = upload(emu, 250)
        again["run"] = "twinbridge, second run (no-op)"
        return [cold, again]
    B.log(f"twinbridge: models upload {ONTO}")
    rows += with_emulator(twinbridge)
    for b in BATCHES:
        B.log(f"--batch-size {b}")
        r = with_emulator(lambda emu, b=b: upload(emu, b))
        r["run"] = ("one model per call (az dt model create per file, the sample's way)"
                    if b == 1 else f"{b} models per call (peer tools)")
        rows.append(r)
    v = json.loads(subprocess.run([tb, "models", "validate", ONTO, "--format", "json"],
                                  capture_output=True, text=True, check=True).stdout)
    print(f"## models upload benchmark: {ONTO} ({rows[0]['uploaded']} models), emulator "
          f"{' '.join(FLAGS) or '(no added latency)'}")
    print()
    print(B.table(["run", "batch", "uploaded", "unchanged", "create calls", "all ADT calls",
                   "seconds"],
                  [[r["run"], r["batch"], r["uploaded"], r["unchanged"], r["create_calls"],
                    r["all_calls"], f"{r['seconds']:.2f}"] for r in rows]))
    print()
    print(f"models validate: {v['models']} models in {v['files']} files, {v['elapsed_ms']} ms")
    out = os.environ.get("RESULT_JSON")
    if out:
        with open(out, "w") as f:
            json.dump({"bench": "models_upload", "emulator_flags": FLAGS, "rows": rows,
                       "validate_ms": v["elapsed_ms"]}, f)


if __name__ == "__main__":
    main()
