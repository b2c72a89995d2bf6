#include "models/t5/sentencepiece_normalizer.h"

#include <cstring>

#include "io/io_error.h"

namespace ifedit::t5 {
namespace {

constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81";  // U+2581, SentencePiece's visible space
constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

// Bytes of the UTF-8 character at data[0] if it decodes to a valid code point, else 0
// (SentencePiece's DecodeUTF8: no overlongs, no surrogates, nothing above U+10FFFF; a literal
// U+FFFD counts as valid).
size_t validCharLength(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const auto trail = [&](size_t i) { return (b(i) & 0xC0) == 0x80; };
  const auto validCp = [](uint32_t c) { return c < 0xD800 || (c >= 0xE000 && c <= 0x10FFFF); };
  const size_t n = s.size();
  if (b(0) < 0x80) return 1;
  if (n >= 2 && (b(0) & 0xE0) == 0xC0) {
    const uint32_t cp = ((b(0) & 0x1Fu) << 6) | (b(1) & 0x3Fu);
    return trail(1) && cp >= 0x80 && validCp(cp) ? 2 : 0;
  }
  if (n >= 3 && (b(0) & 0xF0) == 0xE0) {
    const uint32_t cp = ((b(0) & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
    return trail(1) && trail(2) && cp >= 0x800 && validCp(cp) ? 3 : 0;
  }
  if (n >= 4 && (b(0) & 0xF8) == 0xF0) {
    const uint32_t cp = ((b(0) & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) | ((b(2) & 0x3Fu) << 6) | (b(3) & 0x3Fu);
    return trail(1) && trail(2) && trail(3) && cp >= 0x10000 && validCp(cp) ? 4 : 0;
  }
  return 0;
}

// darts-clone double-array units.
bool hasLeaf(uint32_t u) { return ((u >> 8) & 1) == 1; }
uint32_t unitValue(uint32_t u) { return u & ((1u << 31) - 1); }
uint32_t unitLabel(uint32_t u) { return u & ((1u << 31) | 0xFF); }
uint32_t unitOffset(uint32_t u) { return (u >> 10) << ((u & (1u << 9)) >> 6); }

}  // namespace

SentencePieceNormalizer::SentencePieceNormalizer(const SentencePieceModel& model, const std::string& origin)
    : addDummyPrefix_(model.addDummyPrefix),
      removeExtraWhitespaces_(model.removeExtraWhitespaces),
      escapeWhitespaces_(model.escapeWhitespaces),
      treatWhitespaceAsSuffix_(model.treatWhitespaceAsSuffix) {
  const std::string& blob = model.precompiledCharsmap;
  if (!blob.empty()) {
    uint32_t trieSize = 0;
    if (blob.size() > 4) {
      const auto* p = reinterpret_cast<const uint8_t*>(blob.data());
      trieSize = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    }
    if (blob.size() <= 4 || trieSize >= blob.size() - 4 || trieSize % 4 != 0 || trieSize == 0)
      throw io::IoError(origin, "malformed SentencePiece model: broken precompiled_charsmap of normalizer '" +
                                    model.normalizerName + "'");
    trie_.resize(trieSize / 4);
    for (size_t i = 0; i < trie_.size(); ++i) {
      const auto* q = reinterpret_cast<const uint8_t*>(blob.data()) + 4 + 4 * i;
      trie_[i] = uint32_t(q[0]) | uint32_t(q[1]) << 8 | uint32_t(q[2]) << 16 | uint32_t(q[3]) << 24;
    }
    outputs_ = blob.substr(4 + trieSize);
  }
  for (const auto& piece : model.pieces) {
    if (piece.type != SentencePieceModel::PieceType::UserDefined) continue;
    userDefined_.insert(piece.text);
    longestUserDefined_ = std::max(longestUserDefined_, piece.text.size());
  }
}

size_t SentencePieceNormalizer::userDefinedPrefix(std::string_view input) const {
  for (size_t len = std::min(longestUserDefined_, input.size()); len > 0; --len)
    if (userDefined_.count(input.substr(0, len))) return len;
  return 0;
}

std::pair<std::string_view, size_t> SentencePieceNormalizer::normalizePrefix(std::string_view input) const {
  // User-defined pieces are matched on the raw text and never rewritten.
  if (const size_t n = userDefinedPrefix(input)) return {input.substr(0, n), n};

  // Longest rule of the character map: a common-prefix search through the double array.
  size_t longest = 0;
  uint32_t value = 0;
  if (!trie_.empty()) {
    size_t node = unitOffset(trie_[0]);
    for (size_t i = 0; i < input.size(); ++i) {
      const auto c = static_cast<uint8_t>(input[i]);
      node ^= c;
      if (node >= trie_.size()) break;
      const uint32_t unit = trie_[node];
      if (unitLabel(unit) != c) break;
      node ^= unitOffset(unit);
      if (node >= trie_.size()) break;
      if (hasLeaf(unit)) {
        longest = i + 1;
        value = unitValue(trie_[node]);
      }
    }
  }
  if (longest > 0 && value < outputs_.size()) {
    const char* start = outputs_.data() + value;
    const size_t len = strnlen(start, outputs_.size() - value);
    return {std::string_view(start, len), longest};
  }
  const size_t len = validCharLength(input);
  if (len == 0) return {kReplacementChar, 1};  // one malformed byte becomes U+FFFD
  return {input.substr(0, len), len};
}

std::string SentencePieceNormalizer::normalize(std::string_view input) const {
  std::string out;
  if (removeExtraWhitespaces_) {
    while (!input.empty()) {  // leading spaces (after normalisation) are dropped
      const auto [text, consumed] = normalizePrefix(input);
      if (text != " ") break;
      input.remove_prefix(consumed);
    }
  }
  if (input.empty()) return out;

  const std::string_view space = escapeWhitespaces_ ? kSpaceSymbol : std::string_view(" ");
  out.reserve(input.size() * 3);
  if (!treatWhitespaceAsSuffix_ && addDummyPrefix_) out += space;

  bool prevSpace = removeExtraWhitespaces_;
  while (!input.empty()) {
    auto [text, consumed] = normalizePrefix(input);
    if (prevSpace)
      while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    if (!text.empty()) {
      for (char c : text) {
        if (escapeWhitespaces_ && c == ' ')
          out += kSpaceSymbol;
        else
          out += c;
      }
      prevSpace = text.back() == ' ';
    }
    input.remove_prefix(consumed);
    if (!removeExtraWhitespaces_) prevSpace = false;
  }
  if (removeExtraWhitespaces_)
    while (out.size() >= space.size() && std::string_view(out).substr(out.size() - space.size()) == space)
      out.resize(out.size() - space.size());
  if (treatWhitespaceAsSuffix_ && addDummyPrefix_) out += space;
  return out;
}

}  // namespace ifedit::t5
