#!/usr/bin/env python3
"""Writes spm_reference.tsv: <hex of the UTF-8 input bytes> TAB <ids from spm_encode>.

The ids come from Debian's sentencepiece 0.1.97 command line encoder (the reference the project's
own SentencePiece reader is tested against). Inputs: every corpus line plus pseudo-random strings
over a pool of tricky pieces (whitespace kinds, NFKC folds, unknown scripts, emoji, combining marks,
invalid UTF-8). Run from this folder: python3 make_spm_reference.py
"""
import random
import subprocess

POOL = ["a", "b", "e", "r", "d", "x", "the ", "red ", "fox", "jumps", " ", "  ", "\t",
        "\u00a0", "\u3000", "\uff21", "\uff42", "\ufb01", "\u65e5", "\u672c", "\U0001F600",
        "\u0301", "\u00e9", "\u2581", b"\xff", b"\x80", b"\xe2\x82", "\x01", "\x7f", ".", ",",
        "!", "1", "42", "\u2019", "\u201c", "\u2122", "\u2460", "\u00bd", "A", "B", "Z",
        "\u0645\u0631", b"\xed\xa0\x80", b"\xc0\xaf", "\u200b", "\ufeff", "\u30ab\u3099",
        "\uff8a", "ij", "\u0133", "<unk>", "</s>", "<pad>"]


def as_bytes(piece):
    return piece if isinstance(piece, bytes) else piece.encode("utf-8")


def main():
    rng = random.Random(7)
    inputs = [line.rstrip("\n").encode("utf-8") for line in open("corpus.txt", encoding="utf-8")]
    for _ in range(400):
        inputs.append(b"".join(as_bytes(rng.choice(POOL)) for _ in range(rng.randrange(12))))
    out = subprocess.run(["spm_encode", "--model=spiece.model", "--output_format=id"],
                         input=b"\n".join(inputs) + b"\n", capture_output=True, check=True).stdout
    ids = out.decode("ascii").split("\n")[:len(inputs)]
    with open("spm_reference.tsv", "w", encoding="ascii") as f:
        for text, line in zip(inputs, ids):
            f.write(text.hex() + "\t" + line.strip() + "\n")


if __name__ == "__main__":
    main()
