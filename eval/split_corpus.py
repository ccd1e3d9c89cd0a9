#!/usr/bin/env python3
"""Build the annotated corpus splits from the sample and its adjudicated coding.

    python3 eval/split_corpus.py

Reads eval/corpus/sample.jsonl (texts and metadata) and eval/corpus/adjudicated.jsonl (one line
per report: doc_id, published, events) and writes eval/corpus_dev.jsonl and
eval/corpus_test.jsonl in the gold format of eval/dev.jsonl.

A report goes to the test split when the first 8 bytes of SHA-256("marsad-split-v1:" + doc_id),
read as a big-endian integer, fall in the top quarter of their range; otherwise to dev. The split
depends on nothing but the doc_id, so adding reports never moves an existing one.
"""
import hashlib
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SALT = "marsad-split-v1:"
TEST_SHARE = 0.25


def is_test(doc_id):
    h = int.from_bytes(hashlib.sha256((SALT + doc_id).encode("utf-8")).digest()[:8], "big")
    return h >= (1 - TEST_SHARE) * 2**64


def load(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main():
    sample = {d["doc_id"]: d for d in load(HERE / "corpus" / "sample.jsonl")}
    coded = {d["doc_id"]: d for d in load(HERE / "corpus" / "adjudicated.jsonl")}
    missing = sorted(set(sample) - set(coded))
    if missing:
        raise SystemExit(f"not adjudicated: {missing}")
    splits = {"dev": [], "test": []}
    for doc_id in sorted(sample):
        s, c = sample[doc_id], coded[doc_id]
        row = {"doc_id": doc_id, "origin": s["origin"], "source": s["source"], "published": c["published"],
               "stratum": s["stratum"], "text": s["text"], "events": c["events"]}
        splits["test" if is_test(doc_id) else "dev"].append(row)
    for name, rows in splits.items():
        with open(HERE / f"corpus_{name}.jsonl", "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        with_events = sum(1 for r in rows if r["events"])
        n_events = sum(1 for r in rows for e in r["events"] if not e.get("optional"))
        print(f"corpus_{name}.jsonl: {len(rows)} reports, {with_events} with events, {n_events} required events")


if __name__ == "__main__":
    main()
