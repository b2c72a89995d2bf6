// The IF-Edit pipeline: the official loop against the e2e fixture, Temporal Latent Dropout,
// candidates and the Laplacian pick, SCPR, events, determinism and cancellation on the demo models.
#include <ATen/Context.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/index_select.h>
#include <ATen/ops/tensor.h>
#include <c10/core/InferenceMode.h>

#include <QtTest>

#include <cmath>
#include <tuple>
#include <limits>
#include <numeric>

#include "api/engine.h"
#include "fixtures/fixture_check.h"
#include "io/tensor_source.h"
#include "io/weight_source.h"
#include "models/dit/wan_dit.h"
#include "pipeline/denoise.h"
#include "pipeline/sharpness.h"
#include "pipeline/temporal_dropout.h"
#include "runtime/device_memory.h"
#include "sampling/guidance.h"
#include "sampling/solver.h"

using namespace ifedit;
using pipeline::DropoutAnchor;

namespace {

const std::string kFixtures = IFEDIT_FIXTURES_DIR;

std::unique_ptr<dit::WanDit> loadDit(const std::string& name) {
  auto weights = io::weightsFrom(io::openTensorFile(kFixtures + "/" + name + ".safetensors"));
  auto m = std::make_unique<dit::WanDit>(dit::WanDitConfig::fromJsonFile(kFixtures + "/" + name + ".config.json"));
  m->load(*weights, at::kFloat, at::kCPU);
  return m;
}

// A gradient image with a sharp square, so the pipeline has real structure to work on.
api::Image testImage(int w, int h) {
  api::Image img;
  img.width = w;
  img.height = h;
  img.rgb.resize(size_t(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &img.rgb[(size_t(y) * w + x) * 3];
      const bool square = x > w / 3 && x < 2 * w / 3 && y > h / 3 && y < 2 * h / 3;
      p[0] = square ? 250 : uint8_t(255 * x / w);
      p[1] = square ? 20 : uint8_t(255 * y / h);
      p[2] = 128;
    }
  return img;
}

struct RecordingEvents : api::EngineEvents {
  std::vector<api::Stage> stages;
  std::vector<api::StepInfo> steps;
  std::vector<int64_t> kept;
  int dropoutAt = -1;
  int previews = 0;
  std::vector<int> frameStarts;
  int frameCount = 0;
  std::vector<double> scoresSeen;
  CancelToken* cancelAtStep1 = nullptr;
  void stage(api::Stage s, const std::string&) override { stages.push_back(s); }
  void step(const api::StepInfo& s) override {
    steps.push_back(s);
    if (cancelAtStep1 && s.index == 1) cancelAtStep1->cancel();
  }
  void dropout(const std::vector<int64_t>& k, int at) override {
    kept = k;
    dropoutAt = at;
  }
  void preview(const api::StepInfo&, const api::Image& img) override {
    QVERIFY(!img.empty());
    ++previews;
  }
  void frames(int first, const std::vector<api::Image>& f, bool) override {
    frameStarts.push_back(first);
    frameCount += int(f.size());
  }
  void scores(const std::vector<int>&, const std::vector<double>& s, int, bool) override { scoresSeen = s; }
};

api::EditSettings demoSettings() {
  api::EditSettings s;
  s.frames = 9;
  s.steps = 4;
  s.solver = "euler";
  s.maxArea = 64 * 96;
  s.seed = 7;
  s.refineFrames = 5;
  return s;
}

}  // namespace

class TestPipeline : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void keptSetTable_data() {
    QTest::addColumn<int>("frames");
    QTest::addColumn<int>("k");
    QTest::addColumn<bool>("start");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::newRow("F9 K3 end (DESIGN example)") << 9 << 3 << false << QList<qint64>{0, 2, 5, 8};
    QTest::newRow("F9 K1 keeps all") << 9 << 1 << false << QList<qint64>{0, 1, 2, 3, 4, 5, 6, 7, 8};
    QTest::newRow("F9 K3 start") << 9 << 3 << true << QList<qint64>{0, 3, 6, 8};
    QTest::newRow("F9 K4 end") << 9 << 4 << false << QList<qint64>{0, 4, 8};
    QTest::newRow("F9 K8 end") << 9 << 8 << false << QList<qint64>{0, 8};
    QTest::newRow("F9 K20 end") << 9 << 20 << false << QList<qint64>{0, 8};
    QTest::newRow("F6 K2 end") << 6 << 2 << false << QList<qint64>{0, 1, 3, 5};
    QTest::newRow("F6 K2 start") << 6 << 2 << true << QList<qint64>{0, 2, 4, 5};
    QTest::newRow("F3 K3 end") << 3 << 3 << false << QList<qint64>{0, 2};
    QTest::newRow("F2 K3 end") << 2 << 3 << false << QList<qint64>{0, 1};
    QTest::newRow("F1") << 1 << 3 << false << QList<qint64>{0};
    QTest::newRow("F21 K3 end (81 frames)") << 21 << 3 << false << QList<qint64>{0, 2, 5, 8, 11, 14, 17, 20};
  }
  void keptSetTable() {
    QFETCH(int, frames);
    QFETCH(int, k);
    QFETCH(bool, start);
    QFETCH(QList<qint64>, expected);
    const auto kept = pipeline::keptFrames(frames, k, start ? DropoutAnchor::Start : DropoutAnchor::End);
    QCOMPARE(QList<qint64>(kept.begin(), kept.end()), expected);
  }

  void keptSetRejectsBadK() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pipeline::keptFrames(9, 0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pipeline::keptFrames(0, 3));
    QCOMPARE(pipeline::keptPositions({0, 2, 5, 8}, pipeline::DropoutPositions::Reindex),
             (std::vector<int64_t>{0, 1, 2, 3}));
    QCOMPARE(pipeline::keptPositions({0, 2, 5, 8}, pipeline::DropoutPositions::Preserve),
             (std::vector<int64_t>{0, 2, 5, 8}));
  }

  void officialLoopMatchesE2EFixture() {
    const auto report = fixtures::checkFixtures(kFixtures, {"e2e"}, [](const std::string& line) { qInfo("%s", line.c_str()); });
    QVERIFY(report.errors.empty());
    QVERIFY(report.comparisons.size() > 20);
    QVERIFY(report.pass());
  }

  // The e2e inputs with 3 latent frames, for the dropout runs below.
  void dropoutK1IsBitIdenticalToNoDropout() {
    c10::InferenceMode guard;
    auto high = loadDit("dit_i2v"), low = loadDit("dit_i2v_bf16");
    auto ref = io::openTensorFile(kFixtures + "/e2e.safetensors");
    pipeline::DenoiseInputs in{ref->load("noise"), ref->load("y"), ref->load("context"), ref->load("context_null"),
                               high.get(), low.get()};
    pipeline::DenoiseSettings s;
    s.steps = 4;
    s.guideLow = 3.0;
    s.guideHigh = 4.0;
    const auto plain = pipeline::denoise(in, s);
    s.dropout = pipeline::DropoutSettings{1, 0.9};
    const auto k1 = pipeline::denoise(in, s);
    QCOMPARE(plain.dropoutStep, -1);
    QCOMPARE(k1.dropoutStep, -1);  // K 1 keeps every frame: no dropout is recorded
    s.dropout = pipeline::DropoutSettings{2, 0.9};
    QCOMPARE(pipeline::denoise(in, s).dropoutStep, 2);  // timesteps 999, 937, 833: first below 900 is step 2
    s.dropout = pipeline::DropoutSettings{1, 0.9};
    QVERIFY(at::equal(plain.latent, k1.latent));
  }

  void dropoutEqualsSlicingByHandWithOriginalPositions() {
    c10::InferenceMode guard;
    auto high = loadDit("dit_i2v"), low = loadDit("dit_i2v_bf16");
    auto ref = io::openTensorFile(kFixtures + "/e2e.safetensors");
    const auto noise = ref->load("noise"), y = ref->load("y"), ctx = ref->load("context"), ctxNull = ref->load("context_null");
    pipeline::DenoiseInputs in{noise, y, ctx, ctxNull, high.get(), low.get()};
    pipeline::DenoiseSettings s;
    s.steps = 4;
    s.guideLow = 3.0;
    s.guideHigh = 4.0;
    s.dropout = pipeline::DropoutSettings{2, 0.9};  // F_lat 3, K 2 -> S = {0, 2}
    std::vector<int64_t> seenPositions;
    pipeline::DenoiseObserver obs;
    obs.onDropout = [&](const std::vector<int64_t>& kept, const std::vector<int64_t>& pos, int) {
      QCOMPARE(kept, (std::vector<int64_t>{0, 2}));
      seenPositions = pos;
    };
    const auto dropped = pipeline::denoise(in, s, obs);
    QCOMPARE(seenPositions, (std::vector<int64_t>{0, 2}));
    QCOMPARE(dropped.keptFrames, (std::vector<int64_t>{0, 2}));
    QCOMPARE(dropped.latent.size(1), int64_t(2));

    // By hand: the same UniPC loop, slicing latent, y and the solver history at step 2 and giving
    // the DiT the original temporal positions {0, 2}.
    auto solver = sampling::makeSolver("unipc");
    solver->setTimesteps(4, 5.0);
    at::Tensor x = noise, cond = y;
    std::vector<int64_t> positions{0, 1, 2};
    for (int i = 0; i < 4; ++i) {
      const double t = solver->timestepValue(i);
      if (i == 2) {
        const auto idx = at::tensor(std::vector<int64_t>{0, 2}, at::kLong);
        x = at::index_select(x, 1, idx);
        cond = at::index_select(cond, 1, idx);
        solver->keepFrames(idx, 1);
        positions = {0, 2};
      }
      const auto& model = t >= 900 ? *high : *low;
      const double g = t >= 900 ? 4.0 : 3.0;
      dit::WanDitInput input{x, at::tensor({int64_t(t)}, at::kLong), ctx, cond, positions};
      const auto c = model.forward(input);
      input.context = ctxNull;
      const auto u = model.forward(input);
      x = solver->step(sampling::guide(c, u, g), x);
    }
    QVERIFY(at::equal(dropped.latent, x));

    // Reindexed positions are a different computation.
    s.dropout->positions = pipeline::DropoutPositions::Reindex;
    const auto reindexed = pipeline::denoise(in, s);
    QVERIFY(!at::equal(reindexed.latent, dropped.latent));
  }

  void laplacianVarianceScoresSharpness() {
    // A checkerboard is far sharper than a smooth ramp; a flat image scores 0.
    std::vector<uint8_t> flat(32 * 32 * 3, 100), ramp(32 * 32 * 3), checker(32 * 32 * 3);
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 32; ++x)
        for (int c = 0; c < 3; ++c) {
          ramp[(y * 32 + x) * 3 + c] = uint8_t(x * 8);
          checker[(y * 32 + x) * 3 + c] = ((x + y) % 2) ? 255 : 0;
        }
    QCOMPARE(pipeline::laplacianVariance(flat.data(), 32, 32), 0.0);
    const double r = pipeline::laplacianVariance(ramp.data(), 32, 32);
    const double c = pipeline::laplacianVariance(checker.data(), 32, 32);
    QVERIFY(c > 100 * (r + 1));
    QCOMPARE(pipeline::sharpestIndex({1.0, 5.0, 3.0, 5.0}), 1);
    QCOMPARE(pipeline::sharpestIndex({}), -1);
  }

  void settingsAreValidatedAndAdjusted() {
    std::vector<std::string> notes;
    api::EditSettings s;
    s.frames = 32;
    s.refineFrames = 8;
    const auto v = api::validateSettings(s, &notes);
    QCOMPARE(v.frames, 33);
    QCOMPARE(v.refineFrames, 9);
    QCOMPARE(notes.size(), size_t(2));
    s = {};
    s.dropoutK = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::validateSettings(s, nullptr));
    s = {};
    s.threshold = 1.0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::validateSettings(s, nullptr));
    s = {};
    s.threshold = 0.0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::validateSettings(s, nullptr));
    s = {};
    s.solver = "ddim";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::validateSettings(s, nullptr));
    s = {};
    s.anchor = "middle";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::validateSettings(s, nullptr));
    s = {};
    s.steps = api::kMaxSteps + 1;  // a schedule that only exhausts memory (std::bad_alloc mid-run)
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::validateSettings(s, nullptr));
    s.steps = api::kMaxSteps;
    QCOMPARE(api::validateSettings(s, nullptr).steps, api::kMaxSteps);
    // Infinite shift or guidance pass "> 0" / ">= 0" but would make every latent NaN.
    s = {};
    s.shift = std::numeric_limits<double>::infinity();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::validateSettings(s, nullptr));
    s = {};
    s.guidanceHigh = std::numeric_limits<double>::infinity();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::validateSettings(s, nullptr));
    s = {};
    s.guidanceLow = std::numeric_limits<double>::quiet_NaN();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::validateSettings(s, nullptr));
    // Finite but far out: shift 1e-300 (first timestep infinite) and guidance 1e30 (float32
    // overflow) ran to a black picture; a max area of 1e15 failed in the allocator. The Settings'
    // ranges are the bounds, each edge still accepted.
    for (const auto& [field, bad, edge] : {std::tuple{&api::EditSettings::shift, 1e-300, api::kMinShift},
                                           std::tuple{&api::EditSettings::shift, 1e4, api::kMaxShift},
                                           std::tuple{&api::EditSettings::guidanceLow, 1e30, api::kMaxGuidance},
                                           std::tuple{&api::EditSettings::guidanceHigh, 101.0, api::kMaxGuidance}}) {
      s = {};
      s.*field = bad;
      QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::validateSettings(s, nullptr));
      s.*field = edge;
      QCOMPARE(api::validateSettings(s, nullptr).*field, edge);
    }
    s = {};
    s.maxArea = 1'000'000'000'000'000;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::validateSettings(s, nullptr));
    s.maxArea = api::kMaxArea;
    QCOMPARE(api::validateSettings(s, nullptr).maxArea, api::kMaxArea);

    // The noise generator keeps 32 bits of a seed: a larger one is adjusted to them (the noise it
    // always gave), said in a line, so that two seeds shown as different give different noise.
    s = api::EditSettings{};
    s.seed = (uint64_t{1} << 32) + 42;
    std::vector<std::string> seedLines;
    QCOMPARE(api::validateSettings(s, &seedLines).seed, uint64_t{42});
    QVERIFY(seedLines.size() == 1 && seedLines[0].find("seed 4294967338 -> 42") == 0);
    s.seed = api::kMaxSeed;
    seedLines.clear();
    QCOMPARE(api::validateSettings(s, &seedLines).seed, api::kMaxSeed);
    QVERIFY(seedLines.empty());

    // One frame would evolve nothing (and its refinement would score only the reconstructed
    // source): an evolution and a refinement have at least 5 frames, said in a line.
    s = api::EditSettings{};
    s.frames = 1;
    s.refineFrames = 1;
    std::vector<std::string> frameLines;
    const auto five = api::validateSettings(s, &frameLines);
    QCOMPARE(five.frames, 5);
    QCOMPARE(five.refineFrames, 5);
    QCOMPARE(frameLines.size(), size_t(2));
    QVERIFY(frameLines[0].find("frames 1 -> 5") == 0 && frameLines[1].find("refinement frames 1 -> 5") == 0);

    // Pictures too narrow or too wide for the max area are named before anything loads, with the
    // max area that would do (which then works).
    QVERIFY(api::workingSizeProblem(832, 480, 480 * 832).empty());
    const std::string wide = api::workingSizeProblem(4000, 10, 46080);
    QVERIFY2(wide.find("a 4000 x 10 picture needs a max area of at least 102400") != std::string::npos, wide.c_str());
    QVERIFY(api::workingSizeProblem(4000, 10, 102400).empty());
    QVERIFY(!api::workingSizeProblem(1, 1000, 46080).empty());
    // Past the largest max area there is no value to name: the picture cannot be edited as it is.
    const std::string strip = api::workingSizeProblem(500000, 1, 46080);
    QVERIFY2(strip.find("too narrow or too wide to edit") != std::string::npos &&
                 strip.find("needs a max area") == std::string::npos,
             strip.c_str());
    QVERIFY(api::workingSizeProblem(500000, 1, api::kMaxArea) == strip);
  }

  void demoEvolveRefineEventsAndDeterminism() {
    api::Engine engine;
    api::ModelOptions opts;
    opts.path = "demo";
    const auto info = engine.load(opts);
    QVERIFY(info.randomWeights);
    QVERIFY(QString::fromStdString(info.identity).contains("random weights"));

    api::EvolveRequest req{testImage(90, 60), "the red square slowly turns blue", demoSettings()};
    RecordingEvents ev;
    const auto evo = engine.evolve(req, ev);
    // 9 frames -> 3 latent frames; K=3 anchored at the end keeps {0, 2} -> 2 latents -> 5 frames.
    QCOMPARE(evo.keptLatentFrames, (std::vector<int64_t>{0, 2}));
    QCOMPARE(ev.kept, evo.keptLatentFrames);
    QCOMPARE(int(evo.frames.size()), 5);
    QCOMPARE(ev.frameCount, 5);
    QCOMPARE(ev.frameStarts, (std::vector<int>{0, 1}));  // streamed per latent frame
    QCOMPARE(int(ev.steps.size()), 4);
    QCOMPARE(ev.previews, 4);
    QCOMPARE(ev.steps.front().highExpert, true);   // Euler t = 1000 >= 900
    QCOMPARE(ev.steps.back().highExpert, false);
    QCOMPARE(evo.candidates, (std::vector<int>{1, 2, 3, 4}));
    QCOMPARE(int(evo.candidateScores.size()), 4);
    const auto best = std::max_element(evo.candidateScores.begin(), evo.candidateScores.end()) - evo.candidateScores.begin();
    QCOMPARE(evo.pick, evo.candidates[size_t(best)]);
    QCOMPARE(evo.seed, uint64_t(7));
    // Working resolution from the resolution rule: 60x90 at 6144 px -> latent 8x12 -> 64x96.
    QCOMPARE(evo.width, 96);
    QCOMPARE(evo.height, 64);
    QCOMPARE(evo.frames[0].width, 96);

    // Same seed and settings: identical frames. Another seed: different frames.
    RecordingEvents ev2;
    const auto again = engine.evolve(req, ev2);
    QVERIFY(again.frames[4].rgb == evo.frames[4].rgb);
    req.settings.seed = 8;
    const auto other = engine.evolve(req, ev2);
    QVERIFY(other.frames[4].rgb != evo.frames[4].rgb);

    // SCPR on the pick: 5 frames -> 2 latents; K=3 keeps {0, 1}; frames 1..4 scored.
    RecordingEvents rev;
    const auto refined = engine.refine(evo, -1, "a perfectly still scene", rev);
    QVERIFY(refined.refined);
    QCOMPARE(refined.chosenFrame, evo.pick);
    QCOMPARE(int(refined.frames.size()), 5);
    QCOMPARE(int(refined.scores.size()), 4);
    QVERIFY(refined.pick >= 1);
    QCOMPARE(refined.image.rgb, refined.frames[size_t(refined.pick)].rgb);
    QVERIFY(std::all_of(rev.steps.begin(), rev.steps.end(), [](const api::StepInfo& s) { return s.refining; }));
    // Refinement off: the chosen frame (any frame, here 2) is the result.
    auto noRefine = evo;
    noRefine.settings.refine = false;
    const auto plain = engine.refine(noRefine, 2, "", rev);
    QVERIFY(!plain.refined);
    QCOMPARE(plain.image.rgb, evo.frames[2].rgb);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, engine.refine(evo, 99, "", rev));
  }

  // SCPR (DESIGN.md §1.6) refines x* at the evolution's size, with TLD on, and follows the
  // refinement settings given when it is asked for.
  void refineKeepsTheEvolutionSizeAndDropout() {
    api::Engine engine;
    engine.load({"demo"});
    // 270x1000 at 6144 px -> latent 4x18 (32x144); the rule applied again to 32x144 would give
    // 4x20 (32x160): x* would be stretched by 11 %.
    api::EditSettings settings = demoSettings();
    settings.dropout = false;
    api::EvolveRequest req{testImage(1000, 270), "the red square slowly turns blue", settings};
    RecordingEvents ev;
    const auto evo = engine.evolve(req, ev);
    QCOMPARE(evo.width, 144);
    QCOMPARE(evo.height, 32);
    QCOMPARE(evo.keptLatentFrames, (std::vector<int64_t>{0, 1, 2}));  // no dropout in the evolution

    RecordingEvents rev;
    const auto refined = engine.refine(evo, -1, "a perfectly still scene", api::RefineOptions{true, 9}, rev);
    QVERIFY(refined.refined);
    QCOMPARE(refined.refineFrames, 9);
    QCOMPARE(refined.frames.front().width, 144);
    QCOMPARE(refined.frames.front().height, 32);
    QCOMPARE(refined.image.width, 144);
    // 9 frames -> 3 latents; TLD on with K=3 from the end keeps {0, 2}.
    QCOMPARE(refined.keptLatentFrames, (std::vector<int64_t>{0, 2}));
    QCOMPARE(int(refined.frames.size()), 5);

    // Settings changed after the evolution: refinement off now, or another frame count.
    const auto plain = engine.refine(evo, 3, "", api::RefineOptions{false, 9}, rev);
    QVERIFY(!plain.refined);
    QCOMPARE(plain.refineFrames, 0);
    QCOMPARE(plain.image.rgb, evo.frames[3].rgb);
    auto refineOff = evo;
    refineOff.settings.refine = false;
    const auto again = engine.refine(refineOff, 3, "still", api::RefineOptions{true, 6}, rev);
    QVERIFY(again.refined);
    QCOMPARE(again.refineFrames, 5);  // rounded to 4n+1
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, engine.refine(evo, 3, "", api::RefineOptions{true, 0}, rev));
  }

  void cancelStopsPromptlyAndTheEngineRunsAgain() {
    api::Engine engine;
    engine.load({"demo"});
    CancelToken token;
    RecordingEvents ev;
    ev.cancelAtStep1 = &token;
    api::EvolveRequest req{testImage(64, 64), "anything", demoSettings()};
    QVERIFY_THROWS_EXCEPTION(Cancelled, engine.evolve(req, ev, &token));
    QCOMPARE(int(ev.steps.size()), 2);  // cancelled after step 1, before step 2 runs its DiT
    QCOMPARE(ev.frameCount, 0);         // nothing decoded
    token.reset();
    RecordingEvents ev2;
    const auto evo = engine.evolve(req, ev2, &token);
    QCOMPARE(int(evo.frames.size()), 5);
  }

  // The frame count known before the run (what --pick is checked against) is what the run gives.
  void evolutionFrameCountIsKnownBeforehand() {
    api::Engine engine;
    engine.load({"demo"});
    std::vector<api::EditSettings> cases;
    api::EditSettings s = demoSettings();
    s.frames = 33;
    cases.push_back(s);  // dropout K 3: kept {0, 2, 5, 8} -> 13 frames
    s.dropoutK = 2;
    s.anchor = "start";
    s.solver = "unipc";
    s.steps = 3;
    cases.push_back(s);
    s.dropout = false;
    cases.push_back(s);
    s.dropout = true;
    s.threshold = 0.05;  // no step below it: nothing dropped
    s.steps = 2;
    cases.push_back(s);
    s = demoSettings();
    s.frames = 30;  // adjusted to 29
    cases.push_back(s);
    for (const auto& c : cases) {
      RecordingEvents ev;
      const auto evo = engine.evolve({testImage(64, 48), "x", c}, ev);
      QCOMPARE(api::evolutionFrameCount(c), int(evo.frames.size()));
    }
    QCOMPARE(api::evolutionFrameCount(cases[0]), 13);
    QCOMPARE(api::evolutionFrameCount(cases[3]), 33);
  }

  // Esc or closing the window during a load of many GB: the load stops between tensors of an
  // expert (not after the whole model set), leaves nothing loaded, and a later load works.
  void cancelStopsALoad() {
    struct CancelOnStage : api::EngineEvents {
      CancelToken* token = nullptr;
      std::string at;
      std::vector<std::string> parts;
      void stage(api::Stage, const std::string& part) override {
        parts.push_back(part);
        if (part == at) token->cancel();
      }
    };
    api::Engine engine;
    CancelToken token;
    CancelOnStage events;
    events.token = &token;
    events.at = "high-noise expert";  // reported just before the expert's tensors are read
    QVERIFY_THROWS_EXCEPTION(Cancelled, engine.load({"demo"}, &events, &token));
    QVERIFY(!engine.loaded());
    QCOMPARE(events.parts.back(), std::string("high-noise expert"));  // nothing after it started
    token.reset();
    QVERIFY(engine.load({"demo"}, nullptr, &token).boundary > 0);
    QVERIFY(engine.loaded());
  }

  void unavailableDevicesAreClearErrors() {
    const auto loadMessage = [](const std::string& device) -> std::string {
      api::ModelOptions options{"demo"};
      options.device = device;
      api::Engine engine;
      try {
        engine.load(options);
      } catch (const std::runtime_error& e) {
        return e.what();
      }
      return {};
    };
    for (const std::string bad : {"banana", "cuda:x", "mps"}) {
      const auto message = loadMessage(bad);
      QVERIFY2(message.find("device '" + bad + "' requested") != std::string::npos, message.c_str());
      QVERIFY2(message.find("auto, cpu, cuda or cuda:N") != std::string::npos, message.c_str());
    }
    const auto beyond = loadMessage("cuda:99");
    QVERIFY2(beyond.find("device 'cuda:99' requested, but ") == 0, beyond.c_str());
    if (!runtime::cudaRuntimeCompiledIn()) {
      QVERIFY2(beyond.find("libtorch without CUDA") != std::string::npos, beyond.c_str());
      QVERIFY(loadMessage("cuda").find("libtorch without CUDA") != std::string::npos);
    } else if (!at::hasCUDA()) {
      QVERIFY2(beyond.find("no CUDA device is visible") != std::string::npos, beyond.c_str());
      QVERIFY(loadMessage("cuda").find("no CUDA device is visible") != std::string::npos);
    } else {
      QVERIFY2(beyond.find("CUDA device(s) are visible") != std::string::npos, beyond.c_str());
    }
    QCOMPARE(loadMessage("cpu"), std::string());
  }

  void badSourceImagesAreErrors() {
    api::Engine engine;
    engine.load({"demo"});
    RecordingEvents ev;
    api::EvolveRequest req{api::Image{}, "x", demoSettings()};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, engine.evolve(req, ev));
    req.source = testImage(8, 8);
    req.source.rgb.pop_back();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, engine.evolve(req, ev));
    api::Engine empty;
    req.source = testImage(8, 8);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, empty.evolve(req, ev));
  }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "test_pipeline.moc"
