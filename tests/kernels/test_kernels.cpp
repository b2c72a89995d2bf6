// The fused ops of the DiT (core/kernels). On every machine: the dispatcher's torch fallback is the
// DiT's layer math bit for bit, and that math means what the manifest notes say. With a CUDA device
// and the kernels compiled in (label gpu): each kernel against the plain torch composition on the
// same CUDA tensors, and the DiT fixture on CUDA with the kernels on.
#include <ATen/Context.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/zeros.h>
#include <c10/core/InferenceMode.h>

#include <QtTest>
#include <cmath>
#include <map>
#include <memory>

#include "io/tensor_source.h"
#include "io/weight_source.h"
#include "kernels/fused_ops.h"
#include "models/dit/wan_dit.h"
#include "models/dit/wan_dit_layers.h"

using namespace ifedit;
namespace layers = ifedit::dit::detail;  // not "detail": newer torch headers declare a global ::detail (torch/headeronly/core/Dispatch.h)

namespace {

double maxAbs(const at::Tensor& t) { return t.abs().max().item<double>(); }
double maxDiff(const at::Tensor& a, const at::Tensor& b) {
  return maxAbs(a.to(at::kFloat) - b.to(at::kFloat));
}

at::Tensor randn(std::vector<int64_t> shape, c10::ScalarType dtype = at::kFloat,
                 c10::Device device = c10::kCPU) {
  return at::randn(shape, at::TensorOptions().dtype(at::kFloat).device(device)).to(dtype);
}

bool cudaKernelsRunnable() { return at::hasCUDA() && kernels::cudaKernelsAvailable(); }

// Restores every fused-op switch on scope exit.
struct OpSwitchGuard {
  std::map<kernels::FusedOp, bool> saved;
  OpSwitchGuard() {
    for (auto op : kernels::allFusedOps()) saved[op] = kernels::fusedOpEnabled(op);
  }
  ~OpSwitchGuard() {
    for (auto [op, on] : saved) kernels::setFusedOpEnabled(op, on);
  }
};

}  // namespace

class TestKernels : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { at::manual_seed(7); }

  // --- CPU: the fallback is the DiT's layer math -------------------------------------------

  void layerNormModulateFallbackIsDitMath() {
    c10::InferenceMode guard;
    const auto x = randn({1, 12, 64}) * 3 + 1;
    for (int64_t rows : {1, 12}) {  // one modulation row for all tokens, or one per token
      const auto m = randn({1, rows, 6, 64});
      const auto shift = m.select(2, 0), scale = m.select(2, 1);  // strided, as in the DiT
      const auto expected = layers::layerNormF32(x, 1e-6) * (1 + scale) + shift;
      const auto out = kernels::layerNormModulate(x, shift, scale, 1e-6, at::kFloat);
      QVERIFY(at::equal(out, expected));
      const auto outBf16 = kernels::layerNormModulate(x.to(at::kBFloat16), shift, scale, 1e-6, at::kBFloat16);
      QCOMPARE(outBf16.scalar_type(), at::kBFloat16);
      QVERIFY(at::equal(outBf16, (layers::layerNormF32(x.to(at::kBFloat16), 1e-6) * (1 + scale) + shift)
                                     .to(at::kBFloat16)));
    }
  }

  void layerNormModulateMeaning() {
    c10::InferenceMode guard;
    const auto x = randn({1, 5, 64}) * 4 - 2;
    const auto zero = at::zeros({1, 1, 64});
    const auto ln = kernels::layerNormModulate(x, zero, zero, 1e-6, at::kFloat);
    QVERIFY(maxAbs(ln.mean(-1)) < 1e-5);                          // per-token mean 0
    QVERIFY(maxAbs(ln.pow(2).mean(-1) - 1) < 1e-4);               // variance 1 (biased)
    const auto two = at::ones({1, 1, 64}) * 2;
    const auto modulated = kernels::layerNormModulate(x, two, at::ones({1, 1, 64}), 1e-6, at::kFloat);
    QVERIFY(maxDiff(modulated, ln * 2 + 2) < 1e-6);               // ln * (1 + 1) + 2
  }

  void gatedResidualFallbackIsDitMath() {
    c10::InferenceMode guard;
    const auto x = randn({1, 12, 64});
    const auto gate = randn({1, 12, 6, 64}).select(2, 2);
    for (auto dtype : {at::kFloat, at::kBFloat16}) {
      const auto y = randn({1, 12, 64}, dtype);
      QVERIFY(at::equal(kernels::gatedResidual(x, y, gate), x + y * gate));
    }
    const auto y = randn({1, 12, 64});
    QVERIFY(at::equal(kernels::gatedResidual(x, y, at::zeros({1, 1, 64})), x));
    QVERIFY(maxDiff(kernels::gatedResidual(x, at::ones({1, 12, 64}), at::ones({1, 1, 64})), x + 1) == 0);
  }

  void rmsNormFallbackIsDitMath() {
    c10::InferenceMode guard;
    for (auto dtype : {at::kFloat, at::kBFloat16}) {
      const auto x = randn({1, 10, 64}, dtype) * 5;
      const auto w = randn({64}, dtype);
      QVERIFY(at::equal(kernels::rmsNorm(x, w, 1e-6), layers::rmsNorm(x, w, 1e-6)));
    }
    // Over the whole row, all heads jointly (manifest note "qk-norm"): unit mean square.
    const auto x = randn({1, 10, 64}) * 7;
    const auto out = kernels::rmsNorm(x, at::ones({64}), 1e-6);
    QVERIFY(maxAbs(out.pow(2).mean(-1) - 1) < 1e-5);
  }

  void ropeFallbackIsDitMath() {
    c10::InferenceMode guard;
    const int64_t headDim = 16;
    const auto tables = layers::ropeTables({0, 1, 2}, 2, 3, headDim, c10::kCPU);  // L = 18
    const auto x = randn({1, 18, 4, headDim});
    const auto expected = layers::applyRope(x, tables);
    QVERIFY(at::equal(kernels::rope(x, tables.cos, tables.sin, at::kFloat), expected));
    QVERIFY(at::equal(kernels::rope(x, tables.cos.squeeze(1), tables.sin.squeeze(1), at::kFloat), expected));
    const auto xb = x.to(at::kBFloat16);
    QVERIFY(at::equal(kernels::rope(xb, tables.cos, tables.sin, at::kBFloat16),
                      layers::applyRope(xb, tables).to(at::kBFloat16)));
  }

  void ropeMeaning() {
    c10::InferenceMode guard;
    const int64_t headDim = 16;  // 8 slots: frame band 8 - 2*2 = 4, height 2, width 2
    const auto tables = layers::ropeTables({0, 1}, 1, 1, headDim, c10::kCPU);  // tokens: f=0, f=1
    const auto x = randn({1, 2, 3, headDim});
    const auto out = kernels::rope(x, tables.cos, tables.sin, at::kFloat);
    // Position 0 is the identity; every rotation keeps the pair norms.
    QVERIFY(maxDiff(out.select(1, 0), x.select(1, 0)) < 1e-7);
    const auto norms = [](const at::Tensor& t) { return t.reshape({-1, 2}).pow(2).sum(-1); };
    QVERIFY(maxDiff(norms(out), norms(x)) < 1e-5);
    // Frame position 1, slot 0: the frame ladder starts at 10000^0 = 1, so (1, 0) -> (cos 1, sin 1).
    auto unit = at::zeros({1, 2, 1, headDim});
    unit.select(1, 1).select(2, 0).fill_(1.0);
    const auto turned = kernels::rope(unit, tables.cos, tables.sin, at::kFloat).select(1, 1).squeeze(0).squeeze(0);
    QVERIFY(std::abs(turned[0].item<double>() - std::cos(1.0)) < 1e-6);
    QVERIFY(std::abs(turned[1].item<double>() - std::sin(1.0)) < 1e-6);
  }

  void switchesAndCpuTensorsNeverLaunch() {
    OpSwitchGuard restore;
    QCOMPARE(kernels::allFusedOps().size(), size_t{4});
    QCOMPARE(QString::fromStdString(kernels::fusedOpName(kernels::FusedOp::LayerNormModulate)), QString("lnmod"));
    kernels::setFusedOpEnabled(kernels::FusedOp::Rope, false);
    QVERIFY(!kernels::fusedOpEnabled(kernels::FusedOp::Rope));
    kernels::setFusedOpEnabled(kernels::FusedOp::Rope, true);
    QVERIFY(kernels::fusedOpEnabled(kernels::FusedOp::Rope));
    c10::InferenceMode guard;
    const auto before = kernels::fusedKernelLaunches();
    const auto x = randn({1, 4, 32});
    kernels::rmsNorm(x, at::ones({32}), 1e-6);
    kernels::gatedResidual(x, x, at::ones({1, 1, 32}));
    QCOMPARE(kernels::fusedKernelLaunches(), before);
  }

  // --- CUDA: each kernel against the torch composition (label gpu) --------------------------

  // A CUDA build whose kernels cannot be launched (libtorch without CUDA seen by CMake) would
  // silently run the fallback everywhere: fail instead.
  void gpuKernelsAreWired() {
    if (!at::hasCUDA()) QSKIP("no CUDA device");
#if defined(IFEDIT_WITH_CUDA_KERNELS)
    QVERIFY2(kernels::cudaKernelsAvailable(),
             "built with IFEDIT_ENABLE_CUDA but IFEDIT_TORCH_CUDA is unset: core/CMakeLists.txt did not see a CUDA libtorch");
#else
    QSKIP("configured without IFEDIT_ENABLE_CUDA");
#endif
  }

  void gpuKernelsMatchTorch_data() {
    QTest::addColumn<int>("dtype");
    QTest::newRow("f32") << static_cast<int>(at::kFloat);
    QTest::newRow("bf16") << static_cast<int>(at::kBFloat16);
  }

  void gpuKernelsMatchTorch() {
    if (!cudaKernelsRunnable()) QSKIP("no CUDA device, or the CUDA kernels are not compiled in");
    QFETCH(int, dtype);
    const auto dt = static_cast<c10::ScalarType>(dtype);
    const bool bf16 = dt == at::kBFloat16;
    OpSwitchGuard restore;
    for (auto op : kernels::allFusedOps()) kernels::setFusedOpEnabled(op, true);
    c10::InferenceMode guard;
    const c10::Device cuda(c10::kCUDA, 0);
    // A DiT-like slice: 3 latent frames of 10 x 13 patches, dim 5120, 40 heads of 128.
    const int64_t L = 390, D = 5120, heads = 40, hd = 128;
    const auto x = randn({1, L, D}, at::kFloat, cuda) * 2 + 0.5;
    const auto m = randn({1, L, 6, D}, at::kFloat, cuda);
    const auto mShared = randn({1, 1, 6, D}, at::kFloat, cuda);
    auto expectLaunch = [](int64_t before, const char* what) {
      QVERIFY2(kernels::fusedKernelLaunches() > before, what);
    };
    // Element-wise kernels round where torch rounds: exact. Reductions: summation order only.
    const double lnTol = bf16 ? 8e-3 : 2e-5;

    for (const auto& mm : {m, mShared}) {
      auto before = kernels::fusedKernelLaunches();
      const auto ln = kernels::layerNormModulate(x.to(dt), mm.select(2, 0), mm.select(2, 1), 1e-6, dt);
      expectLaunch(before, "lnmod");
      const auto lnRef = kernels::reference::layerNormModulate(x.to(dt), mm.select(2, 0), mm.select(2, 1), 1e-6, dt);
      const double lnErr = maxDiff(ln, lnRef), lnMax = maxAbs(lnRef.to(at::kFloat));
      qInfo("lnmod %s rows %lld: max|kernel - torch| %.3e (max|ref| %.2f)", bf16 ? "bf16" : "f32",
            static_cast<long long>(mm.size(1)), lnErr, lnMax);
      QVERIFY(lnErr <= lnTol * std::max(1.0, lnMax));

      before = kernels::fusedKernelLaunches();
      const auto y = randn({1, L, D}, dt, cuda);
      const auto res = kernels::gatedResidual(x, y, mm.select(2, 2));
      expectLaunch(before, "residual");
      const double resErr = maxDiff(res, kernels::reference::gatedResidual(x, y, mm.select(2, 2)));
      qInfo("residual %s: max|kernel - torch| %.3e", bf16 ? "bf16" : "f32", resErr);
      QCOMPARE(resErr, 0.0);
    }

    auto before = kernels::fusedKernelLaunches();
    const auto q = randn({1, L, D}, dt, cuda) * 3;
    const auto w = randn({D}, dt, cuda);
    const auto rn = kernels::rmsNorm(q, w, 1e-6);
    expectLaunch(before, "rmsnorm");
    const auto rnRef = kernels::reference::rmsNorm(q, w, 1e-6);
    const double rnErr = maxDiff(rn, rnRef), rnMax = maxAbs(rnRef.to(at::kFloat));
    qInfo("rmsnorm %s: max|kernel - torch| %.3e (max|ref| %.2f)", bf16 ? "bf16" : "f32", rnErr, rnMax);
    QVERIFY(rnErr <= (bf16 ? 1.6e-2 : 2e-5) * std::max(1.0, rnMax));

    const auto tables = layers::ropeTables({0, 1, 2}, 10, 13, hd, cuda);
    const auto xq = randn({1, L, heads, hd}, dt, cuda);
    before = kernels::fusedKernelLaunches();
    const auto r = kernels::rope(xq, tables.cos, tables.sin, dt);
    expectLaunch(before, "rope");
    const double ropeErr = maxDiff(r, kernels::reference::rope(xq, tables.cos, tables.sin, dt));
    qInfo("rope %s: max|kernel - torch| %.3e", bf16 ? "bf16" : "f32", ropeErr);
    QCOMPARE(ropeErr, 0.0);
  }

  // The DiT fixture on CUDA in float32 with every kernel on: same tolerance as on the CPU.
  void gpuDitFixtureWithKernels() {
    if (!cudaKernelsRunnable()) QSKIP("no CUDA device, or the CUDA kernels are not compiled in");
    OpSwitchGuard restore;
    for (auto op : kernels::allFusedOps()) kernels::setFusedOpEnabled(op, true);
    const std::string dir = IFEDIT_FIXTURES_DIR;
    std::shared_ptr<const io::TensorSource> ref(io::openTensorFile(dir + "/dit_io.safetensors"));
    auto weights = io::weightsFrom(std::shared_ptr<const io::TensorSource>(io::openTensorFile(dir + "/dit_i2v.safetensors")));
    dit::WanDit model(dit::WanDitConfig::fromJsonFile(dir + "/dit_i2v.config.json", weights.get()));
    const c10::Device cuda(c10::kCUDA, 0);
    model.load(*weights, at::kFloat, cuda);
    dit::WanDitInput in;
    in.x = ref->load("i2v.x").to(cuda);
    in.y = ref->load("i2v.y").to(cuda);
    in.context = ref->load("i2v.context").to(cuda);
    in.timestep = ref->load("i2v.t999.t").to(cuda);
    const auto before = kernels::fusedKernelLaunches();
    const auto out = model.forward(in).cpu();
    QVERIFY(kernels::fusedKernelLaunches() > before);
    const auto expected = ref->load("i2v.t999.out");
    const double err = maxDiff(out, expected), tol = 1e-4 * std::max(1.0, maxAbs(expected));
    qInfo("dit i2v t999 on CUDA f32 with kernels: max|err| %.3e (tol %.1e)", err, tol);
    QVERIFY(err <= tol);
  }
};

QTEST_MAIN(TestKernels)
#include "test_kernels.moc"
