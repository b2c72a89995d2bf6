// Safetensors reading and writing: the fixtures, every dtype, shards, and every malformed header.
#include <ATen/core/Tensor.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/tensor.h>
#include <c10/core/InferenceMode.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

#include "io/raw_tensor.h"
#include "io/safetensors.h"
#include "io/weight_source.h"
#include "tests/common/byte_files.h"

using namespace ifedit::io;
using ifedit::testfiles::readAll;
using ifedit::testfiles::writeAll;

namespace {

const std::string kFixtures = IFEDIT_FIXTURES_DIR;

// A safetensors file with the given header text and data bytes.
std::string makeFile(const std::string& header, const std::string& data) {
  std::string out(8, '\0');
  uint64_t len = header.size();
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((len >> (8 * i)) & 0xff);
  return out + header + data;
}

// Expects openSafetensors to throw an IoError naming the file and containing `needle`.
void expectRejected(const std::string& path, const std::string& needle) {
  try {
    openSafetensors(path);
  } catch (const IoError& e) {
    const std::string what = e.what();
    QVERIFY2(what.find(path) != std::string::npos, what.c_str());
    QVERIFY2(what.find(needle) != std::string::npos, ("'" + needle + "' not in: " + what).c_str());
    return;
  }
  QFAIL(("accepted a malformed file, expected: " + needle).c_str());
}

}  // namespace

class TestIo : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  std::string tmp(const char* name) { return (tmp_.path() + "/" + name).toStdString(); }

 private Q_SLOTS:
  void readsFixtureHeaders() {
    auto src = openSafetensors(kFixtures + "/dit_i2v.safetensors");
    QCOMPARE(QString::fromStdString(src->format()), QStringLiteral("safetensors"));
    const auto* w = src->find("patch_embedding.weight");
    QVERIFY(w);
    QCOMPARE(w->dtype, DType::F32);
    QCOMPARE(w->shape, (std::vector<int64_t>{64, 36, 1, 2, 2}));
    QCOMPARE(w->byteSize, uint64_t(64 * 36 * 4 * 4));
    auto bf = openSafetensors(kFixtures + "/dit_i2v_bf16.safetensors");
    QCOMPARE(bf->tensors().size(), src->tensors().size());
    QCOMPARE(bf->find("patch_embedding.weight")->dtype, DType::BF16);
  }

  void loadsIntoRequestedDtype() {
    c10::InferenceMode guard;
    auto bf = openSafetensors(kFixtures + "/dit_i2v_bf16.safetensors");
    auto stored = bf->load("blocks.0.ffn.0.weight");
    QCOMPARE(stored.scalar_type(), c10::ScalarType::BFloat16);
    auto widened = bf->load("blocks.0.ffn.0.weight", c10::ScalarType::Float);
    QCOMPARE(widened.scalar_type(), c10::ScalarType::Float);
    QVERIFY(at::equal(widened, stored.to(c10::ScalarType::Float)));
    auto io = openSafetensors(kFixtures + "/dit_io.safetensors");
    auto seq = io->load("i2v.seq_len");
    QCOMPARE(seq.scalar_type(), c10::ScalarType::Long);
    QCOMPARE(seq.item<int64_t>(), int64_t(45));  // F*H*W/4 = 3*6*10/4, stated in the manifest
    auto img = openSafetensors(kFixtures + "/e2e.safetensors")->load("image_u8");
    QCOMPARE(img.scalar_type(), c10::ScalarType::Byte);
    QCOMPARE(img.sizes().vec(), (std::vector<int64_t>{30, 45, 3}));
  }

  void writeThenReadRoundTrips() {
    c10::InferenceMode guard;
    std::vector<std::pair<std::string, at::Tensor>> tensors = {
        {"f32", at::arange(12, at::kFloat).view({3, 4}).div(7.0)},
        {"f64", at::arange(5, at::kDouble)},
        {"f16", at::arange(6, at::kFloat).to(at::kHalf)},
        {"bf16", at::arange(6, at::kFloat).to(at::kBFloat16)},
        {"i64", at::arange(3, at::kLong)},
        {"i32", at::arange(3, at::kInt)},
        {"i16", at::arange(3, at::kShort)},
        {"i8", at::arange(3, at::kChar)},
        {"u8", at::arange(3, at::kByte)},
        {"bool", at::arange(4, at::kLong).remainder(2).to(at::kBool)},
        {"strided", at::arange(12, at::kFloat).view({3, 4}).t()},
        {"empty", at::arange(0, at::kFloat).view({0, 5})},
    };
    const auto path = tmp("round.safetensors");
    writeSafetensors(path, tensors, {{"format", "pt"}});
    auto src = openSafetensors(path);
    QCOMPARE(src->tensors().size(), tensors.size());
    for (const auto& [name, t] : tensors) {
      auto back = src->load(name);
      QVERIFY2(back.scalar_type() == t.scalar_type(), name.c_str());
      QVERIFY2(at::equal(back, t.contiguous()), name.c_str());
    }
    QCOMPARE(src->metadata().size(), size_t(1));
    QCOMPARE(QString::fromStdString(src->metadata()[0].second), QStringLiteral("pt"));
    QVERIFY(!QFile::exists(QString::fromStdString(path + ".tmp")));
    // Loaded tensors are private copies-on-write: writing to one leaves the file as it was.
    auto a = src->load("f32");
    a.fill_(42);
    QVERIFY(at::equal(openSafetensors(path)->load("f32"), tensors[0].second));
  }

  void decodesFloat8Exactly() {
    QCOMPARE(decodeF8E4M3(0x00), 0.0f);
    QCOMPARE(decodeF8E4M3(0x38), 1.0f);    // exponent 7 = bias
    QCOMPARE(decodeF8E4M3(0x7e), 448.0f);  // largest finite e4m3fn
    QCOMPARE(decodeF8E4M3(0xfe), -448.0f);
    QCOMPARE(decodeF8E4M3(0x01), 0.001953125f);  // smallest subnormal 2^-9
    QVERIFY(std::isnan(decodeF8E4M3(0x7f)));
    QCOMPARE(decodeF8E5M2(0x3c), 1.0f);
    QCOMPARE(decodeF8E5M2(0x7b), 57344.0f);
    QVERIFY(std::isinf(decodeF8E5M2(0x7c)));
    // An F8 tensor in a file loads as float32 on torch builds without float8.
    const std::string header = R"({"w":{"dtype":"F8_E4M3","shape":[2,2],"data_offsets":[0,4]}})";
    const auto path = tmp("f8.safetensors");
    writeAll(path, makeFile(header, std::string("\x38\x40\xb8\x00", 4)));
    auto t = openSafetensors(path)->load("w", c10::ScalarType::Float);
    QCOMPARE(t.scalar_type(), c10::ScalarType::Float);
    QVERIFY(at::equal(t, at::tensor({1.0f, 2.0f, -1.0f, 0.0f}).view({2, 2})));
  }

  void acceptsZeroSizeTensorsSharingAnOffset() {
    // ComfyUI fp8_scaled files carry an empty `scaled_fp8` marker at the offset of a real tensor.
    const std::string header =
        R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"scaled_fp8":{"dtype":"F8_E4M3","shape":[0],"data_offsets":[0,0]}})";
    const auto path = tmp("marker.safetensors");
    writeAll(path, makeFile(header, std::string(8, '\0')));
    auto src = openSafetensors(path);
    QCOMPARE(src->tensors().size(), size_t(2));
    QCOMPARE(src->load("scaled_fp8", c10::ScalarType::Float).numel(), int64_t(0));
  }

  void readsMisalignedData() {
    // A header whose length is not a multiple of 8 leaves the data misaligned: still read exactly.
    const std::string header = R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    QVERIFY((8 + header.size()) % 4 != 0);
    float values[2] = {1.5f, -2.25f};
    const auto path = tmp("misaligned.safetensors");
    writeAll(path, makeFile(header, std::string(reinterpret_cast<const char*>(values), 8)));
    c10::InferenceMode guard;
    QVERIFY(at::equal(openSafetensors(path)->load("x"), at::tensor({1.5f, -2.25f})));
  }

  void readsShardsThroughIndex() {
    c10::InferenceMode guard;
    auto a = at::arange(4, at::kFloat), b = at::arange(6, at::kFloat).view({2, 3});
    writeSafetensors(tmp("model-00001-of-00002.safetensors"), {{"a", a}});
    writeSafetensors(tmp("model-00002-of-00002.safetensors"), {{"b", b}});
    writeAll(tmp("model.safetensors.index.json"),
             R"({"metadata":{"total_size":40},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors"}})");
    auto src = openTensorFile(tmp("model.safetensors.index.json"));
    QCOMPARE(QString::fromStdString(src->format()), QStringLiteral("safetensors-sharded"));
    QCOMPARE(src->tensors().size(), size_t(2));
    QVERIFY(at::equal(src->load("b"), b));
    // An index naming a tensor its shard lacks, or a shard that is missing, is an error.
    writeAll(tmp("bad.safetensors.index.json"), R"({"weight_map":{"c":"model-00001-of-00002.safetensors"}})");
    QVERIFY_THROWS_EXCEPTION(IoError, openTensorFile(tmp("bad.safetensors.index.json")));
    writeAll(tmp("gone.safetensors.index.json"), R"({"weight_map":{"a":"nowhere.safetensors"}})");
    QVERIFY_THROWS_EXCEPTION(IoError, openTensorFile(tmp("gone.safetensors.index.json")));
    writeAll(tmp("escape.safetensors.index.json"), R"({"weight_map":{"a":"../etc/passwd"}})");
    QVERIFY_THROWS_EXCEPTION(IoError, openTensorFile(tmp("escape.safetensors.index.json")));
  }

  void rejectsMalformedFiles_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("needle");
    const auto ok = [](const std::string& h, size_t dataBytes) {
      return QByteArray::fromStdString(makeFile(h, std::string(dataBytes, '\0')));
    };
    const std::string good = R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    QTest::newRow("empty") << QByteArray() << "truncated";
    QTest::newRow("short") << QByteArray("\x10\x00\x00", 3) << "truncated";
    QTest::newRow("zero header") << QByteArray(8, '\0') << "header length is 0";
    QTest::newRow("header past end") << QByteArray::fromStdString(makeFile(good, "")).left(30) << "past the end";
    QTest::newRow("huge header") << QByteArray("\xff\xff\xff\xff\xff\xff\xff\x7f{}", 10) << "exceeds";
    QTest::newRow("not json") << ok("{nope", 0) << "not valid UTF-8 JSON";
    QTest::newRow("bad utf8") << ok("{\"\xff\xfe\":1}", 0) << "not valid UTF-8 JSON";
    QTest::newRow("not object") << ok("[1,2]", 0) << "not a JSON object";
    QTest::newRow("duplicate") << ok(R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8) << "duplicate tensor name 'x'";
    QTest::newRow("unknown dtype") << ok(R"({"x":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}})", 16) << "unknown dtype 'F128'";
    QTest::newRow("no dtype") << ok(R"({"x":{"shape":[1],"data_offsets":[0,4]}})", 4) << "'dtype'";
    QTest::newRow("negative shape") << ok(R"({"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4) << "non-negative";
    QTest::newRow("offsets reversed") << ok(R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", 4) << "< begin";
    QTest::newRow("offsets past data") << ok(R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 4) << "run past the data area";
    QTest::newRow("size mismatch") << ok(R"({"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8) << "needs 12";
    QTest::newRow("overlap") << ok(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12) << "overlap";
    QTest::newRow("overlap past a short one") << ok(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"c":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})", 16) << "overlap";
    QTest::newRow("bad metadata") << ok(R"({"__metadata__":{"k":1}})", 0) << "__metadata__";
    QTest::newRow("offsets not pair") << ok(R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", 4) << "data_offsets";
    QTest::newRow("overflowing shape") << ok(R"({"x":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,4]}})", 4) << "too large";
  }

  void rejectsMalformedFiles() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, needle);
    const auto path = tmp("bad.safetensors");
    writeAll(path, bytes.toStdString());
    expectRejected(path, needle.toStdString());
  }

  void truncatedFixtureIsRejectedAtEveryLength() {
    const auto bytes = readAll(kFixtures + "/t5.safetensors");
    const auto path = tmp("cut.safetensors");
    for (size_t cut : {size_t(0), size_t(4), size_t(8), size_t(100), bytes.size() / 2, bytes.size() - 1}) {
      writeAll(path, bytes.substr(0, cut));
      QVERIFY_THROWS_EXCEPTION(IoError, openSafetensors(path));
    }
  }

  void openTensorFileRecognisesFormats() {
    QVERIFY_THROWS_EXCEPTION(IoError, openTensorFile(tmp("does-not-exist.safetensors")));
    writeAll(tmp("junk.bin"), "GIF89a this is not a checkpoint");
    try {
      openTensorFile(tmp("junk.bin"));
      QFAIL("junk accepted");
    } catch (const IoError& e) {
      QVERIFY(std::string(e.what()).find("unrecognised file") != std::string::npos);
    }
    writeAll(tmp("legacy.pth"), std::string("\x80\x02\x8a\x0a", 4));
    try {
      openTensorFile(tmp("legacy.pth"));
      QFAIL("legacy accepted");
    } catch (const IoError& e) {
      QVERIFY(std::string(e.what()).find("legacy") != std::string::npos);
    }
  }

  void verifyWeightsListsProblems() {
    std::shared_ptr<const TensorSource> src = openSafetensors(kFixtures + "/t5.safetensors");
    auto weights = weightsFrom(src);
    std::vector<ParamSpec> expected;
    for (const auto& t : src->tensors()) expected.push_back({t.name, t.shape});
    verifyWeights(*weights, expected, "UMT5");  // exact match: no throw
    auto wrong = expected;
    wrong[0].shape = {1, 2};
    wrong.pop_back();
    wrong.push_back({"blocks.9.extra.weight", {3}});
    try {
      verifyWeights(*weights, wrong, "UMT5");
      QFAIL("mismatch accepted");
    } catch (const IoError& e) {
      const std::string what = e.what();
      QVERIFY2(what.find("1 missing: blocks.9.extra.weight") != std::string::npos, what.c_str());
      QVERIFY2(what.find("1 unexpected: " + expected.back().name) != std::string::npos, what.c_str());
      QVERIFY2(what.find("misshapen: " + expected[0].name) != std::string::npos, what.c_str());
    }
    // Prefix stripping as ComfyUI files need.
    c10::InferenceMode guard;
    const auto path = tmp("prefixed.safetensors");
    writeSafetensors(path, {{"model.diffusion_model.a.weight", at::arange(3, at::kFloat)}});
    auto stripped = weightsFrom(openSafetensors(path), "model.diffusion_model.");
    QCOMPARE(stripped->names(), std::vector<std::string>{"a.weight"});
    QVERIFY(at::equal(stripped->load("a.weight", at::kDouble, c10::kCPU), at::arange(3, at::kDouble)));
  }
};

QTEST_GUILESS_MAIN(TestIo)
#include "test_io.moc"
