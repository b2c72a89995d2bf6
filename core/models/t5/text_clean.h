#pragma once
// Prompt cleaning before UMT5 tokenisation (wan/modules/tokenizers.py, clean='whitespace').
#include <string>

namespace ifedit::t5 {

// whitespace_clean(basic_clean(text)) on UTF-8 text. basic_clean's ftfy.fix_text is reproduced
// with its tables (text_tables.inc, made by make_text_tables.py from ftfy 6.3.1): HTML entities
// ending in ';' (per line, until a line holds '<'), C1 controls as Windows-1252, Latin ligatures,
// full/half-width forms, curly quotes, line breaks, terminal escapes and control characters,
// and NFC, repeated until nothing changes. Left out: its mojibake repair (fix_encoding). Then
// html.unescape twice (Python's rules and its whole HTML5 table), strip, runs of Unicode
// White_Space -> ' ', strip. Invalid UTF-8 -> U+FFFD.
std::string whitespaceClean(const std::string& text);

}  // namespace ifedit::t5
