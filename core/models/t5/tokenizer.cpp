#include "models/t5/tokenizer.h"

#include <ATen/ops/zeros.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "io/io_error.h"
#include "models/t5/sentencepiece_model.h"
#include "models/t5/text_clean.h"

namespace ifedit::t5 {

namespace fs = std::filesystem;

Umt5Tokenizer::Umt5Tokenizer(const std::string& path, int64_t textLen)
    : textLen_(textLen) {
  if (textLen < 1) throw std::invalid_argument("UMT5 tokenizer: text length must be at least 1");
  std::error_code ec;
  fs::path file(path);
  if (fs::is_directory(file, ec)) file /= "spiece.model";
  modelPath_ = file.string();
  if (!fs::is_regular_file(file, ec))
    throw io::IoError(modelPath_, "UMT5 tokenizer model not found (expected a SentencePiece spiece.model file, "
                                  "or a folder such as google/umt5-xxl/ or tokenizer/ that holds one)");
  sp_ = std::make_unique<SentencePieceUnigram>(modelPath_);
  checkT5Layout();
}

Umt5Tokenizer::Umt5Tokenizer(std::unique_ptr<SentencePieceUnigram> sp, std::string origin, int64_t textLen)
    : modelPath_(std::move(origin)), textLen_(textLen), sp_(std::move(sp)) {
  if (textLen < 1) throw std::invalid_argument("UMT5 tokenizer: text length must be at least 1");
  checkT5Layout();
}

Umt5Tokenizer Umt5Tokenizer::fromModelBytes(const std::string& bytes, const std::string& origin, int64_t textLen) {
  return Umt5Tokenizer(std::make_unique<SentencePieceUnigram>(parseSentencePieceModel(bytes, origin), origin), origin,
                       textLen);
}

void Umt5Tokenizer::checkT5Layout() const {
  if (sp_->padId() != kPadId || sp_->eosId() != kEosId)
    throw io::IoError(modelPath_, "not a T5 tokenizer model: expected <pad> id 0 and </s> id 1, found pad " +
                                      std::to_string(sp_->padId()) + " and eos " + std::to_string(sp_->eosId()));
}

Umt5Tokenizer::~Umt5Tokenizer() = default;
Umt5Tokenizer::Umt5Tokenizer(Umt5Tokenizer&&) noexcept = default;
Umt5Tokenizer& Umt5Tokenizer::operator=(Umt5Tokenizer&&) noexcept = default;

int64_t Umt5Tokenizer::vocabSize() const { return sp_->pieceCount(); }

std::string Umt5Tokenizer::clean(const std::string& text) { return whitespaceClean(text); }

std::vector<int64_t> Umt5Tokenizer::encodePieces(const std::string& cleanedText) const {
  return sp_->encode(cleanedText);
}

std::vector<int64_t> Umt5Tokenizer::tokenize(const std::string& text) const {
  std::vector<int64_t> ids = encodePieces(clean(text));
  // transformers truncates to max_length minus the special tokens it will add, so </s> survives.
  if (static_cast<int64_t>(ids.size()) > textLen_ - 1) ids.resize(static_cast<size_t>(textLen_ - 1));
  ids.push_back(kEosId);
  return ids;
}

std::string Umt5Tokenizer::decode(const std::vector<int64_t>& ids) const { return sp_->decode(ids); }

TokenizedBatch Umt5Tokenizer::operator()(const std::vector<std::string>& texts) const {
  const auto batch = static_cast<int64_t>(texts.size());
  TokenizedBatch out;
  out.ids = at::zeros({batch, textLen_}, at::TensorOptions().dtype(c10::kLong));  // kPadId == 0
  out.mask = at::zeros({batch, textLen_}, at::TensorOptions().dtype(c10::kLong));
  int64_t* ids = out.ids.data_ptr<int64_t>();
  int64_t* mask = out.mask.data_ptr<int64_t>();
  for (int64_t b = 0; b < batch; ++b) {
    const auto tokens = tokenize(texts[static_cast<size_t>(b)]);
    std::copy(tokens.begin(), tokens.end(), ids + b * textLen_);
    std::fill_n(mask + b * textLen_, tokens.size(), int64_t{1});
  }
  return out;
}

}  // namespace ifedit::t5
