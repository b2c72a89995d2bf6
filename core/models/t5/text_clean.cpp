#include "models/t5/text_clean.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace ifedit::t5 {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

std::u32string decodeUtf8(const std::string& s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto b0 = static_cast<uint8_t>(s[i]);
    int len = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
      out.push_back(b0);
      ++i;
      continue;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      cp = b0 & 0x07;
    } else {
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    int k = 1;
    for (; k < len && i + k < n; ++k) {
      const auto b = static_cast<uint8_t>(s[i + k]);
      if ((b & 0xC0) != 0x80) break;
      cp = (cp << 6) | (b & 0x3F);
    }
    const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (k < len || overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out.push_back(kReplacement);
      i += std::max(k, 1);
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string encodeUtf8(const std::u32string& s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) appendUtf8(out, c);
  return out;
}

// Unicode White_Space: what `\s` of the `regex` module matches in whitespace_clean.
bool isWhiteSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// Python's str.isspace (used by strip()): White_Space plus the separators U+001C..U+001F.
bool isPySpace(char32_t c) { return isWhiteSpace(c) || (c >= 0x1C && c <= 0x1F); }

struct TextEntity {
  std::u32string_view name;
  std::u32string_view value;
};
struct CharMapping {
  char32_t from;
  std::u32string_view to;
};
struct CombiningRun {
  char32_t first, last;
  uint8_t cls;
};
struct Composition {
  char32_t first, second, composite;
};

#include "models/t5/text_tables.inc"

template <size_t N>
const TextEntity* findEntity(const TextEntity (&table)[N], std::u32string_view name) {
  const auto it = std::lower_bound(std::begin(table), std::end(table), name,
                                   [](const TextEntity& e, std::u32string_view n) { return e.name < n; });
  return it != std::end(table) && it->name == name ? &*it : nullptr;
}

template <size_t N>
const CharMapping* findMapping(const CharMapping (&table)[N], char32_t c) {
  const auto it = std::lower_bound(std::begin(table), std::end(table), c,
                                   [](const CharMapping& m, char32_t x) { return m.from < x; });
  return it != std::end(table) && it->from == c ? &*it : nullptr;
}

// html.unescape's numeric reference rules (html/__init__.py: _replace_charref).
std::u32string numericReference(uint64_t num) {
  struct Map {
    uint32_t from;
    char32_t to;
  };
  static constexpr Map kInvalidCharrefs[] = {
      {0x00, 0xFFFD}, {0x0D, 0x0D},   {0x80, 0x20AC}, {0x81, 0x81},   {0x82, 0x201A}, {0x83, 0x0192},
      {0x84, 0x201E}, {0x85, 0x2026}, {0x86, 0x2020}, {0x87, 0x2021}, {0x88, 0x02C6}, {0x89, 0x2030},
      {0x8A, 0x0160}, {0x8B, 0x2039}, {0x8C, 0x0152}, {0x8D, 0x8D},   {0x8E, 0x017D}, {0x8F, 0x8F},
      {0x90, 0x90},   {0x91, 0x2018}, {0x92, 0x2019}, {0x93, 0x201C}, {0x94, 0x201D}, {0x95, 0x2022},
      {0x96, 0x2013}, {0x97, 0x2014}, {0x98, 0x02DC}, {0x99, 0x2122}, {0x9A, 0x0161}, {0x9B, 0x203A},
      {0x9C, 0x0153}, {0x9D, 0x9D},   {0x9E, 0x017E}, {0x9F, 0x0178}};
  for (const auto& m : kInvalidCharrefs)
    if (m.from == num) return std::u32string(1, m.to);
  if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) return std::u32string(1, kReplacement);
  const bool invalid = (num >= 0x1 && num <= 0x8) || (num >= 0xE && num <= 0x1F) || (num >= 0x7F && num <= 0x9F) ||
                       (num >= 0xFDD0 && num <= 0xFDEF) || num == 0xB || (num & 0xFFFE) == 0xFFFE;
  if (invalid) return {};
  return std::u32string(1, static_cast<char32_t>(num));
}

bool isDigit(char32_t c, bool hex) {
  if (c >= U'0' && c <= U'9') return true;
  return hex && ((c >= U'a' && c <= U'f') || (c >= U'A' && c <= U'F'));
}

uint32_t digitValue(char32_t c) {
  if (c <= U'9') return c - U'0';
  if (c >= U'a') return c - U'a' + 10;
  return c - U'A' + 10;
}

// Parses digits from i; returns the end index and the value (saturated above 0x10FFFF).
size_t parseNumber(const std::u32string& s, size_t i, bool hex, uint64_t& value) {
  value = 0;
  while (i < s.size() && isDigit(s[i], hex)) {
    value = value * (hex ? 16 : 10) + digitValue(s[i]);
    if (value > 0x110000) value = 0x110000;  // anything above 0x10FFFF maps to U+FFFD
    ++i;
  }
  return i;
}

// html.unescape (Python): &#N, &#xN with optional ';', named references with ';', legacy names
// without it, and the longest legacy-name prefix of a longer unknown name ("&ampx" -> "&x").
std::u32string pythonUnescape(const std::u32string& s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != U'&') {
      out.push_back(s[i++]);
      continue;
    }
    const size_t j = i + 1;
    if (j < s.size() && s[j] == U'#') {
      size_t k = j + 1;
      const bool hex = k < s.size() && (s[k] == U'x' || s[k] == U'X');
      if (hex) ++k;
      uint64_t num = 0;
      const size_t end = parseNumber(s, k, hex, num);
      if (end == k) {  // no digits: not a reference
        out.push_back(s[i++]);
        continue;
      }
      out += numericReference(num);
      i = (end < s.size() && s[end] == U';') ? end + 1 : end;
      continue;
    }
    static constexpr std::u32string_view kStop = U"\t\n\f <&#;";
    size_t k = j;
    while (k < s.size() && k - j < 32 && kStop.find(s[k]) == std::u32string_view::npos) ++k;
    if (k == j) {
      out.push_back(s[i++]);
      continue;
    }
    // The reference as Python's table keys it: the name with its ';' when there is one.
    const bool semicolon = k < s.size() && s[k] == U';';
    const std::u32string_view ref(s.data() + j, k - j + (semicolon ? 1 : 0));
    if (const auto* e = findEntity(kHtml5Entities, ref)) {
      out += e->value;
      i = j + ref.size();
      continue;
    }
    // Longest prefix (at least 2 characters) that is a name (a legacy one, without ';'); the rest
    // stays as typed.
    bool replaced = false;
    for (size_t len = ref.size() - 1; len >= 2; --len) {
      if (const auto* e = findEntity(kHtml5Entities, ref.substr(0, len))) {
        out += e->value;
        i = j + len;
        replaced = true;
        break;
      }
    }
    if (!replaced) out.push_back(s[i++]);
  }
  return out;
}

// ftfy's unescape_html: only complete "&name;" / "&#N;" / "&#xN;" references of at most 24
// alphanumerics are decoded.
std::u32string ftfyUnescape(const std::u32string& s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  auto isAlnum = [](char32_t c) {
    return (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
  };
  while (i < s.size()) {
    if (s[i] == U'&') {
      const bool numeric = i + 1 < s.size() && s[i + 1] == U'#';
      const size_t start = i + (numeric ? 2 : 1);
      size_t k = start;
      while (k < s.size() && k - start < 24 && isAlnum(s[k])) ++k;
      if (k > start && k < s.size() && s[k] == U';') {
        const std::u32string ref(s, i, k + 1 - i);
        std::u32string decoded;
        if (numeric) {
          decoded = pythonUnescape(ref);
          if (decoded.find(U';') != std::u32string::npos) decoded = ref;  // not decodable: keep
        } else if (const auto* e = findEntity(kFtfyEntities, std::u32string_view(s.data() + start, k + 1 - start))) {
          decoded = std::u32string(e->value);
        } else {
          decoded = ref;
        }
        out += decoded;
        i = k + 1;
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  return out;
}

void uncurlQuotes(std::u32string& s) {
  for (auto& c : s) {
    if (c == 0x02BC || (c >= 0x2018 && c <= 0x201B))
      c = U'\'';
    else if (c >= 0x201C && c <= 0x201F)
      c = U'"';
  }
}

// ftfy.fix_text's per-character fixers, in its order: C1 controls as Windows-1252, Latin
// ligatures, character width, curly quotes, line breaks, terminal escapes, control characters.
std::u32string ftfyFixers(const std::u32string& s) {
  std::u32string out;
  out.reserve(s.size());
  for (char32_t c : s) {
    const CharMapping* m = nullptr;
    if (c >= 0x80 && c <= 0x9F) m = findMapping(kC1Controls, c);
    if (m) {
      out += m->to;
      continue;
    }
    out.push_back(c);
  }
  std::u32string next;
  next.reserve(out.size());
  for (char32_t c : out) {
    if (const CharMapping* m = findMapping(kLigatures, c)) next += m->to;
    else next.push_back(c);
  }
  out.clear();
  for (char32_t c : next) {
    if (const CharMapping* m = c == 0x3000 || (c >= 0xFF01 && c <= 0xFFEF) ? findMapping(kWidthMap, c) : nullptr)
      out += m->to;
    else
      out.push_back(c);
  }
  uncurlQuotes(out);
  next.clear();
  for (size_t i = 0; i < out.size(); ++i) {
    const char32_t c = out[i];
    if (c == U'\r') {
      next.push_back(U'\n');
      if (i + 1 < out.size() && out[i + 1] == U'\n') ++i;
    } else if (c == 0x2028 || c == 0x2029 || c == 0x85) {
      next.push_back(U'\n');
    } else {
      next.push_back(c);
    }
  }
  out.clear();
  for (size_t i = 0; i < next.size(); ++i) {
    // ANSI escapes: ESC '[' [0-9;]* [A-Za-z].
    if (next[i] == 0x1B && i + 1 < next.size() && next[i + 1] == U'[') {
      size_t k = i + 2;
      while (k < next.size() && ((next[k] >= U'0' && next[k] <= U'9') || next[k] == U';')) ++k;
      if (k < next.size() && ((next[k] >= U'a' && next[k] <= U'z') || (next[k] >= U'A' && next[k] <= U'Z'))) {
        i = k;
        continue;
      }
    }
    if (!std::binary_search(std::begin(kControlChars), std::end(kControlChars), next[i])) out.push_back(next[i]);
  }
  return out;
}

// ---- NFC (UAX #15): canonical decomposition, canonical ordering, canonical composition ----

constexpr char32_t kHangulS = 0xAC00, kHangulL = 0x1100, kHangulV = 0x1161, kHangulT = 0x11A7;
constexpr int kHangulLCount = 19, kHangulVCount = 21, kHangulTCount = 28;
constexpr int kHangulNCount = kHangulVCount * kHangulTCount, kHangulSCount = kHangulLCount * kHangulNCount;

uint8_t combiningClass(char32_t c) {
  const auto it = std::upper_bound(std::begin(kCombiningClass), std::end(kCombiningClass), c,
                                   [](char32_t x, const CombiningRun& r) { return x < r.first; });
  if (it == std::begin(kCombiningClass)) return 0;
  const CombiningRun& r = *(it - 1);
  return c <= r.last ? r.cls : 0;
}

char32_t composePair(char32_t a, char32_t b) {
  // Hangul: L + V -> LV, LV + T -> LVT.
  if (a >= kHangulL && a < kHangulL + kHangulLCount && b >= kHangulV && b < kHangulV + kHangulVCount)
    return kHangulS + ((a - kHangulL) * kHangulVCount + (b - kHangulV)) * kHangulTCount;
  if (a >= kHangulS && a < kHangulS + kHangulSCount && (a - kHangulS) % kHangulTCount == 0 && b > kHangulT &&
      b < kHangulT + kHangulTCount)
    return a + (b - kHangulT);
  const auto it = std::lower_bound(std::begin(kCompositions), std::end(kCompositions), std::pair(a, b),
                                   [](const Composition& c, std::pair<char32_t, char32_t> p) {
                                     return std::pair(c.first, c.second) < p;
                                   });
  return it != std::end(kCompositions) && it->first == a && it->second == b ? it->composite : 0;
}

std::u32string nfc(const std::u32string& s) {
  // Decompose (Hangul syllables by arithmetic), then order each run of marks by class.
  std::u32string d;
  d.reserve(s.size());
  for (char32_t c : s) {
    if (c >= kHangulS && c < kHangulS + kHangulSCount) {
      const char32_t index = c - kHangulS;
      d.push_back(kHangulL + index / kHangulNCount);
      d.push_back(kHangulV + (index % kHangulNCount) / kHangulTCount);
      if (index % kHangulTCount) d.push_back(kHangulT + index % kHangulTCount);
    } else if (const CharMapping* m = c >= 0xC0 ? findMapping(kCanonicalDecomposition, c) : nullptr) {
      d += m->to;
    } else {
      d.push_back(c);
    }
  }
  for (size_t i = 0; i < d.size();) {
    if (combiningClass(d[i]) == 0) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < d.size() && combiningClass(d[end]) != 0) ++end;
    std::stable_sort(d.begin() + i, d.begin() + end,
                     [](char32_t a, char32_t b) { return combiningClass(a) < combiningClass(b); });
    i = end;
  }
  // Compose: each character with the last starter, unless a character in between blocks it.
  std::u32string out;
  out.reserve(d.size());
  size_t starter = std::u32string::npos;
  int lastClass = -1;
  for (char32_t c : d) {
    const int cls = combiningClass(c);
    if (starter != std::u32string::npos && (lastClass < cls || (lastClass == 0 && out.size() == starter + 1)) ) {
      if (const char32_t composite = composePair(out[starter], c)) {
        out[starter] = composite;
        continue;
      }
    }
    if (cls == 0) starter = out.size();
    lastClass = cls;
    out.push_back(c);
  }
  return out;
}

// ftfy.fix_text with its defaults, less mojibake repair (fix_encoding): each line, its fixers and
// NFC repeated until nothing changes. HTML is unescaped until a line holding '<' is reached
// (unescape_html="auto").
std::u32string ftfyFixText(const std::u32string& s) {
  std::u32string out;
  out.reserve(s.size());
  bool unescape = true;
  for (size_t pos = 0; pos < s.size();) {
    const size_t lineEnd = s.find(U'\n', pos);
    const size_t end = lineEnd == std::u32string::npos ? s.size() : lineEnd + 1;
    std::u32string segment = s.substr(pos, end - pos);
    if (segment.find(U'<') != std::u32string::npos) unescape = false;
    for (int round = 0; round < 16; ++round) {
      std::u32string fixed = nfc(ftfyFixers(unescape ? ftfyUnescape(segment) : segment));
      if (fixed == segment) break;
      segment = std::move(fixed);
    }
    out += segment;
    pos = end;
  }
  return out;
}


std::u32string pyStrip(const std::u32string& s) {
  size_t b = 0, e = s.size();
  while (b < e && isPySpace(s[b])) ++b;
  while (e > b && isPySpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

}  // namespace

std::string whitespaceClean(const std::string& text) {
  std::u32string s = decodeUtf8(text);
  // basic_clean: ftfy.fix_text (see the header for what is left out), html.unescape twice, strip.
  s = ftfyFixText(s);
  s = pythonUnescape(pythonUnescape(s));
  s = pyStrip(s);
  // whitespace_clean: every run of whitespace becomes one space, then strip.
  std::u32string collapsed;
  collapsed.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (isWhiteSpace(s[i])) {
      collapsed.push_back(U' ');
      while (i < s.size() && isWhiteSpace(s[i])) ++i;
    } else {
      collapsed.push_back(s[i++]);
    }
  }
  return encodeUtf8(pyStrip(collapsed));
}

}  // namespace ifedit::t5
