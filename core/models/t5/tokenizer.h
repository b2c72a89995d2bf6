#pragma once
// The UMT5 tokenizer as Wan drives it (wan/modules/t5.py T5EncoderModel: HuggingfaceTokenizer with
// seq_len=text_len, clean='whitespace', called with add_special_tokens=True, return_mask=True):
//   clean -> SentencePiece ids -> keep at most text_len-1 of them -> append </s> (1) ->
//   pad with <pad> (0) on the right to text_len; mask = 1 on tokens (</s> included), 0 on padding.
// SentencePiece encoding is our own reader of spiece.model (models/t5/sentencepiece_unigram.h), which
// reproduces sentencepiece 0.1.97's unigram encoder (checked against spm_encode on 122 000 random
// strings). The T5 fast tokenizer of transformers that the official code loads encodes a cleaned
// prompt the same way but for one corner: it normalises whole grapheme clusters shorter than 6
// bytes with the shortest matching rule, so a compatibility character followed by a combining
// mark ("²́") loses the mark there and keeps it here.
// This equals the transformers tokenizer call padding='max_length', truncation=True,
// max_length=text_len: truncation leaves room for the special token, so </s> is always kept.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/t5/sentencepiece_unigram.h"

namespace ifedit::t5 {

struct TokenizedBatch {
  at::Tensor ids;   // int64 [batch, textLen]
  at::Tensor mask;  // int64 [batch, textLen], 1 = token, 0 = padding
};

class Umt5Tokenizer {
 public:
  static constexpr int64_t kPadId = 0;
  static constexpr int64_t kEosId = 1;
  static constexpr int64_t kDefaultTextLen = 512;  // Wan's config text_len

  // `path` is a spiece.model file or a folder holding one (google/umt5-xxl/, a Diffusers
  // tokenizer/ folder). Throws io::IoError naming the file when it is missing, unreadable, or not a
  // T5-layout model (<pad> = 0, </s> = 1).
  explicit Umt5Tokenizer(const std::string& path, int64_t textLen = kDefaultTextLen);
  // From the bytes of a serialized model (a ComfyUI text encoder's `spiece_model` tensor);
  // `origin` names it in errors.
  static Umt5Tokenizer fromModelBytes(const std::string& bytes, const std::string& origin,
                                      int64_t textLen = kDefaultTextLen);
  ~Umt5Tokenizer();
  Umt5Tokenizer(Umt5Tokenizer&&) noexcept;
  Umt5Tokenizer& operator=(Umt5Tokenizer&&) noexcept;

  const std::string& modelPath() const { return modelPath_; }
  int64_t textLen() const { return textLen_; }
  int64_t vocabSize() const;

  // The 'whitespace' cleaning of wan/modules/tokenizers.py without ftfy's encoding repair:
  // ftfy's HTML-entity pass (only when the text has no '<') and quote uncurling, html.unescape
  // twice, strip, runs of Unicode whitespace -> one space, strip. Invalid UTF-8 bytes become U+FFFD.
  static std::string clean(const std::string& text);

  // SentencePiece ids of the already-cleaned text, no special tokens, no truncation.
  std::vector<int64_t> encodePieces(const std::string& cleanedText) const;

  // The unpadded ids of one prompt: cleaned, encoded, truncated to textLen-1, </s> appended.
  std::vector<int64_t> tokenize(const std::string& text) const;

  // Text of ids (SentencePiece decoding; pad / </s> are control pieces and decode to nothing).
  std::string decode(const std::vector<int64_t>& ids) const;

  // A batch padded to textLen, as the official tokenizer call returns it (CPU tensors).
  TokenizedBatch operator()(const std::vector<std::string>& texts) const;

 private:
  Umt5Tokenizer(std::unique_ptr<SentencePieceUnigram> sp, std::string origin, int64_t textLen);
  void checkT5Layout() const;

  std::string modelPath_;
  int64_t textLen_;
  std::unique_ptr<SentencePieceUnigram> sp_;
};

}  // namespace ifedit::t5
