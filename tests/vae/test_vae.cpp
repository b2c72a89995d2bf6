// The Wan 2.1 VAE against the official WanVAE_ / Wan2_1_VAE outputs in vae_io.safetensors
// (tiny dim-4 model, random weights in vae.safetensors), plus streaming, causality, bad input,
// cancellation and weight checks.
#include <ATen/core/Tensor.h>
#include <ATen/ops/abs.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/max.h>
#include <ATen/ops/sub.h>
#include <ATen/ops/zeros.h>
#include <c10/core/InferenceMode.h>

#include <QtTest>

#include <algorithm>
#include <map>
#include <set>

#include "io/io_error.h"
#include "io/safetensors.h"
#include "io/weight_source.h"
#include "models/vae/wan_vae.h"

using ifedit::vae::WanVae;
using ifedit::vae::WanVaeConfig;
namespace io = ifedit::io;

namespace {

const std::string kFixtures = IFEDIT_FIXTURES_DIR;

std::vector<int64_t> sizesOf(const at::Tensor& t) { return t.sizes().vec(); }

// max|out - ref| <= 1e-4 * max(1, max|ref|) (float32 CPU parity, .dev/HELPERS.md).
void expectClose(const char* what, const at::Tensor& out, const at::Tensor& ref) {
  QCOMPARE(sizesOf(out), sizesOf(ref));
  const double err = at::sub(out, ref).abs().max().item<double>();
  const double tol = 1e-4 * std::max(1.0, ref.abs().max().item<double>());
  qInfo("%-28s max|out-ref| = %.3e  (tolerance %.3e)", what, err, tol);
  QVERIFY2(err <= tol, qPrintable(QStringLiteral("%1: error %2 > tolerance %3").arg(what).arg(err).arg(tol)));
}

// Expects `fn` to throw E whose message contains `needle`.
template <typename E, typename Fn>
void expectThrow(Fn&& fn, const std::string& needle) {
  try {
    fn();
  } catch (const E& e) {
    const std::string what = e.what();
    QVERIFY2(what.find(needle) != std::string::npos, ("'" + needle + "' not in: " + what).c_str());
    return;
  }
  QFAIL(("no exception; expected one mentioning: " + needle).c_str());
}

// A weight source that hides one key of another.
class HidingSource final : public io::WeightSource {
 public:
  HidingSource(const io::WeightSource& inner, std::string hidden) : inner_(inner), hidden_(std::move(hidden)) {}
  std::string describe() const override { return "hiding(" + inner_.describe() + ")"; }
  std::vector<std::string> names() const override {
    auto all = inner_.names();
    all.erase(std::remove(all.begin(), all.end(), hidden_), all.end());
    return all;
  }
  std::optional<std::vector<int64_t>> shapeOf(const std::string& name) const override {
    if (name == hidden_) return std::nullopt;
    return inner_.shapeOf(name);
  }
  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const override {
    return inner_.load(name, dtype, device);
  }

 private:
  const io::WeightSource& inner_;
  std::string hidden_;
};

}  // namespace

class TestVae : public QObject {
  Q_OBJECT
  std::shared_ptr<const io::TensorSource> file_;
  std::unique_ptr<io::WeightSource> weights_;
  std::shared_ptr<const io::TensorSource> io_;
  std::unique_ptr<WanVae> vae_;

  at::Tensor ref(const char* name) { return io_->load(name, at::kFloat); }

 private Q_SLOTS:
  void initTestCase() {
    file_ = io::openSafetensors(kFixtures + "/vae.safetensors");
    weights_ = io::weightsFrom(file_);
    io_ = io::openSafetensors(kFixtures + "/vae_io.safetensors");
    vae_ = std::make_unique<WanVae>(WanVaeConfig::fromWeights(*weights_));
    vae_->load(*weights_, at::kFloat, c10::kCPU);
    QVERIFY(vae_->isLoaded());
  }

  void configFromWeights() {
    const auto& c = vae_->config();
    QCOMPARE(c.dim, int64_t(4));
    QCOMPARE(c.zDim, int64_t(16));
    QCOMPARE(c.dimMult, (std::vector<int64_t>{1, 2, 4, 4}));
    QCOMPARE(c.numResBlocks, int64_t(2));
    QVERIFY(c.attnScales.empty());
    QCOMPARE(c.temperalDownsample, (std::vector<bool>{false, true, true}));
  }

  void parameterSpecsMatchFixtureKeys() {
    std::map<std::string, std::vector<int64_t>> fixture;
    for (const auto& t : file_->tensors()) fixture[t.name] = t.shape;
    const auto specs = vae_->parameterSpecs();
    QCOMPARE(specs.size(), fixture.size());
    for (const auto& s : specs) {
      auto it = fixture.find(s.name);
      QVERIFY2(it != fixture.end(), ("not in vae.safetensors: " + s.name).c_str());
      QVERIFY2(it->second == s.shape, ("shape differs: " + s.name).c_str());
    }
  }

  void realConfigHasSameKeysAtFullWidth() {
    const WanVae real{WanVaeConfig{}};
    const auto specs = real.parameterSpecs();
    std::set<std::string> realNames, tinyNames;
    std::map<std::string, std::vector<int64_t>> shape;
    int64_t count = 0;
    for (const auto& s : specs) {
      realNames.insert(s.name);
      shape[s.name] = s.shape;
      int64_t n = 1;
      for (auto d : s.shape) n *= d;
      count += n;
    }
    for (const auto& s : vae_->parameterSpecs()) tinyNames.insert(s.name);
    QVERIFY(realNames == tinyNames);
    QCOMPARE(shape["encoder.conv1.weight"], (std::vector<int64_t>{96, 3, 3, 3, 3}));
    QCOMPARE(shape["encoder.head.2.weight"], (std::vector<int64_t>{32, 384, 3, 3, 3}));
    QCOMPARE(shape["decoder.conv1.weight"], (std::vector<int64_t>{384, 16, 3, 3, 3}));
    QCOMPARE(shape["decoder.upsamples.3.time_conv.weight"], (std::vector<int64_t>{768, 384, 3, 1, 1}));
    QCOMPARE(shape["decoder.upsamples.4.residual.2.weight"], (std::vector<int64_t>{384, 192, 3, 3, 3}));
    QCOMPARE(shape["decoder.upsamples.11.resample.1.weight"], (std::vector<int64_t>{96, 192, 3, 3}));
    QCOMPARE(shape["decoder.head.2.weight"], (std::vector<int64_t>{3, 96, 3, 3, 3}));
    qInfo("real Wan 2.1 VAE: %zu tensors, %lld parameters", specs.size(), static_cast<long long>(count));
  }

  void latentStatisticsAreOfficial() {
    const auto mean = ref("mean"), std = ref("std");
    for (int i = 0; i < 16; ++i) {
      QCOMPARE(ifedit::vae::wanVaeLatentMean()[i], mean[i].item<float>());
      QCOMPARE(ifedit::vae::wanVaeLatentStd()[i], std[i].item<float>());
    }
  }

  void encodesVideo() {
    c10::InferenceMode guard;
    const auto video = ref("enc.video");
    expectClose("enc.mu_raw", vae_->encodeUnnormalised(video), ref("enc.mu_raw"));
    expectClose("enc.latent", vae_->encode(video), ref("enc.latent"));
    expectClose("normaliseLatent(enc.mu_raw)", WanVae::normaliseLatent(ref("enc.mu_raw")), ref("enc.latent"));
  }

  void encodesSingleFrame() {
    c10::InferenceMode guard;
    expectClose("enc1.latent", vae_->encode(ref("enc1.image")), ref("enc1.latent"));
  }

  void decodesLatent() {
    c10::InferenceMode guard;
    const auto latent = ref("dec.latent");
    expectClose("dec.video_unclamped", vae_->decodeUnclamped(latent), ref("dec.video_unclamped"));
    expectClose("dec.video", vae_->decode(latent), ref("dec.video"));
  }

  void decodesSingleLatentFrame() {
    c10::InferenceMode guard;
    const auto latent = ref("dec1.latent");
    expectClose("dec1.video_unclamped", vae_->decodeUnclamped(latent), ref("dec1.video_unclamped"));
    expectClose("dec1.video", vae_->decode(latent), ref("dec1.video"));
  }

  void streamingDecodeEqualsWholeDecode() {
    c10::InferenceMode guard;
    const auto latent = ref("dec.latent");
    const auto whole = vae_->decode(latent);
    std::vector<int> firsts, counts;
    std::vector<at::Tensor> pieces;
    vae_->decodeStreaming(latent, [&](int first, const at::Tensor& frames) {
      firsts.push_back(first);
      counts.push_back(static_cast<int>(frames.size(1)));
      pieces.push_back(frames.clone());
    });
    QCOMPARE(firsts, (std::vector<int>{0, 1, 5}));
    QCOMPARE(counts, (std::vector<int>{1, 4, 4}));
    QVERIFY(at::equal(at::cat(pieces, 1), whole));
    expectClose("streamed chunks vs dec.video", at::cat(pieces, 1), ref("dec.video"));
  }

  void encodeAndDecodeAreCausal() {
    c10::InferenceMode guard;
    // The first 5 frames encode to the first 2 latent frames of the 9-frame encode ...
    const auto prefix = vae_->encode(ref("enc.video").narrow(1, 0, 5));
    expectClose("encode(5 frames) vs enc.latent", prefix, ref("enc.latent").narrow(1, 0, 2));
    // ... and the first 2 latent frames decode to the first 5 frames of the whole decode.
    const auto head = vae_->decodeUnclamped(ref("dec.latent").narrow(1, 0, 2));
    expectClose("decode(2 latents) vs dec", head, ref("dec.video_unclamped").narrow(1, 0, 5));
  }

  void rejectsBadShapes() {
    c10::InferenceMode guard;
    const auto video = ref("enc.video");
    expectThrow<std::invalid_argument>([&] { vae_->encode(video.narrow(1, 0, 8)); }, "1 + 4n");
    expectThrow<std::invalid_argument>([&] { vae_->encode(at::zeros({4, 9, 24, 40})); }, "3 colour channels");
    expectThrow<std::invalid_argument>([&] { vae_->encode(at::zeros({3, 9, 20, 40})); }, "multiple of 8");
    expectThrow<std::invalid_argument>([&] { vae_->encode(at::zeros({1, 3, 9, 24, 40})); }, "[3, T, H, W]");
    expectThrow<std::invalid_argument>([&] { vae_->decode(at::zeros({15, 3, 3, 5})); }, "[16, F, h, w]");
    expectThrow<std::invalid_argument>([&] { vae_->decode(at::zeros({16, 3, 5})); }, "[16, F, h, w]");
    const WanVae unloaded{WanVaeConfig{}};
    expectThrow<std::logic_error>([&] { unloaded.decode(at::zeros({16, 1, 3, 5})); }, "no weights loaded");
    WanVaeConfig odd;
    odd.temperalDownsample = {true, true, true};
    expectThrow<std::invalid_argument>([&] { WanVae bad(odd); }, "two temporal downsamples");
  }

  void cancellation() {
    c10::InferenceMode guard;
    const auto latent = ref("dec.latent");
    ifedit::CancelToken token;
    token.cancel();
    int calls = 0;
    QVERIFY_THROWS_EXCEPTION(ifedit::Cancelled,
                             vae_->decodeStreaming(latent, [&](int, const at::Tensor&) { ++calls; }, &token));
    QCOMPARE(calls, 0);
    QVERIFY_THROWS_EXCEPTION(ifedit::Cancelled, vae_->decode(latent, &token));
    QVERIFY_THROWS_EXCEPTION(ifedit::Cancelled, vae_->encode(ref("enc.video"), &token));

    // Cancelled while the first chunk is handed out: no further chunk is decoded.
    token.reset();
    QVERIFY_THROWS_EXCEPTION(ifedit::Cancelled, vae_->decodeStreaming(
                                                    latent,
                                                    [&](int, const at::Tensor&) {
                                                      ++calls;
                                                      token.cancel();
                                                    },
                                                    &token));
    QCOMPARE(calls, 1);
  }

  void loadChecksWeights() {
    HidingSource hiding(*weights_, "decoder.upsamples.3.time_conv.bias");
    WanVae tiny(vae_->config());
    expectThrow<io::IoError>([&] { tiny.load(hiding, at::kFloat, c10::kCPU); },
                             "decoder.upsamples.3.time_conv.bias");
    QVERIFY(!tiny.isLoaded());

    WanVaeConfig wider = vae_->config();
    wider.dim = 8;
    WanVae wide(wider);
    expectThrow<io::IoError>([&] { wide.load(*weights_, at::kFloat, c10::kCPU); }, "misshapen");

    auto t5 = io::weightsFrom(io::openSafetensors(kFixtures + "/t5.safetensors"));
    expectThrow<io::IoError>([&] { WanVaeConfig::fromWeights(*t5); }, "encoder.conv1.weight");
  }
};

QTEST_MAIN(TestVae)
#include "test_vae.moc"
