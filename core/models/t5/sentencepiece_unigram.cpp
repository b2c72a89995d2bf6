#include "models/t5/sentencepiece_unigram.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "io/io_error.h"

namespace ifedit::t5 {
namespace {

using PieceType = SentencePieceModel::PieceType;

constexpr float kUnkPenalty = 10.0f;  // an unknown character scores min_score - 10
// Scores are log-probabilities (tens at most); this bound keeps every Viterbi sum far inside the
// float range (casting a double beyond it to float is undefined behaviour).
constexpr float kMaxAbsScore = 1e9f;
constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81";

// Length of a UTF-8 character from its lead byte alone (continuation bytes count as 1).
size_t leadByteLength(char c) {
  const auto b = static_cast<uint8_t>(c) >> 4;
  return b < 12 ? 1 : b < 14 ? 2 : b == 14 ? 3 : 4;
}

std::string bytePiece(uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "<0x%02X>", b);
  return buf;
}

}  // namespace

SentencePieceUnigram::SentencePieceUnigram(const std::string& path)
    : SentencePieceUnigram(readSentencePieceModel(path), path) {}

SentencePieceUnigram::SentencePieceUnigram(const SentencePieceModel& model, const std::string& origin)
    : model_(model), normalizer_(model_, origin) {
  if (model_.modelType != 1)
    throw io::IoError(origin, "SentencePiece model type " + std::to_string(model_.modelType) +
                                  " is not supported (expected 1 = unigram, as T5 tokenizers use)");
  // The scores of normal pieces bound the unknown-character and user-defined scores; the initial
  // values are those of sentencepiece (FLT_MIN, not -FLT_MAX, for the maximum).
  minScore_ = FLT_MAX;
  maxScore_ = FLT_MIN;
  for (size_t i = 0; i < model_.pieces.size(); ++i) {
    const auto& p = model_.pieces[i];
    const bool inTrie = p.type == PieceType::Normal || p.type == PieceType::UserDefined || p.type == PieceType::Unused;
    auto& table = inTrie ? pieceIds_ : reservedIds_;
    if (!table.emplace(p.text, static_cast<int64_t>(i)).second)
      throw io::IoError(origin, "malformed SentencePiece model: piece '" + p.text + "' is defined twice");
    if (inTrie) longestPiece_ = std::max(longestPiece_, p.text.size());
    if (!(std::fabs(p.score) <= kMaxAbsScore))
      throw io::IoError(origin, "malformed SentencePiece model: piece " + std::to_string(i) + " has score " +
                                    std::to_string(p.score) + " (expected a finite log-probability)");
    if (p.type == PieceType::Unknown) {
      if (unkId_ >= 0) throw io::IoError(origin, "malformed SentencePiece model: more than one unknown piece");
      unkId_ = static_cast<int64_t>(i);
    }
    if (p.type == PieceType::Byte && !model_.byteFallback)
      throw io::IoError(origin, "malformed SentencePiece model: byte piece '" + p.text + "' without byte_fallback");
    if (p.type == PieceType::Normal) {
      minScore_ = std::min(minScore_, p.score);
      maxScore_ = std::max(maxScore_, p.score);
    }
  }
  if (unkId_ < 0) throw io::IoError(origin, "malformed SentencePiece model: no unknown piece");
  if (model_.byteFallback)
    for (int b = 0; b < 256; ++b)
      if (!reservedIds_.count(bytePiece(static_cast<uint8_t>(b))))
        throw io::IoError(origin, "malformed SentencePiece model: byte_fallback without piece " +
                                      bytePiece(static_cast<uint8_t>(b)));
}

int64_t SentencePieceUnigram::controlId(const std::string& piece) const {
  const auto it = reservedIds_.find(piece);
  if (it == reservedIds_.end()) return -1;
  return model_.pieces[static_cast<size_t>(it->second)].type == PieceType::Control ? it->second : -1;
}

std::vector<int64_t> SentencePieceUnigram::encode(std::string_view text) const {
  const std::string normalized = normalizer_.normalize(text);
  const size_t size = normalized.size();
  if (size == 0) return {};

  // Best path ending at each byte position (Viterbi over the lattice of pieces that start at
  // character boundaries). Scores mirror sentencepiece's types: candidates are computed in double,
  // stored in float.
  struct Best {
    int64_t id = -1;
    float score = 0.0f;
    int64_t start = -1;
  };
  std::vector<Best> best(size + 1);
  const float unkScore = minScore_ - kUnkPenalty;
  std::string_view all(normalized);

  for (size_t start = 0; start < size;) {
    const float scoreHere = best[start].score;
    const size_t charLen = std::min(leadByteLength(normalized[start]), size - start);
    bool coversChar = false;
    const size_t maxLen = std::min(longestPiece_, size - start);
    for (size_t len = 1; len <= maxLen; ++len) {
      const auto it = pieceIds_.find(std::string(all.substr(start, len)));
      if (it == pieceIds_.end()) continue;
      const auto& piece = model_.pieces[static_cast<size_t>(it->second)];
      if (piece.type == PieceType::Unused) continue;
      // User-defined pieces get a bonus so that they always win.
      const double score = piece.type == PieceType::UserDefined
                               ? static_cast<double>(static_cast<float>(len) * maxScore_) - 0.1
                               : static_cast<double>(piece.score);
      const double candidate = score + scoreHere;
      Best& target = best[start + len];
      if (target.start == -1 || candidate > target.score) {
        target = {it->second, static_cast<float>(candidate), static_cast<int64_t>(start)};
      }
      if (len == charLen) coversChar = true;
    }
    if (!coversChar) {
      const float candidate = unkScore + scoreHere;
      Best& target = best[start + charLen];
      if (target.start == -1 || candidate > target.score) target = {unkId_, candidate, static_cast<int64_t>(start)};
    }
    start += charLen;
  }

  struct Piece {
    int64_t id;
    std::string_view surface;
  };
  std::vector<Piece> path;
  for (size_t end = size; end > 0;) {
    const Best& b = best[end];
    if (b.start < 0) throw std::logic_error("SentencePiece: no segmentation reaches byte " + std::to_string(end));
    path.push_back({b.id, all.substr(static_cast<size_t>(b.start), end - static_cast<size_t>(b.start))});
    end = static_cast<size_t>(b.start);
  }
  std::reverse(path.begin(), path.end());

  // Unknown characters: byte pieces with byte_fallback, otherwise one <unk> per run.
  std::vector<int64_t> ids;
  ids.reserve(path.size());
  bool prevUnk = false;
  for (const auto& p : path) {
    const bool unk = p.id == unkId_;
    if (unk && model_.byteFallback) {
      for (char c : p.surface) ids.push_back(reservedIds_.at(bytePiece(static_cast<uint8_t>(c))));
    } else if (!(unk && prevUnk)) {
      ids.push_back(p.id);
    }
    prevUnk = unk;
  }
  return ids;
}

std::string SentencePieceUnigram::decode(const std::vector<int64_t>& ids) const {
  std::string out;
  bool first = true;
  for (int64_t id : ids) {
    if (id < 0 || id >= pieceCount())
      throw std::out_of_range("SentencePiece id " + std::to_string(id) + " is outside the vocabulary");
    const auto& p = model_.pieces[static_cast<size_t>(id)];
    switch (p.type) {
      case PieceType::Control: continue;
      case PieceType::Unknown: out += model_.unkSurface; break;
      case PieceType::Byte: out += static_cast<char>(std::stoi(p.text.substr(3, 2), nullptr, 16)); break;
      default: {
        std::string_view piece = p.text;
        if (first && model_.addDummyPrefix && !model_.treatWhitespaceAsSuffix && piece.substr(0, 3) == kSpaceSymbol)
          piece.remove_prefix(kSpaceSymbol.size());
        for (size_t i = 0; i < piece.size();) {
          if (piece.substr(i, 3) == kSpaceSymbol) {
            out += ' ';
            i += 3;
          } else {
            out += piece[i++];
          }
        }
      }
    }
    first = false;
  }
  return out;
}

}  // namespace ifedit::t5
