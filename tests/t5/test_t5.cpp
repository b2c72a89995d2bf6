// UMT5 encoder parity with wan/modules/t5.py on the tiny fixture (every recorded intermediate), and
// the tokenizer's cleaning / </s> / padding / truncation behaviour on a small SentencePiece model.
#include <ATen/core/Tensor.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/tensor.h>
#include <c10/core/InferenceMode.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <fstream>
#include <QtTest>

#include <algorithm>
#include <memory>

#include "api/cancel.h"
#include "io/safetensors.h"
#include "io/weight_source.h"
#include "models/t5/sentencepiece_unigram.h"
#include "models/t5/tokenizer.h"
#include "models/t5/umt5.h"

using namespace ifedit;

namespace {

const std::string kFixtures = IFEDIT_FIXTURES_DIR;
const std::string kTokenizerModel = std::string(IFEDIT_TEST_DATA_DIR) + "/t5/spiece.model";

std::unique_ptr<io::WeightSource> openWeights(const std::string& file) {
  return io::weightsFrom(std::shared_ptr<const io::TensorSource>(io::openTensorFile(kFixtures + "/" + file)));
}

// The project tolerance for float32 parity: max|out-ref| <= 1e-4 * max(1, max|ref|).
void expectClose(const char* what, const at::Tensor& out, const at::Tensor& ref, double relTol = 1e-4) {
  QVERIFY2(out.defined(), what);
  QVERIFY2(out.sizes() == ref.sizes(), (std::string(what) + ": shape differs from the reference").c_str());
  const at::Tensor o = out.to(c10::kDouble), r = ref.to(c10::kDouble);
  const double err = o.sub(r).abs().max().item<double>();
  const double scale = std::max(1.0, r.abs().max().item<double>());
  const double tol = relTol * scale;
  qInfo("%-22s max|out-ref| = %.3g  (tolerance %.3g, max|ref| = %.3g)", what, err, tol, scale);
  QVERIFY2(err <= tol, (std::string(what) + ": outside tolerance").c_str());
}

// Hides one key of another source, to see that a missing weight is reported by name.
class WithoutKey final : public io::WeightSource {
 public:
  WithoutKey(const io::WeightSource& inner, std::string hidden) : inner_(inner), hidden_(std::move(hidden)) {}
  std::string describe() const override { return inner_.describe() + " (without " + hidden_ + ")"; }
  std::vector<std::string> names() const override {
    auto n = inner_.names();
    n.erase(std::remove(n.begin(), n.end(), hidden_), n.end());
    return n;
  }
  std::optional<std::vector<int64_t>> shapeOf(const std::string& name) const override {
    return name == hidden_ ? std::nullopt : inner_.shapeOf(name);
  }
  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const override {
    if (name == hidden_) throw io::IoError(describe(), "no weight named '" + name + "'");
    return inner_.load(name, dtype, device);
  }

 private:
  const io::WeightSource& inner_;
  std::string hidden_;
};

std::vector<int64_t> withEos(std::vector<int64_t> ids) {
  ids.push_back(t5::Umt5Tokenizer::kEosId);
  return ids;
}

std::vector<int64_t> row(const at::Tensor& t, int64_t b) {
  const at::Tensor r = t[b].contiguous();
  return {r.data_ptr<int64_t>(), r.data_ptr<int64_t>() + r.numel()};
}

}  // namespace

class TestT5 : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<io::TensorSource> io_;
  std::unique_ptr<io::WeightSource> weights_;
  std::unique_ptr<t5::Umt5Encoder> encoder_;

  at::Tensor ref(const std::string& name) { return io_->load(name); }

 private Q_SLOTS:
  void initTestCase() {
    io_ = io::openSafetensors(kFixtures + "/t5_io.safetensors");
    weights_ = openWeights("t5.safetensors");
    encoder_ = std::make_unique<t5::Umt5Encoder>(t5::Umt5Config::fromWeights(*weights_));
    encoder_->load(*weights_, c10::kFloat, c10::kCPU);
  }

  // ---- encoder -------------------------------------------------------------------------------

  void configIsReadFromTheWeights() {
    QFile f(QString::fromStdString(kFixtures + "/manifest.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject m = QJsonDocument::fromJson(f.readAll()).object()["configs"].toObject()["t5"].toObject();
    const auto& c = encoder_->config();
    QCOMPARE(c.vocab, m["vocab"].toInteger());
    QCOMPARE(c.dim, m["dim"].toInteger());
    QCOMPARE(c.dimAttn, m["dim_attn"].toInteger());
    QCOMPARE(c.dimFfn, m["dim_ffn"].toInteger());
    QCOMPARE(c.numHeads, m["num_heads"].toInteger());
    QCOMPARE(c.numLayers, m["num_layers"].toInteger());
    QCOMPARE(c.numBuckets, m["num_buckets"].toInteger());
    QVERIFY(!m["shared_pos"].toBool());
    QCOMPARE(encoder_->parameterSpecs().size(), weights_->names().size());
  }

  // wan/modules/t5.py umt5_xxl: vocab 256384, dim 4096, ffn 10240, 64 heads, 24 layers, 32 buckets.
  void realModelLayout() {
    const t5::Umt5Encoder xxl(t5::Umt5Config::umt5Xxl());
    const auto specs = xxl.parameterSpecs();
    QCOMPARE(specs.size(), size_t(1 + 24 * 10 + 1));
    QCOMPARE(specs.front().name, std::string("token_embedding.weight"));
    QCOMPARE(specs.front().shape, (std::vector<int64_t>{256384, 4096}));
    const auto pos = std::find_if(specs.begin(), specs.end(), [](const io::ParamSpec& s) {
      return s.name == "blocks.23.pos_embedding.embedding.weight";
    });
    QVERIFY(pos != specs.end());
    QCOMPARE(pos->shape, (std::vector<int64_t>{32, 64}));
    QCOMPARE(xxl.config().headDim(), int64_t(64));
  }

  void bucketTableMatchesReference() {
    c10::InferenceMode guard;
    const at::Tensor buckets = t5::relativePositionBucket(ref("bucket.rel_pos"), 32, 128);
    const at::Tensor expected = ref("bucket.bidirectional_nb32_md128");
    QCOMPARE(buckets.scalar_type(), c10::kLong);
    QVERIFY(at::equal(buckets, expected));
    qInfo("bucket table: %lld relative positions, all equal", static_cast<long long>(expected.numel()));
  }

  void forwardMatchesEveryIntermediate() {
    t5::Umt5Trace trace;
    const at::Tensor out = encoder_->forward(ref("ids"), ref("mask"), &trace);
    expectClose("token_embed", trace.tokenEmbed, ref("token_embed"));
    QCOMPARE(trace.posBias.size(), size_t(2));
    expectClose("block0.pos_bias", trace.posBias[0], ref("block0.pos_bias"));
    QCOMPARE(trace.blockOut.size(), size_t(2));
    expectClose("block0.out", trace.blockOut[0], ref("block0.out"));
    expectClose("block1.out", trace.blockOut[1], ref("block1.out"));
    expectClose("out (all positions)", out, ref("out"));
  }

  // Esc during text encoding stops before the next block (UMT5-XXL takes seconds per prompt on a
  // CPU); a token not cancelled changes nothing.
  void cancellationStopsBetweenBlocks() {
    ifedit::CancelToken token;
    expectClose("out (token not cancelled)", encoder_->forward(ref("ids"), ref("mask"), nullptr, &token), ref("out"));
    token.cancel();
    QVERIFY_THROWS_EXCEPTION(ifedit::Cancelled, encoder_->forward(ref("ids"), ref("mask"), nullptr, &token));
    QVERIFY_THROWS_EXCEPTION(ifedit::Cancelled, encoder_->encode(ref("ids"), ref("mask"), &token));
  }

  void encodeKeepsOnlyRealTokens() {
    const at::Tensor ids = ref("ids"), mask = ref("mask"), out = ref("out");
    const auto contexts = encoder_->encode(ids, mask);
    QCOMPARE(contexts.size(), size_t(ids.size(0)));
    for (int64_t b = 0; b < ids.size(0); ++b) {
      const int64_t len = mask[b].gt(0).sum().item<int64_t>();
      QVERIFY(len > 0 && len < ids.size(1));  // the fixture pads both rows
      QCOMPARE(contexts[b].size(0), len);
      QCOMPARE(contexts[b].size(1), encoder_->config().dim);
      expectClose(b == 0 ? "encode[0]" : "encode[1]", contexts[b], out[b].slice(0, 0, len));
    }
  }

  void torchZipCheckpointGivesTheSameOutput() {
    const auto pth = openWeights("t5.pth");
    t5::Umt5Encoder enc(t5::Umt5Config::fromWeights(*pth));
    enc.load(*pth);
    expectClose("out from t5.pth", enc.forward(ref("ids"), ref("mask")), ref("out"));
  }

  // The official CUDA path keeps weights and activations in bfloat16; on the fixture the bf16 run
  // must stay near the f32 reference (bf16 has 8 significant bits).
  void bfloat16WeightsStayNearReference() {
    const auto bf16 = openWeights("t5_bf16.pth");
    t5::Umt5Encoder enc(t5::Umt5Config::fromWeights(*bf16));
    enc.load(*bf16, c10::kBFloat16, c10::kCPU);
    const at::Tensor out = enc.forward(ref("ids"), ref("mask"));
    QCOMPARE(out.scalar_type(), c10::kBFloat16);
    expectClose("out bf16 (5e-2 tol)", out, ref("out"), 5e-2);
  }

  void missingWeightIsNamed() {
    const WithoutKey partial(*weights_, "blocks.1.attn.k.weight");
    t5::Umt5Encoder enc(encoder_->config());
    try {
      enc.load(partial);
      QFAIL("loaded an encoder with a missing weight");
    } catch (const io::IoError& e) {
      qInfo("%s", e.what());
      QVERIFY(std::string(e.what()).find("blocks.1.attn.k.weight") != std::string::npos);
    }
    QVERIFY(!enc.isLoaded());
    const WithoutKey noPos(*weights_, "blocks.0.pos_embedding.embedding.weight");
    try {
      t5::Umt5Config::fromWeights(noPos);
      QFAIL("inferred a config without the position bias table");
    } catch (const io::IoError& e) {
      QVERIFY(std::string(e.what()).find("blocks.0.pos_embedding.embedding.weight") != std::string::npos);
    }
  }

  void wrongConfigIsRejected() {
    auto c = encoder_->config();
    c.dimFfn = 128;
    t5::Umt5Encoder enc(c);
    try {
      enc.load(*weights_);
      QFAIL("loaded weights of another shape");
    } catch (const io::IoError& e) {
      QVERIFY(std::string(e.what()).find("ffn.fc1.weight") != std::string::npos);
    }
  }

  void badInputIsRejected() {
    const at::Tensor ids = ref("ids"), mask = ref("mask");
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encoder_->forward(ids.add(64), mask));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encoder_->forward(ids, mask.slice(1, 0, 8)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encoder_->forward(ids[0], mask[0]));
    t5::Umt5Encoder unloaded(encoder_->config());
    QVERIFY_THROWS_EXCEPTION(std::logic_error, unloaded.forward(ids, mask));
  }

  // ---- tokenizer -----------------------------------------------------------------------------

  void cleaning_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("whitespace runs") << "  a red \t\n  fox\r\njumps  " << "a red fox jumps";
    QTest::newRow("unicode spaces") << QString::fromUtf8("a\u00a0b\u3000c\u2029d") << "a b c d";
    QTest::newRow("zero width is not space") << QString::fromUtf8("a\u200bb") << QString::fromUtf8("a\u200bb");
    QTest::newRow("only spaces") << QString::fromUtf8(" \t\u00a0\n ") << "";
    QTest::newRow("named entities") << "fish &amp; chips &lt;3 &quot;x&quot;" << "fish & chips <3 \"x\"";
    QTest::newRow("three levels without <") << "&amp;amp;amp;" << "&";
    QTest::newRow("two levels with <") << "<&amp;amp;amp;" << "<&amp;";
    QTest::newRow("numeric references") << "&#65;&#x42;&#67 &#128;" << QString::fromUtf8("ABC \u20ac");
    QTest::newRow("legacy prefix") << "&ampx &lt" << "&x <";
    QTest::newRow("unknown entity") << "&foo; & bar" << "&foo; & bar";
    QTest::newRow("entity space") << "a&nbsp;&nbsp;b" << "a b";
    QTest::newRow("curly quotes") << QString::fromUtf8("\u201cit\u2019s\u201d") << "\"it's\"";
  }

  void cleaning() {
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(t5::Umt5Tokenizer::clean(input.toStdString())), expected);
  }

  // The official cleaning (ftfy.fix_text, html.unescape twice, whitespace) applied by the real
  // libraries to prompts users and VLMs write: full-width punctuation, HTML entities, ligatures,
  // control characters, terminal escapes, NFC (tests/data/t5/make_clean_reference.py).
  void cleaningMatchesTheOfficialLibraries() {
    QFile f(QString::fromStdString(std::string(IFEDIT_TEST_DATA_DIR) + "/t5/clean_reference.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray pairs = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("pairs")).toArray();
    QVERIFY(pairs.size() >= 19);
    int failed = 0;
    for (const QJsonValue& v : pairs) {
      const QString input = v.toObject().value(QStringLiteral("input")).toString();
      const QString expected = v.toObject().value(QStringLiteral("expected")).toString();
      const QString got = QString::fromStdString(t5::Umt5Tokenizer::clean(input.toStdString()));
      if (got != expected) {
        ++failed;
        qWarning("input    %s\nexpected %s\ngot      %s", qPrintable(input), qPrintable(expected), qPrintable(got));
      }
    }
    QCOMPARE(failed, 0);
  }

  void invalidUtf8BecomesReplacementCharacter() {
    QCOMPARE(QString::fromStdString(t5::Umt5Tokenizer::clean("a\xff" "b\xe2\x82")),
             QString::fromUtf8("a\ufffdb\ufffd"));
  }

  // Our SentencePiece reader against ids printed by sentencepiece 0.1.97's spm_encode.
  void sentencePieceMatchesReference() {
    const t5::SentencePieceUnigram sp(kTokenizerModel);
    QCOMPARE(sp.pieceCount(), int64_t(300));
    QCOMPARE(sp.padId(), int64_t(0));
    QCOMPARE(sp.eosId(), int64_t(1));
    QCOMPARE(sp.unkId(), int64_t(2));
    QFile f(QString::fromStdString(std::string(IFEDIT_TEST_DATA_DIR) + "/t5/spm_reference.tsv"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    int cases = 0, mismatches = 0;
    while (!f.atEnd()) {
      const QByteArray line = f.readLine().chopped(1);
      const auto cols = line.split('\t');
      QCOMPARE(cols.size(), qsizetype(2));
      const QByteArray text = QByteArray::fromHex(cols[0]);
      std::vector<int64_t> expected;
      for (const auto& id : cols[1].split(' '))
        if (!id.isEmpty()) expected.push_back(id.toLongLong());
      const auto got = sp.encode(std::string_view(text.constData(), size_t(text.size())));
      ++cases;
      if (got != expected) {
        ++mismatches;
        qWarning("mismatch for input %s", cols[0].constData());
      }
    }
    qInfo("SentencePiece: %d reference inputs, %d mismatches", cases, mismatches);
    QVERIFY(cases >= 400);
    QCOMPARE(mismatches, 0);
  }

  void eosAppendedAndPadded() {
    const t5::Umt5Tokenizer tok(kTokenizerModel, 32);
    QCOMPARE(tok.textLen(), int64_t(32));
    QVERIFY(tok.vocabSize() > 3);
    const std::string text = "  The red fox   jumps over the dog. ";
    const auto pieces = tok.encodePieces(t5::Umt5Tokenizer::clean(text));
    QVERIFY(pieces.size() > 3 && pieces.size() < 31);
    QCOMPARE(tok.decode(pieces), std::string("The red fox jumps over the dog."));
    QVERIFY(std::none_of(pieces.begin(), pieces.end(), [](int64_t id) { return id == 0 || id == 1; }));
    QCOMPARE(tok.tokenize(text), withEos(pieces));

    const auto batch = tok({text, "a fox"});
    QCOMPARE(batch.ids.sizes(), (c10::IntArrayRef{2, 32}));
    QCOMPARE(batch.mask.sizes(), (c10::IntArrayRef{2, 32}));
    QCOMPARE(batch.ids.scalar_type(), c10::kLong);
    for (int64_t b = 0; b < 2; ++b) {
      const auto expected = tok.tokenize(b == 0 ? text : "a fox");
      const auto ids = row(batch.ids, b), mask = row(batch.mask, b);
      const auto n = static_cast<std::ptrdiff_t>(expected.size());
      QVERIFY(std::equal(expected.begin(), expected.end(), ids.begin()));
      QVERIFY(std::all_of(ids.begin() + n, ids.end(), [](int64_t v) { return v == 0; }));
      QVERIFY(std::all_of(mask.begin(), mask.begin() + n, [](int64_t v) { return v == 1; }));
      QVERIFY(std::all_of(mask.begin() + n, mask.end(), [](int64_t v) { return v == 0; }));
    }
  }

  void truncationKeepsEos() {
    const std::string text = "A red fox jumps over the sleeping dog in a quiet green meadow.";
    const t5::Umt5Tokenizer full(kTokenizerModel, 512);
    const auto pieces = full.encodePieces(t5::Umt5Tokenizer::clean(text));
    const auto n = static_cast<int64_t>(pieces.size());
    QVERIFY(n > 8);

    // Exactly text_len - 1 pieces: nothing is cut, the row is full.
    const t5::Umt5Tokenizer exact(kTokenizerModel, n + 1);
    QCOMPARE(exact.tokenize(text), withEos(pieces));
    QCOMPARE(row(exact({text}).mask, 0), std::vector<int64_t>(size_t(n + 1), 1));

    // One piece too many: the last piece goes, </s> stays.
    for (int64_t len : {n, int64_t(8), int64_t(1)}) {
      const t5::Umt5Tokenizer tok(kTokenizerModel, len);
      const auto ids = tok.tokenize(text);
      QCOMPARE(int64_t(ids.size()), len);
      QCOMPARE(ids.back(), t5::Umt5Tokenizer::kEosId);
      QVERIFY(std::equal(ids.begin(), ids.end() - 1, pieces.begin()));
      const auto batch = tok({text});
      QCOMPARE(row(batch.ids, 0), ids);
      QCOMPARE(row(batch.mask, 0), std::vector<int64_t>(size_t(len), 1));
    }
  }

  void emptyTextIsOnlyEos() {
    const t5::Umt5Tokenizer tok(kTokenizerModel, 6);
    for (const char* text : {"", "  \n\t ", "&nbsp;"}) {
      QCOMPARE(tok.tokenize(text), std::vector<int64_t>{1});
      const auto batch = tok({text});
      QCOMPARE(row(batch.ids, 0), (std::vector<int64_t>{1, 0, 0, 0, 0, 0}));
      QCOMPARE(row(batch.mask, 0), (std::vector<int64_t>{1, 0, 0, 0, 0, 0}));
    }
    const auto none = tok(std::vector<std::string>{});
    QCOMPARE(none.ids.sizes(), (c10::IntArrayRef{0, 6}));
  }

  void unknownCharactersMapToUnk() {
    const t5::Umt5Tokenizer tok(kTokenizerModel, 64);
    // CJK never occurs in the training corpus; NFKC folds the full-width letters and the ligature.
    const auto ids = tok.tokenize("red 日本 fox");
    QVERIFY(std::count(ids.begin(), ids.end(), int64_t(2)) == 1);  // a run of unknowns is one <unk>
    QCOMPARE(tok.tokenize("ＲＥＤ ﬁsh"), tok.tokenize("RED fish"));
    QVERIFY(std::all_of(ids.begin(), ids.end(), [&](int64_t id) { return id >= 0 && id < tok.vocabSize(); }));
  }

  void modelIsFoundInAFolder() {
    const t5::Umt5Tokenizer byFolder(std::string(IFEDIT_TEST_DATA_DIR) + "/t5", 16);
    QCOMPARE(byFolder.modelPath(), kTokenizerModel);
    QCOMPARE(byFolder.tokenize("a red fox"), t5::Umt5Tokenizer(kTokenizerModel, 16).tokenize("a red fox"));
    // A ComfyUI text encoder embeds the model as bytes: read from memory (no temporary file),
    // errors naming where the bytes came from.
    std::ifstream in(kTokenizerModel, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto fromBytes = t5::Umt5Tokenizer::fromModelBytes(bytes, "umt5_xxl_fp16.safetensors (spiece_model)", 16);
    QCOMPARE(fromBytes.tokenize("a red fox"), byFolder.tokenize("a red fox"));
    try {
      t5::Umt5Tokenizer::fromModelBytes(bytes.substr(0, bytes.size() / 3), "umt5_xxl_fp16.safetensors (spiece_model)");
      QFAIL("read a cut-off model");
    } catch (const io::IoError& e) {
      QCOMPARE(e.file(), std::string("umt5_xxl_fp16.safetensors (spiece_model)"));
    }
  }

  void badModelsAreReportedByPath() {
    QTemporaryDir dir;
    const std::string empty = dir.path().toStdString();
    try {
      t5::Umt5Tokenizer tok(empty);
      QFAIL("opened a folder without spiece.model");
    } catch (const io::IoError& e) {
      QCOMPARE(e.file(), empty + "/spiece.model");
    }
    const std::string junk = empty + "/junk.model";
    {
      QFile f(QString::fromStdString(junk));
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("not a sentencepiece model");
    }
    try {
      t5::Umt5Tokenizer tok(junk);
      QFAIL("opened a file that is not a SentencePiece model");
    } catch (const io::IoError& e) {
      QCOMPARE(e.file(), junk);
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, t5::Umt5Tokenizer(kTokenizerModel, 0));
  }
};

QTEST_MAIN(TestT5)
#include "test_t5.moc"
