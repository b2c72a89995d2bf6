#pragma once
// SentencePiece's text normaliser (the NormalizerSpec of a model): the precompiled character map
// (e.g. nmt_nfkc, a double-array trie of rewrite rules), user-defined pieces left untouched,
// whitespace trimming / collapsing, the dummy-prefix space and the U+2581 escape of spaces.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/t5/sentencepiece_model.h"

namespace ifedit::t5 {

class SentencePieceNormalizer {
 public:
  // Throws io::IoError(origin) when the character map is malformed.
  SentencePieceNormalizer(const SentencePieceModel& model, const std::string& origin);

  std::string normalize(std::string_view input) const;

 private:
  // The rewrite of the longest rule matching the start of input and the bytes it consumes.
  std::pair<std::string_view, size_t> normalizePrefix(std::string_view input) const;
  // Length of the longest user-defined piece at the start of input (0 when none).
  size_t userDefinedPrefix(std::string_view input) const;

  std::vector<uint32_t> trie_;      // double-array units
  std::string outputs_;             // '\0'-terminated rewrites, addressed by trie values
  std::set<std::string, std::less<>> userDefined_;
  size_t longestUserDefined_ = 0;
  bool addDummyPrefix_, removeExtraWhitespaces_, escapeWhitespaces_, treatWhitespaceAsSuffix_;
};

}  // namespace ifedit::t5
