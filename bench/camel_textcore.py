"""Times CAMeL Tools' normalisers and simple_word_tokenize over the texts of a JSONL file: the
same work as marsad-textcore (diacritics, alef/alef maksura/teh marbuta folds, word tokens).
Texts are read before the clock starts; one thread. Prints the same key=value line."""
import json
import sys
import time

from camel_tools.tokenizers.word import simple_word_tokenize
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (normalize_alef_ar, normalize_alef_maksura_ar,
                                         normalize_teh_marbuta_ar, normalize_unicode)


def main(path):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                t = json.loads(line).get("text")
            except (ValueError, AttributeError):
                continue
            if isinstance(t, str):
                texts.append(t)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    start = time.perf_counter()
    tokens = 0
    for t in texts:
        n = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(normalize_unicode(t)))))
        tokens += len(simple_word_tokenize(n))
    secs = time.perf_counter() - start
    print(f"docs={len(texts)} bytes={nbytes} tokens={tokens} seconds={secs:.4f} mb_per_s={nbytes / 1e6 / secs:.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
