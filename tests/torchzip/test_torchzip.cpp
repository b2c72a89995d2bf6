// torch.save zip archives read without Python: the .pth fixtures against their safetensors twins,
// the refused malicious pickle, views (offset/stride/shared storage), ZIP64, and malformed files
// built from the fixtures' real bytes.
#include <ATen/core/Tensor.h>
#include <ATen/ops/equal.h>
#include <c10/core/InferenceMode.h>

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstring>
#include <functional>
#include <sys/stat.h>

#include "io/pickle_reader.h"
#include "io/safetensors.h"
#include "io/torch_zip.h"
#include "io/zip_archive.h"
#include "tests/common/byte_files.h"

using namespace ifedit::io;
using ifedit::testfiles::readAll;
using ifedit::testfiles::writeAll;

namespace {

const std::string kFixtures = IFEDIT_FIXTURES_DIR;

bool fileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

void put16(std::string& s, uint64_t v) {
  for (int i = 0; i < 2; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put32(std::string& s, uint64_t v) {
  for (int i = 0; i < 4; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put64(std::string& s, uint64_t v) {
  for (int i = 0; i < 8; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
}
void set32(std::string& s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
uint32_t get32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (int i = 4; i-- > 0;) v = (v << 8) | static_cast<uint8_t>(s[at + i]);
  return v;
}
uint16_t get16(const std::string& s, size_t at) {
  return static_cast<uint16_t>(static_cast<uint8_t>(s[at]) | (static_cast<uint8_t>(s[at + 1]) << 8));
}

struct Record {
  std::string name;
  std::string data;              // what is stored (compressed bytes when method != 0)
  uint16_t method = 0;
  uint64_t uncompressedSize = 0;  // 0: data.size()
  uint32_t crc = 0;               // 0 with method 0: computed from data
};

uint32_t crcOf(const std::string& s) {
  return zip::crc32({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

// What a local header and its central directory entry both hold, from "version needed" to the
// extra field's length (sizes in the ZIP64 extra field when zip64).
void putSharedHeaderFields(std::string& s, const Record& r, uint32_t crc, uint64_t usize, bool zip64,
                           size_t extraSize) {
  put16(s, zip64 ? 45 : 20);  // version needed
  put16(s, 0);                // flags
  put16(s, r.method);
  put16(s, 0);                // time
  put16(s, 0x21);             // date
  put32(s, crc);
  put32(s, zip64 ? 0xffffffff : r.data.size());
  put32(s, zip64 ? 0xffffffff : usize);
  put16(s, r.name.size());
  put16(s, extraSize);
}

// A zip archive laid out like torch.save's (records padded to 64-byte data alignment), optionally
// with every size and offset moved into ZIP64 fields.
std::string buildZip(const std::vector<Record>& records, bool zip64 = false, bool align64 = true) {
  std::string out, central;
  for (const auto& r : records) {
    const uint64_t usize = r.uncompressedSize ? r.uncompressedSize : r.data.size();
    const uint32_t crc = r.method == 0 ? crcOf(r.data) : r.crc;
    const uint64_t offset = out.size();
    std::string extra;
    if (zip64) {
      put16(extra, 0x0001);
      put16(extra, 16);
      put64(extra, usize);
      put64(extra, r.data.size());
    }
    if (align64) {
      const size_t before = offset + 30 + r.name.size() + extra.size() + 4;
      const size_t pad = (64 - before % 64) % 64;
      put16(extra, 0x4246);  // "FB": the padding field torch's writer uses
      put16(extra, pad);
      extra.append(pad, 'Z');
    }
    put32(out, 0x04034b50);
    putSharedHeaderFields(out, r, crc, usize, zip64, extra.size());
    out += r.name + extra + r.data;

    std::string cextra;
    if (zip64) {
      put16(cextra, 0x0001);
      put16(cextra, 24);
      put64(cextra, usize);
      put64(cextra, r.data.size());
      put64(cextra, offset);
    }
    put32(central, 0x02014b50);
    put16(central, 0x031e);
    putSharedHeaderFields(central, r, crc, usize, zip64, cextra.size());
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put32(central, 0);
    put32(central, zip64 ? 0xffffffff : offset);
    central += r.name + cextra;
  }
  const uint64_t cdOffset = out.size();
  out += central;
  if (zip64) {
    const uint64_t z64 = out.size();
    put32(out, 0x06064b50);
    put64(out, 44);
    put16(out, 45);
    put16(out, 45);
    put32(out, 0);
    put32(out, 0);
    put64(out, records.size());
    put64(out, records.size());
    put64(out, central.size());
    put64(out, cdOffset);
    put32(out, 0x07064b50);
    put32(out, 0);
    put64(out, z64);
    put32(out, 1);
  }
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, zip64 ? 0xffff : records.size());
  put16(out, zip64 ? 0xffff : records.size());
  put32(out, zip64 ? 0xffffffff : central.size());
  put32(out, zip64 ? 0xffffffff : cdOffset);
  put16(out, 0);
  return out;
}

// The records of a fixture archive, in file order.
std::vector<Record> recordsOf(const std::string& path) {
  auto archive = zip::ZipArchive::open(path);
  std::vector<Record> out;
  for (const auto& e : archive->entries()) {
    auto bytes = archive->storedBytes(e);
    out.push_back({e.name, std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size())});
  }
  return out;
}

Record& recordNamed(std::vector<Record>& records, const std::string& name) {
  for (auto& r : records)
    if (r.name == name) return r;
  throw std::runtime_error("test: no record " + name);
}

// Replaces the single occurrence of `from` (the test fails unless there is exactly one).
bool replaceOnce(std::string& s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  if (at == std::string::npos || s.find(from, at + 1) != std::string::npos) return false;
  s.replace(at, from.size(), to);
  return true;
}

std::string bin(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s += static_cast<char>(b);
  return s;
}

// Byte offset of the central directory header of `name` in a zip file's bytes.
size_t centralHeaderOf(const std::string& zipBytes, const std::string& name) {
  const size_t eocd = zipBytes.rfind(std::string("PK\x05\x06", 4));
  size_t pos = get32(zipBytes, eocd + 16);
  const uint16_t count = get16(zipBytes, eocd + 10);
  for (uint16_t i = 0; i < count; ++i) {
    const uint16_t n = get16(zipBytes, pos + 28);
    if (zipBytes.compare(pos + 46, n, name) == 0) return pos;
    pos += 46 + n + get16(zipBytes, pos + 30) + get16(zipBytes, pos + 32);
  }
  throw std::runtime_error("test: no central header for " + name);
}

// Expects openTorchZip(path), and loading every tensor, to throw an IoError naming the file and
// containing `needle`.
void expectRejected(const std::string& path, const std::string& needle) {
  try {
    auto src = openTorchZip(path);
    for (const auto& t : src->tensors()) src->load(t.name);
  } catch (const IoError& e) {
    const std::string what = e.what();
    QVERIFY2(e.file() == path, what.c_str());
    QVERIFY2(what.find(path) != std::string::npos, what.c_str());
    QVERIFY2(what.find(needle) != std::string::npos, ("'" + needle + "' not in: " + what).c_str());
    return;
  } catch (const std::exception& e) {
    QFAIL((std::string("not an IoError: ") + e.what()).c_str());
  }
  QFAIL(("accepted a malformed file, expected: " + needle).c_str());
}

bool bitEqual(const at::Tensor& a, const at::Tensor& b) {
  if (a.scalar_type() != b.scalar_type() || a.sizes() != b.sizes()) return false;
  auto ca = a.contiguous(), cb = b.contiguous();
  return std::memcmp(ca.data_ptr(), cb.data_ptr(), ca.nbytes()) == 0;
}

// Every tensor of `pth` equals the one of `ref` with the same name bit for bit, after `convert`.
void expectSameTensors(const std::string& pth, const std::string& ref,
                       const std::function<at::Tensor(const at::Tensor&)>& convert) {
  auto a = openTorchZip(pth);
  auto b = openSafetensors(ref);
  QCOMPARE(a->tensors().size(), b->tensors().size());
  for (const auto& info : a->tensors()) {
    const auto* other = b->find(info.name);
    QVERIFY2(other, info.name.c_str());
    QCOMPARE(info.shape, other->shape);
    const auto got = a->load(info.name);
    const auto want = convert(b->load(info.name));
    QCOMPARE(got.scalar_type(), want.scalar_type());
    QVERIFY2(bitEqual(got, want), info.name.c_str());
  }
}

}  // namespace

class TestTorchZip : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir tmp_;
  std::string t5Pkl_;

  std::string tmpPath(const std::string& name) const { return tmp_.path().toStdString() + "/" + name; }

  // t5.pth re-packed with its data.pkl replaced (or the records edited by `edit`).
  std::string t5With(const std::string& name, const std::function<void(std::vector<Record>&)>& edit,
                     bool zip64 = false, bool align64 = true) {
    auto records = recordsOf(kFixtures + "/t5.pth");
    edit(records);
    const auto path = tmpPath(name);
    writeAll(path, buildZip(records, zip64, align64));
    return path;
  }
  std::string t5WithPickle(const std::string& name, const std::string& pkl) {
    return t5With(name, [&](std::vector<Record>& r) { recordNamed(r, "t5/data.pkl").data = pkl; });
  }
  std::string pickleFile(const std::string& name, const std::string& pkl) {
    const auto path = tmpPath(name);
    writeAll(path, buildZip({{"archive/data.pkl", pkl}, {"archive/version", "3\n"}}));
    return path;
  }
  at::Tensor t5Ref(const std::string& name) {
    return openSafetensors(kFixtures + "/t5.safetensors")->load(name);
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    auto records = recordsOf(kFixtures + "/t5.pth");
    t5Pkl_ = recordNamed(records, "t5/data.pkl").data;
  }

  // manifest.json: vae.pth / t5.pth hold "the same tensors as <x>.safetensors (same keys, F32)" and
  // "a loader must give bit-identical tensors"; its per-file tensor list is the state-dict order.
  void fixturesMatchManifest() {
    c10::InferenceMode guard;
    QFile f(QString::fromStdString(kFixtures + "/manifest.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto files = QJsonDocument::fromJson(f.readAll()).object().value("files").toObject();
    for (const char* name : {"vae.pth", "t5.pth", "t5_bf16.pth"}) {
      const auto tensors = files.value(name).toObject().value("tensors").toObject();
      auto src = openTorchZip(kFixtures + "/" + name);
      QCOMPARE(src->format(), std::string("torch-zip"));
      QCOMPARE(src->tensors().size(), static_cast<size_t>(tensors.size()));
      for (const auto& info : src->tensors()) {
        const auto entry = tensors.value(QString::fromStdString(info.name)).toObject();
        QVERIFY2(!entry.isEmpty(), info.name.c_str());
        QCOMPARE(QString::fromLatin1(dtypeName(info.dtype).data()), entry.value("dtype").toString());
        std::vector<int64_t> shape;
        for (const auto& d : entry.value("shape").toArray()) shape.push_back(d.toInteger());
        QCOMPARE(info.shape, shape);
        QCOMPARE(info.byteSize, static_cast<uint64_t>(info.numel()) * dtypeSize(info.dtype));
      }
      // File order = manifest order (QJsonObject does not keep it, the text does).
      const std::string text = readAll(kFixtures + "/manifest.json");
      size_t from = text.find("\"" + std::string(name) + "\": {");
      QVERIFY(from != std::string::npos);
      for (const auto& info : src->tensors()) {
        const auto at = text.find("\"" + info.name + "\"", from);
        QVERIFY2(at != std::string::npos, info.name.c_str());
        from = at;
      }
    }
  }

  void vaeAndT5BitIdenticalToSafetensors() {
    c10::InferenceMode guard;
    auto same = [](const at::Tensor& t) { return t; };
    expectSameTensors(kFixtures + "/vae.pth", kFixtures + "/vae.safetensors", same);
    expectSameTensors(kFixtures + "/t5.pth", kFixtures + "/t5.safetensors", same);
    // openTensorFile recognises the zip by content.
    auto src = openTensorFile(kFixtures + "/vae.pth");
    QCOMPARE(src->format(), std::string("torch-zip"));
    QCOMPARE(src->tensors().size(), size_t{194});
  }

  void t5Bf16IsRoundedT5() {
    c10::InferenceMode guard;
    expectSameTensors(kFixtures + "/t5_bf16.pth", kFixtures + "/t5.safetensors",
                      [](const at::Tensor& t) { return t.to(at::kBFloat16); });
    auto src = openTorchZip(kFixtures + "/t5_bf16.pth");
    QCOMPARE(src->tensors().front().dtype, DType::BF16);
  }

  void requestedDtypeIsApplied() {
    c10::InferenceMode guard;
    auto pth = openTorchZip(kFixtures + "/t5_bf16.pth");
    const auto ref = t5Ref("blocks.0.attn.q.weight");
    const auto wide = pth->load("blocks.0.attn.q.weight", at::kFloat, c10::kCPU);
    QCOMPARE(wide.scalar_type(), at::kFloat);
    QVERIFY(bitEqual(wide, ref.to(at::kBFloat16).to(at::kFloat)));
    auto f32 = openTorchZip(kFixtures + "/t5.pth");
    QVERIFY(bitEqual(f32->load("blocks.0.attn.q.weight", at::kDouble), ref.to(at::kDouble)));
    QVERIFY(bitEqual(f32->load("blocks.0.attn.q.weight", at::kHalf), ref.to(at::kHalf)));
    // A loaded tensor outlives its source (it keeps the mapping alive).
    at::Tensor kept = openTorchZip(kFixtures + "/t5.pth")->load("token_embedding.weight");
    QVERIFY(bitEqual(kept, t5Ref("token_embedding.weight")));
    bool threw = false;
    try {
      f32->load("no.such.tensor");
    } catch (const IoError& e) {
      threw = std::string(e.what()).find("no.such.tensor") != std::string::npos;
    }
    QVERIFY(threw);
  }

  // manifest.json: malicious.pth's data.pkl references os.system (pickled as posix.system); a safe
  // loader must refuse it and run nothing (the command would create /tmp/ifedit-pwned).
  void maliciousIsRefused() {
    const std::string marker = "/tmp/ifedit-pwned";
    std::remove(marker.c_str());
    QVERIFY(!fileExists(marker));
    expectRejected(kFixtures + "/malicious.pth", "posix.system");
    try {
      openTensorFile(kFixtures + "/malicious.pth");
      QFAIL("openTensorFile accepted malicious.pth");
    } catch (const IoError& e) {
      QVERIFY2(std::string(e.what()).find("refused global") != std::string::npos, e.what());
    }
    QVERIFY(!fileExists(marker));

    // Other globals, spelled with GLOBAL and with protocol 4's STACK_GLOBAL, are refused as well.
    expectRejected(pickleFile("eval.pth", std::string("\x80\x02" "cbuiltins\neval\nq\x00.", 20)), "builtins.eval");
    expectRejected(pickleFile("os.pth", std::string("\x80\x02" "cos\nsystem\nq\x00.", 16)), "os.system");
    expectRejected(pickleFile("stack.pth", "\x80\x04\x8c\x02os\x8c\x06system\x93."), "os.system");
    expectRejected(pickleFile("torchload.pth", "\x80\x02" "ctorch\nload\n."), "torch.load");
    // A storage class may not be called, only named in a persistent id.
    expectRejected(pickleFile("callstorage.pth", "\x80\x02" "ctorch\nFloatStorage\n)R."), "cannot be called");
    QVERIFY(!fileExists(marker));
  }

  void viewsOffsetsStridesAndSharedStorage() {
    c10::InferenceMode guard;
    const auto tok = t5Ref("token_embedding.weight");  // [64, 32], storage "0" of 2048 floats
    // Tensor 1 of the pickle: offset 0, size (64, 32), stride (32, 1).
    const std::string view = bin({'K', 0, 'K', 64, 'K', 32, 0x86, 'q', 9, 'K', 32, 'K', 1, 0x86});
    {  // transposed view: size (32, 64), stride (1, 32)
      std::string pkl = t5Pkl_;
      QVERIFY(replaceOnce(pkl, view, bin({'K', 0, 'K', 32, 'K', 64, 0x86, 'q', 9, 'K', 1, 'K', 32, 0x86})));
      auto src = openTorchZip(t5WithPickle("transposed.pth", pkl));
      QCOMPARE(src->find("token_embedding.weight")->shape, (std::vector<int64_t>{32, 64}));
      const auto got = src->load("token_embedding.weight");
      QVERIFY(got.is_contiguous());
      QVERIFY(bitEqual(got, tok.t().contiguous()));
    }
    {  // storage offset 32, size (63, 32): rows 1..63
      std::string pkl = t5Pkl_;
      QVERIFY(replaceOnce(pkl, view, bin({'K', 32, 'K', 63, 'K', 32, 0x86, 'q', 9, 'K', 32, 'K', 1, 0x86})));
      auto src = openTorchZip(t5WithPickle("offset.pth", pkl));
      QVERIFY(bitEqual(src->load("token_embedding.weight"), tok.slice(0, 1).contiguous()));
    }
    {  // stride-0 (expanded) view: every row is row 0
      std::string pkl = t5Pkl_;
      QVERIFY(replaceOnce(pkl, view, bin({'K', 0, 'K', 64, 'K', 32, 0x86, 'q', 9, 'K', 0, 'K', 1, 0x86})));
      auto src = openTorchZip(t5WithPickle("expanded.pth", pkl));
      QVERIFY(bitEqual(src->load("token_embedding.weight"), tok.slice(0, 0, 1).expand({64, 32}).contiguous()));
    }
    {  // blocks.0.norm1.weight re-pointed at storage "0" (2048 elements): its first 32 floats
      std::string pkl = t5Pkl_;
      QVERIFY(replaceOnce(pkl, std::string("X\x01\x00\x00\x00" "1q\x0fh\x07K\x20t", 13),
                          std::string("X\x01\x00\x00\x00" "0q\x0fh\x07M\x00\x08t", 14)));
      auto src = openTorchZip(t5WithPickle("shared.pth", pkl));
      QVERIFY(bitEqual(src->load("blocks.0.norm1.weight"), tok.flatten().slice(0, 0, 32).contiguous()));
      QVERIFY(bitEqual(src->load("token_embedding.weight"), tok));
    }
  }

  // What real checkpoints add around the tensors: a state_dict's _metadata (BUILD on the
  // OrderedDict), nn.Parameter wrappers, and training checkpoints nesting the state dict.
  void wrappedStateDicts() {
    c10::InferenceMode guard;
    auto ref = openSafetensors(kFixtures + "/t5.safetensors");
    const std::string body = t5Pkl_.substr(2, t5Pkl_.size() - 3);  // without PROTO and STOP
    QCOMPARE(t5Pkl_.back(), '.');
    {  // OrderedDict state {'_metadata': OrderedDict({'': {'version': 1}})}, as state_dict() has
      std::string pkl = t5Pkl_;
      pkl.insert(pkl.size() - 1, std::string("}X\x09\x00\x00\x00_metadatah\x00)R(X\x00\x00\x00\x00"
                                             "}X\x07\x00\x00\x00versionK\x01sus" "b", 44));
      auto src = openTorchZip(t5WithPickle("metadata.pth", pkl));
      QCOMPARE(src->tensors().size(), ref->tensors().size());
      QVERIFY(bitEqual(src->load("token_embedding.weight"), ref->load("token_embedding.weight")));
    }
    {  // the first tensor wrapped in torch._utils._rebuild_parameter(tensor, True, OrderedDict())
      std::string pkl = t5Pkl_;
      const std::string tail = std::string("Rq\x0dX\x15", 5);
      const auto end = pkl.find(tail);
      QVERIFY(end != std::string::npos);
      pkl.insert(end + 3, std::string("\x88h\x00)R\x87R", 7));
      const auto begin = pkl.find("ctorch._utils\n_rebuild_tensor_v2\n");
      QVERIFY(begin != std::string::npos);
      pkl.insert(begin, "ctorch._utils\n_rebuild_parameter\n");
      auto src = openTorchZip(t5WithPickle("parameter.pth", pkl));
      QCOMPARE(src->tensors().size(), ref->tensors().size());
      QVERIFY(bitEqual(src->load("token_embedding.weight"), ref->load("token_embedding.weight")));
      QVERIFY(bitEqual(src->load("blocks.0.norm1.weight"), ref->load("blocks.0.norm1.weight")));
    }
    {  // {'model': state_dict, 'epoch': 3}: names are flattened with '.', numbers are skipped
      std::string pkl = std::string("\x80\x02}q\xf0(X\x05\x00\x00\x00model", 16) + body +
                        std::string("X\x05\x00\x00\x00" "epochK\x03u.", 14);
      auto src = openTorchZip(t5WithPickle("nested.pth", pkl));
      QCOMPARE(src->tensors().size(), ref->tensors().size());
      for (const auto& info : ref->tensors())
        QVERIFY2(bitEqual(src->load("model." + info.name), ref->load(info.name)), info.name.c_str());
    }
  }

  void zip64AndUnalignedRecords() {
    c10::InferenceMode guard;
    auto same = [](const at::Tensor& t) { return t; };
    const auto z64 = t5With("zip64.pth", [](std::vector<Record>&) {}, /*zip64=*/true);
    expectSameTensors(z64, kFixtures + "/t5.safetensors", same);
    const auto packed = t5With("unaligned.pth", [](std::vector<Record>&) {}, false, /*align64=*/false);
    expectSameTensors(packed, kFixtures + "/t5.safetensors", same);
  }

  void truncatedFiles() {
    const std::string bytes = readAll(kFixtures + "/t5.pth");
    for (size_t len : {size_t{0}, size_t{1}, size_t{3}, size_t{4}, size_t{21}, size_t{22}, size_t{100},
                       size_t{2000}, bytes.size() / 2, bytes.size() - 200, bytes.size() - 23,
                       bytes.size() - 22, bytes.size() - 1}) {
      const auto path = tmpPath("truncated_" + std::to_string(len) + ".pth");
      writeAll(path, bytes.substr(0, len));
      const char* needle = len < 22 ? "too short" : "end-of-central-directory";
      expectRejected(path, needle);
    }
  }

  void wrongMagicAndLegacyFormat() {
    std::string bytes = readAll(kFixtures + "/t5.pth");
    bytes.replace(0, 4, "XXXX");
    writeAll(tmpPath("magic.pth"), bytes);
    expectRejected(tmpPath("magic.pth"), "zip signature");
    // torch.save before 1.6: a bare pickle stream starting with the pickled magic number.
    writeAll(tmpPath("legacy.pth"),
             bin({0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, '.'}));
    expectRejected(tmpPath("legacy.pth"), "legacy torch.save format (PyTorch before 1.6");
    expectRejected(tmpPath("legacy.pth"), "re-save");
  }

  void corruptCentralDirectory() {
    const std::string bytes = readAll(kFixtures + "/t5.pth");
    const size_t eocd = bytes.rfind(std::string("PK\x05\x06", 4));
    QCOMPARE(get32(bytes, eocd - 20), 0x07064b50u);  // the ZIP64 locator
    const size_t z64 = get32(bytes, eocd - 12);
    QCOMPARE(get32(bytes, z64), 0x06064b50u);
    {  // a locator pointing nowhere
      std::string b = bytes;
      set32(b, eocd - 12, 12345);
      writeAll(tmpPath("z64_locator.pth"), b);
      expectRejected(tmpPath("z64_locator.pth"), "corrupt ZIP64 end-of-central-directory locator");
    }
    {  // a damaged entry header
      std::string b = bytes;
      const size_t h = centralHeaderOf(b, "t5/data/3");
      b.replace(h, 4, "JUNK");
      writeAll(tmpPath("cd_sig.pth"), b);
      expectRejected(tmpPath("cd_sig.pth"), "has no valid header");
    }
    {  // an entry count the directory cannot hold
      // torch.save always ends its archives with ZIP64 records, which take precedence.
      std::string b = bytes;
      set32(b, z64 + 24, 0x7fff);
      set32(b, z64 + 32, 0x7fff);
      writeAll(tmpPath("cd_count.pth"), b);
      expectRejected(tmpPath("cd_count.pth"), "cannot fit in a central directory");
    }
    {  // the directory offset beyond the file
      std::string b = bytes;
      set32(b, z64 + 48, 0x7fffff00);
      writeAll(tmpPath("cd_offset.pth"), b);
      expectRejected(tmpPath("cd_offset.pth"), "central directory (offset");
    }
    {  // an entry name longer than the directory
      std::string b = bytes;
      const size_t h = centralHeaderOf(b, "t5/version");
      b[h + 28] = '\xff';
      b[h + 29] = '\xff';
      writeAll(tmpPath("cd_name.pth"), b);
      expectRejected(tmpPath("cd_name.pth"), "runs past the end of the central directory");
    }
    {  // two entries with the same name
      auto path = t5With("dupentry.pth", [](std::vector<Record>& r) { r.push_back(r[1]); });
      expectRejected(path, "duplicate entry 't5/data/0'");
    }
  }

  void recordOutsideTheFile() {
    const std::string bytes = readAll(kFixtures + "/t5.pth");
    {  // local header offset past the end of the file
      std::string b = bytes;
      set32(b, centralHeaderOf(b, "t5/data/0") + 42, 0x7ffffff0);
      writeAll(tmpPath("offset_past_end.pth"), b);
      expectRejected(tmpPath("offset_past_end.pth"), "entry 't5/data/0' points at offset 2147483632");
    }
    {  // record size past the end of the data area
      std::string b = bytes;
      const size_t h = centralHeaderOf(b, "t5/data/12");
      set32(b, h + 20, 0x10000000);
      set32(b, h + 24, 0x10000000);
      writeAll(tmpPath("size_past_end.pth"), b);
      expectRejected(tmpPath("size_past_end.pth"), "the data of entry 't5/data/12'");
    }
    {  // local header offset pointing into the middle of another record
      std::string b = bytes;
      set32(b, centralHeaderOf(b, "t5/data/1") + 42, 5000);
      writeAll(tmpPath("offset_inside.pth"), b);
      expectRejected(tmpPath("offset_inside.pth"), "no local header");
    }
    {  // data.pkl bytes changed in place: the CRC catches it
      std::string b = bytes;
      const size_t at = b.find("token_embedding.weight");
      b[at] = 'T';
      writeAll(tmpPath("crc.pth"), b);
      expectRejected(tmpPath("crc.pth"), "fails its CRC-32 check");
    }
  }

  void malformedPickles() {
    // An opcode outside the allow-list (0xff), inserted right after PROTO.
    std::string pkl = t5Pkl_;
    pkl.insert(2, 1, '\xff');
    expectRejected(t5WithPickle("opcode.pth", pkl), "unsupported pickle opcode 0xff");
    // A real but unsupported opcode: INST ('i') would look up and call a class.
    pkl = t5Pkl_;
    pkl.insert(2, "i__builtin__\nobject\n");
    expectRejected(t5WithPickle("inst.pth", pkl), "unsupported pickle opcode 0x69 ('i')");
    // Cut in the middle.
    expectRejected(t5WithPickle("pkl_cut.pth", t5Pkl_.substr(0, t5Pkl_.size() / 2)), "truncated pickle");
    expectRejected(t5WithPickle("pkl_nostop.pth", t5Pkl_.substr(0, t5Pkl_.size() - 1)), "truncated pickle");
    // Hostile structure: deep nesting and a list containing itself.
    std::string deep = "\x80\x02";
    deep.append(100000, ']');
    deep.append(99999, 'a');
    deep += '.';
    expectRejected(pickleFile("deep.pth", deep), "nested deeper than");
    expectRejected(pickleFile("cycle.pth", std::string("\x80\x02]q\x00h\x00" "a.", 8)), "contain itself");
    expectRejected(pickleFile("memo.pth", std::string("\x80\x02h\x07.", 5)), "memo index 7");
    expectRejected(pickleFile("notdict.pth", std::string("\x80\x02K\x05.", 5)), "expected a state dict");
    // Two tensors under one name.
    pkl = t5Pkl_;
    QVERIFY(replaceOnce(pkl, std::string("X\x15\x00\x00\x00" "blocks.0.norm1.weight", 26),
                        std::string("X\x16\x00\x00\x00" "token_embedding.weight", 27)));
    expectRejected(t5WithPickle("dupkey.pth", pkl), "duplicate tensor name 'token_embedding.weight'");
  }

  void storageSmallerThanTensor() {
    const std::string view = bin({'K', 0, 'K', 64, 'K', 32, 0x86, 'q', 9});
    {  // the view reaches one element past storage "0" (offset 1, size (64, 32))
      std::string pkl = t5Pkl_;
      QVERIFY(replaceOnce(pkl, view, bin({'K', 1, 'K', 64, 'K', 32, 0x86, 'q', 9})));
      expectRejected(t5WithPickle("view_oob.pth", pkl),
                     "tensor 'token_embedding.weight' (offset 1, size (64, 32), stride (32, 1)) needs "
                     "more elements than its storage '0' holds (2048)");
    }
    {  // a huge stride
      std::string pkl = t5Pkl_;
      QVERIFY(replaceOnce(pkl, bin({'q', 9, 'K', 32, 'K', 1, 0x86}),
                          bin({'q', 9, 0x8a, 8, 0, 0, 0, 0, 0, 0, 0, 0x40, 'K', 1, 0x86})));
      expectRejected(t5WithPickle("stride_oob.pth", pkl), "needs more elements than its storage");
    }
    {  // the record holds half the bytes the storage declares
      auto path = t5With("short_record.pth", [](std::vector<Record>& r) {
        auto& rec = recordNamed(r, "t5/data/0");
        rec.data.resize(rec.data.size() / 2);
      });
      expectRejected(path, "storage '0' declares 2048 elements of F32 but its record 't5/data/0' holds 4096 bytes");
    }
    {  // a storage record that is missing
      auto path = t5With("no_record.pth", [](std::vector<Record>& r) {
        r.erase(std::find_if(r.begin(), r.end(), [](const Record& x) { return x.name == "t5/data/5"; }));
      });
      expectRejected(path, "its storage record 't5/data/5' is missing");
    }
  }

  // Every single-byte change to the zip structure (headers, directory, end records) and to the
  // pickle (re-packed with a valid CRC), and every pickle length: an IoError or a valid result,
  // never a crash or another exception. Every 4th position by default (the machine is shared);
  // IFEDIT_TORCHZIP_EXHAUSTIVE=1 tries them all.
  void mutationsNeverCrash() {
    c10::InferenceMode guard;
    const size_t step = qEnvironmentVariableIsSet("IFEDIT_TORCHZIP_EXHAUSTIVE") ? 1 : 4;
    const std::string bytes = readAll(kFixtures + "/t5.pth");
    auto survive = [](const std::string& path, int& rejected) {
      try {
        auto src = openTorchZip(path);
        for (const auto& t : src->tensors()) src->load(t.name, at::kFloat);
      } catch (const IoError& e) {
        ++rejected;
        if (e.file() != path) return false;
      } catch (const std::exception& e) {
        qWarning("%s", e.what());
        return false;
      }
      return true;
    };
    // Structure bytes: the local headers and everything from the central directory on.
    std::vector<size_t> positions;
    auto archive = zip::ZipArchive::open(kFixtures + "/t5.pth");
    for (const auto& e : archive->entries())
      for (size_t i = e.localHeaderOffset; i < e.localHeaderOffset + 30 + e.name.size(); ++i)
        positions.push_back(i);
    const size_t eocd = bytes.rfind(std::string("PK\x05\x06", 4));
    for (size_t i = get32(bytes, eocd + 16); i < bytes.size(); ++i) positions.push_back(i);
    const auto path = tmpPath("mutated.pth");
    int rejected = 0, tried = 0;
    for (size_t k = 0; k < positions.size(); k += step) {
      const size_t i = positions[k];
      std::string b = bytes;
      b[i] = static_cast<char>(b[i] ^ 0xff);
      writeAll(path, b);
      ++tried;
      QVERIFY2(survive(path, rejected), ("byte " + std::to_string(i)).c_str());
    }
    // Pickle bytes, and the pickle cut at every length.
    int pickleRejected = 0, pickleTried = 0;
    for (size_t i = 0; i < t5Pkl_.size(); i += step) {
      std::string pkl = t5Pkl_;
      pkl[i] = static_cast<char>(pkl[i] ^ 0xff);
      ++pickleTried;
      QVERIFY2(survive(t5WithPickle("mutated_pkl.pth", pkl), pickleRejected),
               ("pickle byte " + std::to_string(i)).c_str());
      if (i % (5 * step) == 0) {
        ++pickleTried;
        QVERIFY2(survive(t5WithPickle("cut_pkl.pth", t5Pkl_.substr(0, i)), pickleRejected),
                 ("pickle cut at " + std::to_string(i)).c_str());
      }
    }
    qInfo("structure: %d of %d mutations rejected; pickle: %d of %d", rejected, tried, pickleRejected,
          pickleTried);
    QVERIFY(rejected > 0 && rejected < tried && pickleRejected > 0 && pickleRejected < pickleTried);
  }

  void compressedRecords() {
    auto deflated = [](const std::string& data) {
      // qCompress = 4-byte length + zlib stream (2-byte header, raw deflate, 4-byte Adler-32).
      const QByteArray z = qCompress(QByteArray::fromStdString(data), 9);
      Record r;
      r.data = z.mid(6, z.size() - 10).toStdString();
      r.method = 8;
      r.uncompressedSize = data.size();
      r.crc = crcOf(data);
      return r;
    };
    // The fixture with record `name` stored deflated: refused, naming the record.
    auto expectDeflatedRejected = [&](const std::string& file, const std::string& name) {
      const auto path = t5With(file, [&](std::vector<Record>& r) {
        auto& rec = recordNamed(r, name);
        auto d = deflated(rec.data);
        d.name = rec.name;
        rec = d;
      });
      expectRejected(path, "record '" + name + "' is compressed (deflate)");
    };
    expectDeflatedRejected("deflated_pkl.pth", "t5/data.pkl");
    expectDeflatedRejected("deflated_data.pth", "t5/data/7");
  }
};

QTEST_MAIN(TestTorchZip)
#include "test_torchzip.moc"
