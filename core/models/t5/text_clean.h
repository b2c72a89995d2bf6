#pragma once
// Prompt cleaning before UMT5 tokenisation (wan/modules/tokenizers.py, clean='whitespace').
#include <string>

namespace ifedit::t5 {

// whitespace_clean(basic_clean(text)) on UTF-8 text, with two parts of ftfy.fix_text kept because
// prompts pasted from documents hit them: its HTML-entity pass (entities ending in ';', skipped when
// the text contains '<', as ftfy's unescape_html="auto") and its quote uncurling (U+02BC,
// U+2018..U+201B -> ', U+201C..U+201F -> "). ftfy's mojibake repair is not reproduced; width,
// ligature and control-character fixes are left to SentencePiece's nmt_nfkc normaliser.
// Then html.unescape twice (numeric references with Python's replacement rules, a table of common
// named entities), strip, runs of Unicode White_Space -> ' ', strip. Invalid UTF-8 -> U+FFFD.
std::string whitespaceClean(const std::string& text);

}  // namespace ifedit::t5
