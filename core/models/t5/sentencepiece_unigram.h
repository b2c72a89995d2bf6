#pragma once
// SentencePiece unigram encoding (what sentencepiece 0.1.97's SentencePieceProcessor::Encode does
// for a unigram model: normalise, best-scoring segmentation by Viterbi over UTF-8 positions, unknown
// characters -> <unk> (runs merged into one) or, with byte_fallback, <0xXX> byte pieces).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/t5/sentencepiece_model.h"
#include "models/t5/sentencepiece_normalizer.h"

namespace ifedit::t5 {

class SentencePieceUnigram {
 public:
  // Reads a spiece.model file; throws io::IoError naming it when it is unreadable, malformed or not a
  // unigram model.
  explicit SentencePieceUnigram(const std::string& path);
  SentencePieceUnigram(const SentencePieceModel& model, const std::string& origin);

  int64_t pieceCount() const { return static_cast<int64_t>(model_.pieces.size()); }
  // Ids of the special pieces, -1 when the model lacks them (pad / eos / bos must be control pieces).
  int64_t unkId() const { return unkId_; }
  int64_t padId() const { return controlId(model_.padPiece); }
  int64_t eosId() const { return controlId(model_.eosPiece); }
  int64_t bosId() const { return controlId(model_.bosPiece); }

  std::string normalize(std::string_view text) const { return normalizer_.normalize(text); }
  std::vector<int64_t> encode(std::string_view text) const;
  // Control pieces decode to nothing, <unk> to the model's unk surface, byte pieces to their byte.
  std::string decode(const std::vector<int64_t>& ids) const;

 private:
  int64_t controlId(const std::string& piece) const;

  SentencePieceModel model_;
  SentencePieceNormalizer normalizer_;
  std::unordered_map<std::string, int64_t> pieceIds_;     // normal, user-defined and unused pieces
  std::unordered_map<std::string, int64_t> reservedIds_;  // control, unknown and byte pieces
  size_t longestPiece_ = 0;
  int64_t unkId_ = -1;
  float minScore_ = 0.0f, maxScore_ = 0.0f;
};

}  // namespace ifedit::t5
