#!/usr/bin/env python3
"""Draw the annotated-corpus sample from the two real corpora (seeded, re-runnable).

    python3 eval/sample_corpus.py [--corpus-dir ../shared/data/corpus] [--seed 20261207] > eval/corpus/sample.jsonl

The sample is drawn by the report, never by how the engine does on it. Each corpus is cut into
two strata by words in the report itself:

* "syria-violence": a report that names Syria or a Syrian place and a word of violence near its
  start (Al Mayadeen: the country tag is Syria or the headline names it; fact-check: at least two
  Syrian names and three words of violence anywhere, since its pages open with site navigation);
* "other": everything else (other countries, statements, bulletins, analysis). These measure
  precision and are kept as they fall.

Al Mayadeen is spread over its 18 months (a fixed number per month and stratum); the fact-check
corpus over its claims (at most one article per claim) and so over its outlets. Reports longer
than 5,000 characters are outside the frame (two coders read every report in full), as are the
reports of eval/dev.jsonl and eval/seeds.jsonl. The output holds the texts themselves, so tests
and scoring need no ../shared.
"""
import argparse
import gzip
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse, unquote

SYRIA = re.compile(r"سوري|دمشق|حلب|دير الزور|الرقة|الحسكة|إدلب|ادلب|درعا|حمص|حماة|حماه|اللاذقية|طرطوس|"
                   r"السويداء|القنيطرة|القامشلي|البوكمال|الميادين|منبج|عفرين|تدمر")
VIOLENCE = re.compile(r"قصف|اشتباك|مقتل|قتل|استشهاد|استشهد|غارة|غارات|هجوم|استهداف|استهدف|انفجار|عبوة|"
                      r"اعتقال|اعتقل|مداهمة|سيطر|تظاهر|احتجاج|اغتيال|كمين|مسيّرة|صاروخ|قذيف|جرحى|إصابة|مصرع")
MAX_CHARS = 5000
MIN_CHARS = 200
# Per month (Al Mayadeen, 18 months) and in all (fact-check), per stratum.
AM_PER_MONTH = {"syria-violence": 7, "other": 2}
FC_TOTAL = {"syria-violence": 100, "other": 22}
# A second draw, taken after the first from what it left (same seed, so the first draw is
# unchanged): the first gave about 140 reports with an event in Syria of the 160 wanted.
TOPUP_AM_PER_MONTH = 1
TOPUP_FC = 40
URL_DATE = re.compile(r"/(20\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|$)|/(20\d\d)(\d\d)(\d\d)\d*")


def am_stratum(doc):
    text = doc["text"]
    syrian = doc.get("country") == "سوريا" or SYRIA.search(text[:200])
    if syrian and VIOLENCE.search(text[:1000]) and not text.startswith("نشرة"):
        return "syria-violence"
    return "other"


def fc_stratum(doc):
    text = doc["text"]
    if len(SYRIA.findall(text)) >= 2 and len(VIOLENCE.findall(text)) >= 3:
        return "syria-violence"
    return "other"


def url_date(url):
    """The publication date an outlet writes into its URL (/2017/11/10/ or /20171011...), if any."""
    m = URL_DATE.search(unquote(url or ""))
    if not m:
        return None
    y, mo, d = [g for g in m.groups() if g is not None][:3]
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
        return None
    return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"


def load(path):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def in_frame(doc, excluded):
    return doc["doc_id"] not in excluded and MIN_CHARS <= len(doc["text"]) <= MAX_CHARS


def topup(docs, chosen, rng, stratum_of, key, per_key):
    """Second draw from the syria-violence stratum: `per_key` reports per `key` value (or in all
    when `key` is None), among reports and claims the first draw did not take."""
    taken = {d["doc_id"] for d, _ in chosen}
    taken_claims = {d.get("claim_id") for d, _ in chosen}
    pool = [d for d in docs if d["doc_id"] not in taken and d.get("claim_id") not in taken_claims - {None}
            and stratum_of(d) == "syria-violence"]
    groups = defaultdict(list)
    for d in pool:
        groups[key(d) if key else ""].append(d)
    out = []
    for k in sorted(groups):
        g = sorted(groups[k], key=lambda d: d["doc_id"])
        if key is None:
            by_claim = defaultdict(list)
            for d in g:
                by_claim[d["claim_id"]].append(d)
            claims = rng.sample(sorted(by_claim), min(per_key, len(by_claim)))
            out += [(rng.choice(by_claim[c]), "syria-violence") for c in claims]
        else:
            out += [(d, "syria-violence") for d in rng.sample(g, min(per_key, len(g)))]
    return out


def sample_almayadeen(docs, rng, excluded):
    cells = defaultdict(list)
    for doc in docs:
        if in_frame(doc, excluded):
            cells[(doc["published"][:7], am_stratum(doc))].append(doc)
    chosen = []
    for (month, stratum) in sorted(cells):
        pool = sorted(cells[(month, stratum)], key=lambda d: d["doc_id"])
        chosen += [(d, stratum) for d in rng.sample(pool, min(AM_PER_MONTH[stratum], len(pool)))]
    return chosen


def sample_factcheck(docs, rng, excluded):
    by_claim = defaultdict(lambda: defaultdict(list))
    for doc in docs:
        if in_frame(doc, excluded):
            by_claim[fc_stratum(doc)][doc["claim_id"]].append(doc)
    chosen = []
    for stratum, claims in sorted(by_claim.items()):
        picked_claims = rng.sample(sorted(claims), min(FC_TOTAL[stratum], len(claims)))
        for claim in picked_claims:
            pool = sorted(claims[claim], key=lambda d: d["doc_id"])
            chosen.append((rng.choice(pool), stratum))
    return chosen


def record(doc, stratum, corpus, draw):
    if corpus == "almayadeen":
        source, published = "Al Mayadeen (الميادين)", doc.get("published")
        origin = f"{corpus}_2023_2024.jsonl.gz; url {doc.get('url')}"
    else:
        source, published = urlparse(doc.get("url") or "").netloc or None, url_date(doc.get("url"))
        origin = f"arabic_factcheck_syria_2018.jsonl.gz (claim {doc.get('claim_id')}); url {doc.get('url')}"
    return {"doc_id": doc["doc_id"], "origin": origin, "source": source, "published": published,
            "url": doc.get("url"), "stratum": stratum, "draw": draw, "text": doc["text"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent
    ap.add_argument("--corpus-dir", default=str(here.parent.parent / "shared" / "data" / "corpus"))
    ap.add_argument("--seed", type=int, default=20261207)
    args = ap.parse_args()
    excluded = set()
    for name in ("dev.jsonl", "seeds.jsonl"):
        with open(here / name, encoding="utf-8") as fh:
            excluded |= {json.loads(line)["doc_id"] for line in fh if line.strip()}
    rng = random.Random(args.seed)
    corpus = Path(args.corpus_dir)
    am_docs = [d for d in load(corpus / "almayadeen_2023_2024.jsonl.gz") if in_frame(d, excluded)]
    fc_docs = [d for d in load(corpus / "arabic_factcheck_syria_2018.jsonl.gz") if in_frame(d, excluded)]
    am = sample_almayadeen(am_docs, rng, excluded)
    fc = sample_factcheck(fc_docs, rng, excluded)
    out = [record(d, s, "almayadeen", 1) for d, s in am] + [record(d, s, "factcheck", 1) for d, s in fc]
    am2 = topup(am_docs, am, rng, am_stratum, lambda d: d["published"][:7], TOPUP_AM_PER_MONTH)
    fc2 = topup(fc_docs, fc, rng, fc_stratum, None, TOPUP_FC)
    out += [record(d, s, "almayadeen", 2) for d, s in am2] + [record(d, s, "factcheck", 2) for d, s in fc2]
    out.sort(key=lambda r: r["doc_id"])
    for r in out:
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = defaultdict(int)
    for r in out:
        counts[(r["doc_id"][:3], r["stratum"], r["draw"])] += 1
    print(f"sampled {len(out)} reports: {dict(counts)}", file=sys.stderr)


if __name__ == "__main__":
    main()
