#include "models/t5/sentencepiece_model.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>

#include "io/io_error.h"

namespace ifedit::t5 {
namespace {

// A minimal reader of the protobuf wire format: enough for the proto2 messages of
// sentencepiece_model.proto (varints, fixed32 floats, length-delimited strings and messages).
class WireReader {
 public:
  WireReader(std::string_view data, const std::string& origin, const char* message)
      : p_(reinterpret_cast<const uint8_t*>(data.data())), end_(p_ + data.size()), origin_(origin),
        message_(message) {}

  bool atEnd() const { return p_ >= end_; }

  // Reads the next tag; returns false at the end of the message.
  bool next(uint32_t& field, uint32_t& wireType) {
    if (atEnd()) return false;
    const uint64_t tag = varint();
    field = static_cast<uint32_t>(tag >> 3);
    wireType = static_cast<uint32_t>(tag & 7);
    if (field == 0) fail("field number 0");
    return true;
  }

  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ >= end_) fail("truncated varint");
      const uint8_t b = *p_++;
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    fail("varint longer than 10 bytes");
  }

  std::string_view bytes() {
    const uint64_t len = varint();
    if (len > static_cast<uint64_t>(end_ - p_)) fail("length-delimited field runs past the end");
    std::string_view s(reinterpret_cast<const char*>(p_), static_cast<size_t>(len));
    p_ += len;
    return s;
  }

  float fixed32Float() {
    if (end_ - p_ < 4) fail("truncated fixed32");
    uint32_t bits = uint32_t(p_[0]) | uint32_t(p_[1]) << 8 | uint32_t(p_[2]) << 16 | uint32_t(p_[3]) << 24;
    p_ += 4;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
  }

  void skip(uint32_t wireType) {
    switch (wireType) {
      case 0: varint(); return;
      case 1:
        if (end_ - p_ < 8) fail("truncated fixed64");
        p_ += 8;
        return;
      case 2: bytes(); return;
      case 5:
        if (end_ - p_ < 4) fail("truncated fixed32");
        p_ += 4;
        return;
      default: fail("unsupported wire type " + std::to_string(wireType));
    }
  }

  void expect(uint32_t wireType, uint32_t expected, uint32_t field) {
    if (wireType != expected)
      fail("field " + std::to_string(field) + " has wire type " + std::to_string(wireType) + ", expected " +
           std::to_string(expected));
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw io::IoError(origin_, std::string("malformed SentencePiece model (") + message_ + "): " + what);
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
  const std::string& origin_;
  const char* message_;
};

void parsePiece(std::string_view data, const std::string& origin, SentencePieceModel::Piece& piece) {
  WireReader r(data, origin, "SentencePiece");
  uint32_t field = 0, wt = 0;
  while (r.next(field, wt)) {
    switch (field) {
      case 1: r.expect(wt, 2, field); piece.text = std::string(r.bytes()); break;
      case 2: r.expect(wt, 5, field); piece.score = r.fixed32Float(); break;
      case 3: {
        r.expect(wt, 0, field);
        const uint64_t t = r.varint();
        if (t < 1 || t > 6) r.fail("unknown piece type " + std::to_string(t));
        piece.type = static_cast<SentencePieceModel::PieceType>(t);
        break;
      }
      default: r.skip(wt);
    }
  }
}

void parseTrainerSpec(std::string_view data, const std::string& origin, SentencePieceModel& m) {
  WireReader r(data, origin, "TrainerSpec");
  uint32_t field = 0, wt = 0;
  while (r.next(field, wt)) {
    switch (field) {
      case 3: r.expect(wt, 0, field); m.modelType = static_cast<int>(r.varint()); break;
      case 24: r.expect(wt, 0, field); m.treatWhitespaceAsSuffix = r.varint() != 0; break;
      case 35: r.expect(wt, 0, field); m.byteFallback = r.varint() != 0; break;
      case 44: r.expect(wt, 2, field); m.unkSurface = std::string(r.bytes()); break;
      case 45: r.expect(wt, 2, field); m.unkPiece = std::string(r.bytes()); break;
      case 46: r.expect(wt, 2, field); m.bosPiece = std::string(r.bytes()); break;
      case 47: r.expect(wt, 2, field); m.eosPiece = std::string(r.bytes()); break;
      case 48: r.expect(wt, 2, field); m.padPiece = std::string(r.bytes()); break;
      default: r.skip(wt);
    }
  }
}

void parseNormalizerSpec(std::string_view data, const std::string& origin, SentencePieceModel& m) {
  WireReader r(data, origin, "NormalizerSpec");
  uint32_t field = 0, wt = 0;
  while (r.next(field, wt)) {
    switch (field) {
      case 1: r.expect(wt, 2, field); m.normalizerName = std::string(r.bytes()); break;
      case 2: r.expect(wt, 2, field); m.precompiledCharsmap = std::string(r.bytes()); break;
      case 3: r.expect(wt, 0, field); m.addDummyPrefix = r.varint() != 0; break;
      case 4: r.expect(wt, 0, field); m.removeExtraWhitespaces = r.varint() != 0; break;
      case 5: r.expect(wt, 0, field); m.escapeWhitespaces = r.varint() != 0; break;
      default: r.skip(wt);
    }
  }
}

}  // namespace

SentencePieceModel parseSentencePieceModel(const std::string& bytes, const std::string& origin) {
  SentencePieceModel m;
  WireReader r(bytes, origin, "ModelProto");
  uint32_t field = 0, wt = 0;
  while (r.next(field, wt)) {
    switch (field) {
      case 1: {
        r.expect(wt, 2, field);
        SentencePieceModel::Piece piece;
        parsePiece(r.bytes(), origin, piece);
        if (piece.text.empty()) r.fail("piece " + std::to_string(m.pieces.size()) + " is empty");
        m.pieces.push_back(std::move(piece));
        break;
      }
      case 2: r.expect(wt, 2, field); parseTrainerSpec(r.bytes(), origin, m); break;
      case 3: r.expect(wt, 2, field); parseNormalizerSpec(r.bytes(), origin, m); break;
      default: r.skip(wt);
    }
  }
  if (m.pieces.empty()) throw io::IoError(origin, "SentencePiece model has no pieces");
  return m;
}

SentencePieceModel readSentencePieceModel(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io::IoError(path, "cannot open the SentencePiece model (missing or unreadable)");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw io::IoError(path, "read error");
  return parseSentencePieceModel(bytes, path);
}

}  // namespace ifedit::t5
