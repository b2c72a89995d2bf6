#!/usr/bin/env python3
"""Writes clean_reference.json: prompts and what the official Wan2.2 cleaning makes of them.

wan/modules/tokenizers.py cleans with basic_clean (ftfy.fix_text, html.unescape twice, strip) and
whitespace_clean (runs of `\\s` of the `regex` module -> ' ', strip). This script applies the same
steps with the real libraries; test_t5 checks t5::Umt5Tokenizer::clean against every pair.

    PYTHONPATH=/path/to/ftfy-source python3 make_clean_reference.py > clean_reference.json

(ftfy is not packaged for Debian 12: its source, https://github.com/rspeer/python-ftfy, and wcwidth.)
The inputs avoid what our cleaning leaves out on purpose (ftfy's mojibake repair).
"""
import html
import json
import sys

import ftfy
import regex


def official(text):
    text = html.unescape(html.unescape(ftfy.fix_text(text))).strip()
    return regex.sub(r"\s+", " ", text).strip()


INPUTS = [
    # Chinese prompts with full-width punctuation, and the ideographic space.
    "她松开手，卡片飘出画面！（光线不变）",
    "镜头固定。　人物慢慢转身；最后一刻：街道变成夜晚。",
    "ＬＯＵＤ　ＮＯＩＳＥＳ and ｶﾀｶﾅ, ﾊﾝｸﾞﾙ ￦100 ｰ",
    # Latin ligatures and digraphs.
    "ﬁne ﬂowers, ﬀ ﬃ ﬄ ﬅ ﬆ, Ĳssel ĳs ǅ ǈ ǋ ŉ",
    # HTML entities a VLM may write: named (the whole HTML5 table), numeric, double-escaped,
    # all-caps, and legacy names without ';'.
    "She lets go &rarr; the card floats away &hellip; her hand is empty &mdash; done",
    "caf&eacute; &trade; &euro;5 &frac12; &middot; &laquo;quote&raquo; &sect;2 &para;",
    "&amp;rarr; &amp;amp;eacute; P&EACUTE;REZ BUNDESSTRA&SZLIG;E &NTILDE; &nTILDE;",
    "this&not that, &copy 2024, &amp co, &ltx, &NotEqualTilde; &fjlig; &bsol;",
    "&#8594; &#x2192; &#128512; &#x110000; &#0; &#150; &#65 &#x42",
    # A line holding '<' stops ftfy's entity pass from there on (html.unescape still runs).
    "first &rarr; line\nsecond <b> &amp;amp; line\nthird &amp;amp;",
    # C1 controls read as Windows-1252, control characters, BOM, terminal escapes, line breaks.
    "\ufeffa \x96 b \x85 c \x80 d \x9d e",
    "a\x00b\x01c\x0bd\x0ce\x1bf\x7fg\u206ah\ufff9i\ufffcj",
    "\x1b[36;44mblue\x1b[0m text\x1b[2J and \x1b[ not",
    "one\r\ntwo\rthree\u2028four\u2029five\x85six",
    # Quotes, dashes, arrows, ellipses, non-breaking spaces, emoji: left alone (but quotes).
    "\u201cHe said \u2018no\u2019\u201d \u2014 then \u2192 \u2026 a\u00a0b\u202fc \U0001F600\u200d\U0001F525",
    "  \t leading and trailing \u3000 ",
    "plain English prompt: the camera stays fixed; the cup rises.",
    # NFC: decomposed accents, marks out of canonical order, singletons, Hangul jamo.
    "cafe\u0301 nai\u0308ve A\u030a \u212b \u2126 \uf900 q\u0323\u0307 s\u0307\u0323 e\u0302\u0323",
    "\u1100\u1161\u11a8 \u1112\u1161\u11ab\u1100\u116e\u11af \u304b\u3099 \u30cf\u309a",
]


def main():
    pairs = [{"input": text, "expected": official(text)} for text in INPUTS]
    json.dump({"ftfy": ftfy.__version__, "pairs": pairs}, sys.stdout, ensure_ascii=True, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
