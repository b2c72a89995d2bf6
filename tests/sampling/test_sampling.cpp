// Flow-matching solvers against the official Wan2.2 schedulers (tests/fixtures/wan/scheduler.safetensors,
// manifest notes "UniPC" and "DPM++"), the Lightning Euler table (DESIGN.md §2) and the frame slicing
// that Temporal Latent Dropout relies on (DESIGN.md §1.3).
#include <ATen/core/Tensor.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/index_select.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/tensor.h>
#include <c10/core/InferenceMode.h>

#include <QtTest>

#include <cmath>
#include <cstdint>
#include <memory>
#include <regex>
#include <string>

#include "io/safetensors.h"
#include "sampling/dpmpp_solver.h"
#include "sampling/guidance.h"
#include "sampling/schedule.h"
#include "sampling/solver.h"
#include "sampling/unipc_solver.h"

using namespace ifedit::sampling;

namespace {

const std::string kFixture = std::string(IFEDIT_FIXTURES_DIR) + "/scheduler.safetensors";

double maxAbs(const at::Tensor& t) { return t.abs().max().item<double>(); }
double maxErr(const at::Tensor& a, const at::Tensor& b) {
  return a.to(at::kDouble).sub(b.to(at::kDouble)).abs().max().item<double>();
}

// Deterministic values in [-2, 2) without depending on torch's RNG.
at::Tensor pseudoRandom(std::vector<int64_t> shape, uint64_t seed) {
  at::Tensor t = at::empty(shape, at::kFloat);
  float* p = t.data_ptr<float>();
  uint64_t s = seed * 6364136223846793005ull + 1442695040888963407ull;
  for (int64_t i = 0; i < t.numel(); ++i) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    p[i] = static_cast<float>((s >> 40) & 0xFFFFFF) / static_cast<float>(1 << 24) * 4.0f - 2.0f;
  }
  return t;
}

std::string solverForPrefix(const std::string& prefix) { return prefix == "dpmpp" ? "dpm++" : prefix; }

}  // namespace

class TestSampling : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void scheduleTablesMatchOfficial();
  void stepChainsMatchOfficial();
  void eulerSigmasAreTheLightningTable();
  void eulerStep();
  void straightPathIsExactForEverySolver();
  void keepFramesEqualsSlicingAFullRun_data();
  void keepFramesEqualsSlicingAFullRun();
  void keepFramesWithAllIndicesIsIdentity();
  void misuseIsReported();
  void guidance();

 private:
  c10::InferenceMode guard_;
};

void TestSampling::scheduleTablesMatchOfficial() {
  auto src = ifedit::io::openSafetensors(kFixture);
  const std::regex re(R"(^(unipc|dpmpp)\.n(\d+)\.shift(\d+)\.timesteps$)");
  int tables = 0;
  for (const auto& info : src->tensors()) {
    std::smatch m;
    if (!std::regex_match(info.name, m, re)) continue;
    const std::string prefix = m[1];
    const int steps = std::stoi(m[2]);
    const double shift = std::stod(m[3]);
    const std::string base = prefix + ".n" + m[2].str() + ".shift" + m[3].str();
    const at::Tensor refT = src->load(base + ".timesteps");
    const at::Tensor refS = src->load(base + ".sigmas");

    auto solver = makeSolver(solverForPrefix(prefix));
    solver->setTimesteps(steps, shift);
    QCOMPARE(solver->timesteps().scalar_type(), at::kLong);
    QCOMPARE(refT.scalar_type(), at::kLong);
    QVERIFY2(at::equal(solver->timesteps(), refT),
             qPrintable(QString::fromStdString(base) + ": timesteps differ"));
    QCOMPARE(solver->sigmas().scalar_type(), at::kFloat);
    QCOMPARE(solver->sigmas().sizes(), refS.sizes());
    const double err = maxErr(solver->sigmas(), refS);
    qInfo("%s: timesteps equal (%d), sigmas max|err| = %.3g", base.c_str(), steps, err);
    QVERIFY2(err <= 1e-6, qPrintable(QString::fromStdString(base) + ": sigmas off"));
    QCOMPARE(solver->sigmas()[steps].item<float>(), 0.0f);
    ++tables;
  }
  QVERIFY2(tables >= 12, "expected the unipc and dpmpp tables of the fixture");
}

void TestSampling::stepChainsMatchOfficial() {
  auto src = ifedit::io::openSafetensors(kFixture);
  const std::regex re(R"(^(unipc|dpmpp)\.chain(\d+)\.model_output$)");
  int chains = 0;
  for (const auto& info : src->tensors()) {
    std::smatch m;
    if (!std::regex_match(info.name, m, re)) continue;
    const std::string prefix = m[1];
    const int steps = std::stoi(m[2]);
    const std::string base = prefix + ".chain" + m[2].str();
    const at::Tensor v = src->load(base + ".model_output");
    const at::Tensor ref = src->load(base + ".sample");
    QCOMPARE(v.size(0), int64_t(steps));
    QCOMPARE(ref.size(0), int64_t(steps + 1));

    auto solver = makeSolver(solverForPrefix(prefix));
    solver->setTimesteps(steps, 5.0);  // the chains use shift 5 (manifest meaning of *.sample)
    at::Tensor x = ref[0];
    double worst = 0.0, worstAbs = 0.0;
    for (int i = 0; i < steps; ++i) {
      QCOMPARE(solver->stepIndex(), int64_t(i));
      x = solver->step(v[i], x);  // free-running: the solver's own outputs feed the next step
      const at::Tensor r = ref[i + 1];
      const double err = maxErr(x, r);
      const double tol = 1e-4 * std::max(1.0, maxAbs(r));
      worst = std::max(worst, err / tol);
      worstAbs = std::max(worstAbs, err);
      if (err > tol)
        QFAIL(qPrintable(QString("%1 step %2: max|err| %3 > tol %4")
                             .arg(QString::fromStdString(base)).arg(i).arg(err).arg(tol)));
      if (i == 0 || i == steps - 1)
        qInfo("%s step %d: max|err| = %.3g (tol %.3g)", base.c_str(), i, err, tol);
    }
    QVERIFY(solver->finished());
    qInfo("%s: worst step max|err| = %.3g = %.4f of its tolerance", base.c_str(), worstAbs, worst);
    ++chains;
  }
  QVERIFY2(chains >= 4, "expected unipc/dpmpp chain8 and chain40 in the fixture");
}

void TestSampling::eulerSigmasAreTheLightningTable() {
  auto solver = makeSolver("euler");
  solver->setTimesteps(4, 5.0);
  // DESIGN.md §2 prints 1.0, 0.9375, 0.8333, 0.625, 0 (0.8333 = 5/6 rounded).
  const double expected[5] = {1.0, 0.9375, 5.0 / 6.0, 0.625, 0.0};
  QCOMPARE(solver->sigmas().numel(), int64_t(5));
  for (int i = 0; i < 5; ++i) {
    const double got = solver->sigmas()[i].item<double>();
    QVERIFY2(std::fabs(got - expected[i]) <= 1e-7, qPrintable(QString("sigma %1 = %2").arg(i).arg(got)));
    QVERIFY(std::fabs(got - std::round(expected[i] * 1e4) / 1e4) <= 5e-5);
  }
  QCOMPARE(solver->timesteps().scalar_type(), at::kFloat);
  for (int i = 0; i < 4; ++i)
    QVERIFY(std::fabs(solver->timestepValue(i) - expected[i] * 1000.0) <= 1e-4);
}

void TestSampling::eulerStep() {
  auto solver = makeSolver("euler");
  solver->setTimesteps(4, 5.0);
  const at::Tensor x = pseudoRandom({1, 16, 3, 2, 2}, 1);
  const at::Tensor v = pseudoRandom({1, 16, 3, 2, 2}, 2);
  const at::Tensor y = solver->step(v, x);
  // sigma 1.0 -> 0.9375: x - 0.0625 v.
  QVERIFY(maxErr(y, x.sub(v.mul(0.0625))) <= 1e-7);
  QCOMPARE(solver->stepIndex(), int64_t(1));
}

// On a straight flow-matching path x_t = (1-s) x0 + s n the true flow is v = n - x0 at every t,
// and every solver must land on x0 (the multistep corrections vanish).
void TestSampling::straightPathIsExactForEverySolver() {
  const at::Tensor x0 = pseudoRandom({1, 16, 2, 3, 4}, 3);
  const at::Tensor n = pseudoRandom({1, 16, 2, 3, 4}, 4);
  const at::Tensor v = n.sub(x0);
  for (const auto& name : solverNames()) {
    for (int steps : {1, 4, 8}) {
      auto solver = makeSolver(name);
      solver->setTimesteps(steps, 5.0);
      const double s0 = solver->sigmaValue(0);
      at::Tensor x = x0.mul(1.0 - s0).add(n.mul(s0));
      for (int i = 0; i < steps; ++i) {
        x = solver->step(v, x);
        const double s = solver->sigmaValue(i + 1);
        const double err = maxErr(x, x0.mul(1.0 - s).add(n.mul(s)));
        QVERIFY2(err <= 1e-5, qPrintable(QString("%1 (%2 steps) step %3 off the path by %4")
                                             .arg(QString::fromStdString(name)).arg(steps).arg(i).arg(err)));
      }
    }
  }
}

void TestSampling::keepFramesEqualsSlicingAFullRun_data() {
  QTest::addColumn<QString>("solver");
  QTest::addColumn<int>("dropAt");
  for (const char* name : {"unipc", "dpm++", "euler"})
    for (int k = 1; k < 8; ++k)
      QTest::newRow(qPrintable(QString("%1 at step %2").arg(name).arg(k))) << QString(name) << k;
}

// Every solver update is elementwise over frames with per-step scalar coefficients, so dropping
// frames at step k (latent, model outputs and solver history alike) must give exactly the kept
// frames of the full run. A history that was not sliced fails the shape check in step(); one sliced
// with the wrong frames changes the values.
void TestSampling::keepFramesEqualsSlicingAFullRun() {
  QFETCH(QString, solver);
  QFETCH(int, dropAt);
  const int steps = 8;
  const int64_t frameDim = 2;
  const std::vector<int64_t> shape = {1, 16, 9, 2, 3};
  const at::Tensor kept = at::tensor(std::vector<int64_t>{0, 2, 5, 8}, at::kLong);  // F=9, K=3
  std::vector<at::Tensor> v;
  for (int i = 0; i < steps; ++i) v.push_back(pseudoRandom(shape, 100 + i));
  const at::Tensor noise = pseudoRandom(shape, 7);

  auto full = makeSolver(solver.toStdString());
  full->setTimesteps(steps, 5.0);
  std::vector<at::Tensor> fullOut{noise};
  for (int i = 0; i < steps; ++i) fullOut.push_back(full->step(v[i], fullOut.back()));

  auto dropped = makeSolver(solver.toStdString());
  dropped->setTimesteps(steps, 5.0);
  at::Tensor x = noise;
  for (int i = 0; i < steps; ++i) {
    if (i == dropAt) {
      dropped->keepFrames(kept, frameDim);
      for (const auto& h : dropped->history()) QCOMPARE(h.size(frameDim), kept.numel());
      x = at::index_select(x, frameDim, kept);
    }
    const at::Tensor vi = i >= dropAt ? at::index_select(v[i], frameDim, kept) : v[i];
    x = dropped->step(vi, x);
    if (i >= dropAt)
      QVERIFY2(at::equal(x, at::index_select(fullOut[i + 1], frameDim, kept)),
               qPrintable(QString("step %1 differs from the sliced full run").arg(i)));
  }
  if (solver == "unipc") {
    const auto* u = dynamic_cast<const UniPCSolver*>(dropped.get());
    QVERIFY(u != nullptr);
    QCOMPARE(u->state().modelOutputs[0].size(frameDim), kept.numel());
    QCOMPARE(u->state().modelOutputs[1].size(frameDim), kept.numel());
    QCOMPARE(u->state().lastSample.size(frameDim), kept.numel());
  }
}

void TestSampling::keepFramesWithAllIndicesIsIdentity() {
  const std::vector<int64_t> shape = {1, 16, 5, 2, 2};
  for (const auto& name : solverNames()) {
    auto a = makeSolver(name);
    auto b = makeSolver(name);
    a->setTimesteps(6, 5.0);
    b->setTimesteps(6, 5.0);
    at::Tensor xa = pseudoRandom(shape, 9), xb = xa.clone();
    for (int i = 0; i < 6; ++i) {
      const at::Tensor vi = pseudoRandom(shape, 200 + i);
      if (i == 3) b->keepFrames(at::arange(5, at::kLong), 2);
      xa = a->step(vi, xa);
      xb = b->step(vi, xb);
      QVERIFY2(at::equal(xa, xb), qPrintable(QString::fromStdString(name)));
    }
  }
}

void TestSampling::misuseIsReported() {
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeSolver("heun"));
  auto s = makeSolver("unipc");
  const at::Tensor x = at::ones({1, 4, 3, 2, 2});
  QVERIFY_THROWS_EXCEPTION(std::runtime_error, s->step(x, x));  // no schedule yet
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s->setTimesteps(0, 5.0));
  s->setTimesteps(2, 5.0);
  QVERIFY_THROWS_EXCEPTION(std::runtime_error, s->step(x, at::ones({1, 4, 2, 2, 2})));
  s->step(x, x);
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                           s->keepFrames(at::tensor(std::vector<int64_t>{0, 3}, at::kLong), 2));
  // History still has 3 frames: a sliced sample alone is refused.
  QVERIFY_THROWS_EXCEPTION(std::runtime_error, s->step(x.narrow(2, 0, 2), x.narrow(2, 0, 2)));
  s->step(x, x);
  QVERIFY(s->finished());
  QVERIFY_THROWS_EXCEPTION(std::runtime_error, s->step(x, x));
  s->setTimesteps(2, 5.0);  // restarts with empty history
  QCOMPARE(s->stepIndex(), int64_t(0));
  QVERIFY(s->history().empty());
}

void TestSampling::guidance() {
  const at::Tensor cond = pseudoRandom({2, 3, 4}, 11);
  const at::Tensor uncond = pseudoRandom({2, 3, 4}, 12);
  QVERIFY(!needsUncond(1.0));
  QVERIFY(needsUncond(3.5));
  QVERIFY(guide(cond, at::Tensor(), 1.0).is_same(cond));
  const at::Tensor g = guide(cond, uncond, 3.5);
  const float* c = cond.data_ptr<float>();
  const float* u = uncond.data_ptr<float>();
  const float* p = g.data_ptr<float>();
  for (int64_t i = 0; i < g.numel(); ++i)
    QVERIFY(std::fabs(p[i] - (u[i] + 3.5f * (c[i] - u[i]))) <= 1e-6f);
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, guide(cond, at::Tensor(), 3.5));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, guide(cond, uncond.narrow(0, 0, 1), 3.5));
  QCOMPARE(shiftSigma(0.5, 5.0), 2.5 / 3.0);
  QCOMPARE(shiftSigma(1.0, 5.0), 1.0);
}

QTEST_MAIN(TestSampling)
#include "test_sampling.moc"
