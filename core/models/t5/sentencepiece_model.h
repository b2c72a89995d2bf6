#pragma once
// The parts of a SentencePiece model file (spiece.model, a serialized sentencepiece.ModelProto) that
// encoding needs, read without libsentencepiece / libprotobuf.
//
// Why not libsentencepiece: Debian's libsentencepiece.so.0 carries its own copy of protobuf-lite and
// exports those symbols; libtorch loads libprotobuf.so.32, whose static initialisers then bind to
// the sentencepiece copies and crash before main() in every binary that links both.
#include <cstdint>
#include <string>
#include <vector>

namespace ifedit::t5 {

struct SentencePieceModel {
  // ModelProto.SentencePiece.Type
  enum class PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };
  struct Piece {
    std::string text;
    float score = 0.0f;
    PieceType type = PieceType::Normal;
  };
  std::vector<Piece> pieces;  // index = id

  // TrainerSpec fields used at encoding time (proto defaults when absent).
  int modelType = 1;  // 1 = UNIGRAM
  bool treatWhitespaceAsSuffix = false;
  bool byteFallback = false;
  std::string unkPiece = "<unk>";
  std::string bosPiece = "<s>";
  std::string eosPiece = "</s>";
  std::string padPiece = "<pad>";
  std::string unkSurface = " \xE2\x81\x87 ";

  // NormalizerSpec
  std::string normalizerName;
  std::string precompiledCharsmap;  // <uint32 LE trie size><double-array trie><'\0'-separated outputs>
  bool addDummyPrefix = true;
  bool removeExtraWhitespaces = true;
  bool escapeWhitespaces = true;
};

// Parses serialized ModelProto bytes; `origin` names the file in errors (io::IoError).
SentencePieceModel parseSentencePieceModel(const std::string& bytes, const std::string& origin);

// Reads and parses a spiece.model file. Throws io::IoError naming the file.
SentencePieceModel readSentencePieceModel(const std::string& path);

}  // namespace ifedit::t5
