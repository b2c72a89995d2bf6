// I2V conditioning geometry against wan/image2video.py (tests/fixtures/wan/i2v_cond.safetensors,
// manifest notes "I2V" and "I2V mask").
#include <ATen/core/Tensor.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/zeros.h>
#include <c10/core/InferenceMode.h>

#include <QtTest>

#include <string>

#include "io/safetensors.h"
#include "pipeline/conditioning.h"

using namespace ifedit::pipeline;

namespace {

const std::string kFixture = std::string(IFEDIT_FIXTURES_DIR) + "/i2v_cond.safetensors";
// The fixture's cond.* tensors were made with max_area 4000 and frame_num 17 (manifest meaning of
// cond.image_u8).
constexpr int64_t kCondMaxArea = 4000;
constexpr int kCondFrames = 17;

}  // namespace

class TestConditioning : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void latTableMatchesOfficial();
  void resizedImageMatchesOfficial();
  void maskMatchesOfficial();
  void maxSeqLenMatchesOfficial();
  void badInputIsReported();

 private:
  c10::InferenceMode guard_;
  std::unique_ptr<ifedit::io::TensorSource> src_;
};

void TestConditioning::initTestCase() { src_ = ifedit::io::openSafetensors(kFixture); }

void TestConditioning::latTableMatchesOfficial() {
  const at::Tensor in = src_->load("lat_table.inputs");
  const at::Tensor out = src_->load("lat_table.outputs");
  QCOMPARE(in.scalar_type(), at::kLong);
  QCOMPARE(in.size(1), int64_t(3));
  QCOMPARE(out.size(1), int64_t(5));
  QCOMPARE(in.size(0), out.size(0));
  QVERIFY(in.size(0) >= 13);
  for (int64_t r = 0; r < in.size(0); ++r) {
    const int64_t maxArea = in[r][0].item<int64_t>();
    const int h = static_cast<int>(in[r][1].item<int64_t>());
    const int w = static_cast<int>(in[r][2].item<int64_t>());
    const LatentSize s = latentSizeFor(h, w, maxArea);
    const QString row = QString("row %1: %2x%3 @ %4").arg(r).arg(h).arg(w).arg(maxArea);
    QVERIFY2(s.h == out[r][0].item<int64_t>(), qPrintable(row + QString(" lat_h %1").arg(s.h)));
    QVERIFY2(s.w == out[r][1].item<int64_t>(), qPrintable(row + QString(" lat_w %1").arg(s.w)));
    QCOMPARE(s.pixelH(), out[r][2].item<int64_t>());
    QCOMPARE(s.pixelW(), out[r][3].item<int64_t>());
    QVERIFY2(maxSeqLen(81, s) == out[r][4].item<int64_t>(), qPrintable(row + " max_seq_len"));
  }
  qInfo("lat_table: %lld rows equal (lat_h, lat_w, h, w, max_seq_len @ 81 frames)",
        static_cast<long long>(in.size(0)));
  // DESIGN.md §2 / manifest note "I2V": the float64 rounding case.
  QCOMPARE(latentSizeFor(480, 832, 480 * 832), (LatentSize{58, 104}));
}

void TestConditioning::resizedImageMatchesOfficial() {
  const at::Tensor img = src_->load("cond.image_u8");
  const at::Tensor ref = src_->load("cond.img_resized");
  const LatentSize s = latentSizeFor(static_cast<int>(img.size(0)), static_cast<int>(img.size(1)),
                                     kCondMaxArea);
  const at::Tensor got = resizeForI2V(img, s);
  QCOMPARE(got.scalar_type(), at::kFloat);
  QCOMPARE(got.sizes(), ref.sizes());
  const double err = got.sub(ref).abs().max().item<double>();
  const double tol = 1e-4 * std::max(1.0, ref.abs().max().item<double>());
  qInfo("img_resized %s: max|err| = %.3g (tol %.3g)", qPrintable(QString::number(got.size(2)) + "x" +
                                                                 QString::number(got.size(3))),
        err, tol);
  QVERIFY(err <= tol);
}

void TestConditioning::maskMatchesOfficial() {
  const at::Tensor ref = src_->load("cond.msk");
  const LatentSize s{ref.size(2), ref.size(3)};
  const at::Tensor got = i2vMask(kCondFrames, s);
  QCOMPARE(got.sizes(), ref.sizes());
  QVERIFY(at::equal(got, ref));
  // The mask is also the first 4 channels of y.
  const at::Tensor y = src_->load("cond.y");
  QVERIFY(at::equal(got, y.narrow(0, 0, 4)));
  // Structure for another size: only latent frame 0 is set.
  const at::Tensor m = i2vMask(33, LatentSize{4, 6});
  QCOMPARE(m.sizes(), (at::IntArrayRef{4, 9, 4, 6}));
  QCOMPARE(m.select(1, 0).min().item<float>(), 1.0f);
  QVERIFY(at::equal(m.narrow(1, 1, 8), at::zeros({4, 8, 4, 6})));
  QCOMPARE(i2vMask(1, LatentSize{2, 2}).sizes(), (at::IntArrayRef{4, 1, 2, 2}));
}

void TestConditioning::maxSeqLenMatchesOfficial() {
  const at::Tensor ref = src_->load("cond.max_seq_len");
  const at::Tensor img = src_->load("cond.image_u8");
  const LatentSize s = latentSizeFor(static_cast<int>(img.size(0)), static_cast<int>(img.size(1)),
                                     kCondMaxArea);
  QCOMPARE(maxSeqLen(kCondFrames, s), ref[0].item<int64_t>());
  QCOMPARE(latentFrames(kCondFrames), src_->load("cond.msk").size(1));
  QCOMPARE(maxSeqLen(kCondFrames, s, 4) % 4, int64_t(0));
}

void TestConditioning::badInputIsReported() {
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, latentSizeFor(0, 10, 4000));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, latentSizeFor(60, 100, 100));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, i2vMask(16, LatentSize{2, 2}));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                           resizeForI2V(at::zeros({10, 10, 3}, at::kFloat), LatentSize{2, 2}));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                           resizeForI2V(at::zeros({10, 10, 4}, at::kByte), LatentSize{2, 2}));
}

QTEST_MAIN(TestConditioning)
#include "test_conditioning.moc"
