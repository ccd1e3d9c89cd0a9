"""Helpers for bench/run.sh: `texts CORPUS.jsonl OUT.txt` writes the report texts one after the
other (what the ripgrep floor scans); `patterns ROOT OUT.txt` writes the gazetteer's Arabic names
and the trigger words, one per line (ripgrep's -F -f input); `slice IN OUT BYTES` copies whole
lines until BYTES are written."""
import json
import sys
import tomllib


def texts(src, dst):
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for line in f:
            try:
                t = json.loads(line).get("text")
            except (ValueError, AttributeError):
                continue
            if isinstance(t, str):
                out.write(t)
                out.write("\n")


def patterns(root, dst):
    words = set()
    with open(f"{root}/data/gazetteer/places.tsv", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 3:
                words.update(n.strip() for n in cols[3].split("|"))
    with open(f"{root}/data/lexicon/triggers.toml", "rb") as f:
        lex = tomllib.load(f)
    for section in ("trigger", "modifier"):
        for entry in lex.get(section, []):
            words.update(w.strip() for w in entry.get("forms", []))
    words.discard("")
    with open(dst, "w", encoding="utf-8") as out:
        for w in sorted(words):
            out.write(w + "\n")
    print(len(words))


def slice_lines(src, dst, limit):
    n = 0
    with open(src, "rb") as f, open(dst, "wb") as out:
        for line in f:
            out.write(line)
            n += len(line)
            if n >= limit:
                break


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "texts":
        texts(sys.argv[2], sys.argv[3])
    elif cmd == "patterns":
        patterns(sys.argv[2], sys.argv[3])
    elif cmd == "slice":
        slice_lines(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(f"unknown command {cmd}")
