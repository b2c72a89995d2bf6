// Memory modes and previews where the pipeline meets them, on the CPU: the denoising loop tells a
// block arena which expert comes next (so nothing is fetched on demand) without changing a single
// value; the public options accept only what the CPU can do, with a clear message; previews come
// at the requested interval.
#include <ATen/ops/equal.h>
#include <ATen/ops/randn.h>
#include <c10/core/InferenceMode.h>

#include <QtTest>
#include <cstdlib>
#include <memory>
#include <set>

#include "api/engine.h"
#include "api/memory_preview.h"
#include "models/dit/wan_dit.h"
#include "models/t5/umt5.h"
#include "models/vae/wan_vae.h"
#include "pipeline/model_bundle.h"
#include "pipeline/denoise.h"
#include "runtime/block_arena.h"
#include "runtime/host_sync_counter.h"
#include "runtime/pinned_pool.h"
#include "runtime/random_weights.h"

using namespace ifedit;

namespace {

// Host copies of the blocks in a pool, as loadNetworks makes them on CUDA (unpinned here).
runtime::PinnedPool& hostPool() {
  static runtime::PinnedPool pool(false, int64_t{1} << 20);
  return pool;
}

std::unique_ptr<dit::WanDit> tinyExpert(uint64_t seed, bool blocksOnHost, c10::Device device = c10::kCPU) {
  dit::WanDitConfig c;
  c.modelType = dit::WanModelType::I2V;
  c.inDim = 36, c.outDim = 16, c.dim = 64, c.ffnDim = 128, c.numHeads = 4, c.numLayers = 4;
  c.textDim = 32, c.textLen = 16;
  auto model = std::make_unique<dit::WanDit>(c);
  dit::WanDitLoadOptions options;
  options.blocksOnHost = blocksOnHost;
  options.hostCopy = [](const at::Tensor& t) { return hostPool().copy(t); };
  model->load(*runtime::randomWeights(model->parameterSpecs(), seed), at::kFloat, device, options);
  return model;
}

// A tiny model set with random weights, as the loader gets it from files.
pipeline::NetworkSources tinySources(int64_t dim = 64) {
  pipeline::NetworkSources sources;
  auto& d = sources.highConfig;
  d.modelType = dit::WanModelType::I2V;
  d.inDim = 36, d.outDim = 16, d.dim = dim, d.ffnDim = 2 * dim, d.numHeads = 4, d.numLayers = 2;
  d.textDim = 32, d.textLen = 16;
  sources.lowConfig = d;
  t5::Umt5Config t5;
  t5.vocab = 64, t5.dim = 32, t5.dimAttn = 32, t5.dimFfn = 64, t5.numHeads = 4, t5.numLayers = 2;
  vae::WanVaeConfig vae;
  vae.dim = 4;
  sources.high = runtime::randomWeights(dit::WanDit(d).parameterSpecs(), 1, "high");
  sources.low = runtime::randomWeights(dit::WanDit(d).parameterSpecs(), 2, "low");
  sources.vae = runtime::randomWeights(vae::WanVae(vae).parameterSpecs(), 3, "vae");
  sources.textEncoder = runtime::randomWeights(t5::Umt5Encoder(t5).parameterSpecs(), 4, "t5");
  return sources;
}

struct CountingEvents : api::EngineEvents {
  std::vector<int> previewSteps;
  void preview(const api::StepInfo& info, const api::Image& img) override {
    QVERIFY(!img.empty());
    previewSteps.push_back(info.index);
  }
};

api::Image testImage(int w, int h) {
  api::Image img;
  img.width = w, img.height = h;
  img.rgb.resize(size_t(w) * h * 3);
  for (size_t i = 0; i < img.rgb.size(); ++i) img.rgb[i] = uint8_t((i * 7) % 251);
  return img;
}

}  // namespace

class TestEngineModes : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { at::manual_seed(5); }

  // Euler, 4 steps, boundary 0.9: t = 1000, 937.5 (high), 833, 625 (low); with and without CFG.
  void denoiseThroughArenaIsUnchanged_data() {
    QTest::addColumn<double>("guidance");
    QTest::addColumn<int>("slots");
    QTest::newRow("no CFG, swap") << 1.0 << 4;
    QTest::newRow("CFG, swap") << 2.0 << 4;
    QTest::newRow("CFG, stream 2") << 2.0 << 2;
  }

  void denoiseThroughArenaIsUnchanged() {
    QFETCH(double, guidance);
    QFETCH(int, slots);
    c10::InferenceMode guard;
    const auto highRef = tinyExpert(1, false), lowRef = tinyExpert(2, false);
    const auto high = tinyExpert(1, true), low = tinyExpert(2, true);
    pipeline::DenoiseSettings s;
    s.solver = "euler";
    s.steps = 4;
    s.guideLow = s.guideHigh = guidance;
    s.dropout = pipeline::DropoutSettings{2, 0.9, pipeline::DropoutAnchor::End, pipeline::DropoutPositions::Preserve};
    const auto noise = at::randn({16, 3, 4, 6}), y = at::randn({20, 3, 4, 6});
    const auto ctx = at::randn({5, 32}), ctxNull = at::randn({3, 32});
    const auto reference = pipeline::denoise({noise, y, ctx, ctxNull, highRef.get(), lowRef.get()}, s);

    runtime::BlockArena arena({high.get(), low.get()}, slots, c10::kCPU);
    arena.prefetch(0);
    const auto streamed = pipeline::denoise({noise, y, ctx, ctxNull, high.get(), low.get(), &arena}, s);
    QVERIFY(at::equal(streamed.latent, reference.latent));
    QCOMPARE(streamed.keptFrames, reference.keptFrames);
    QCOMPARE(arena.stats().demandCopies, int64_t{0});  // every pass's blocks were fetched ahead
    QCOMPARE(arena.nextExpert(), 0);                   // the next run starts with the high-noise expert
  }

  // Issue 7: no host synchronisation inside the denoising loop. On a GPU no step waits for the
  // device, as torch's own sync debug mode counts it — not even the steps where an expert first
  // meets a grid of frame positions and builds its RoPE tables from host data (the first step of
  // each expert, and the Temporal Latent Dropout step), which the schedule here includes.
  void denoisingStepsDoNotWaitForTheDevice_data() {
    QTest::addColumn<QString>("solver");  // unipc and dpm++ slice their histories in Solver::keepFrames
    for (const char* name : {"euler", "unipc", "dpm++"}) QTest::newRow(name) << QString::fromLatin1(name);
  }

  void denoisingStepsDoNotWaitForTheDevice() {
    QFETCH(QString, solver);
    c10::InferenceMode guard;
    const c10::Device device = at::hasCUDA() ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
    const auto high = tinyExpert(1, false, device), low = tinyExpert(2, false, device);
    pipeline::DenoiseSettings s;
    s.solver = solver.toStdString();
    s.steps = 8;
    s.guideLow = s.guideHigh = 1.0;
    s.dropout = pipeline::DropoutSettings{2, 0.95, pipeline::DropoutAnchor::End, pipeline::DropoutPositions::Preserve};
    const auto f32 = at::TensorOptions().device(device);
    const auto noise = at::randn({16, 5, 4, 6}, f32), y = at::randn({20, 5, 4, 6}, f32);
    const auto ctx = at::randn({5, 32}, f32);
    runtime::HostSyncCounter counter(4);
    std::vector<int64_t> after;
    QList<bool> stepNewGrid;
    std::set<std::pair<bool, bool>> seen;  // (high expert, after dropout)
    bool dropped = false;
    pipeline::DenoiseObserver observer;
    observer.onDropout = [&](const std::vector<int64_t>&, const std::vector<int64_t>&, int) { dropped = true; };
    observer.onStep = [&](const pipeline::StepRecord& r) {
      after.push_back(counter.count());
      stepNewGrid.push_back(seen.insert({r.highExpert, dropped}).second);
    };
    const auto r = pipeline::denoise({noise, y, ctx, at::Tensor(), high.get(), low.get()}, s, observer);
    // 8 steps, shift 5, boundary 0.9, dropout below t = 950; t = 1000 (UniPC 999), 972, 937 (high),
    // 892, 833, ... (low) for all three: dropout at step 2, inside the high expert's run.
    QCOMPARE(r.dropoutStep, 2);
    // Whether the step's expert had not yet run on these frame positions.
    QCOMPARE(stepNewGrid, (QList<bool>{true, false, true, true, false, false, false, false}));
    if (!device.is_cuda()) QSKIP("no CUDA device: the steps' bookkeeping is checked, the counting needs a GPU");
    QVERIFY(counter.active());
    QString perStep;
    for (size_t i = 0; i < after.size(); ++i) perStep += QString::number(after[i] - (i ? after[i - 1] : 0)) + " ";
    qInfo("host syncs per step: %s(dropout at step %d)", qPrintable(perStep), r.dropoutStep);
    for (const auto& site : counter.sites()) qInfo("%s", site.c_str());
    QCOMPARE(after.back(), int64_t{0});
  }

  void cpuAcceptsOnlyResident() {
    api::Engine engine;
    api::ModelOptions opts;
    opts.path = "demo";
    opts.device = "cpu";
    for (const char* mode : {"swap", "fp8", "lowvram"}) {
      opts.memoryMode = mode;
      try {
        engine.load(opts);
        QFAIL("a GPU memory mode loaded on the CPU");
      } catch (const std::runtime_error& e) {
        QVERIFY2(QString(e.what()).contains("needs a CUDA device"), e.what());
      }
    }
    opts.memoryMode = "sideways";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, engine.load(opts));
    for (const char* mode : {"auto", "resident"}) {
      opts.memoryMode = mode;
      opts.textEncoderOnCpu = true;  // already there: nothing changes
      const auto info = engine.load(opts);
      QCOMPARE(QString::fromStdString(info.memoryMode), QString("resident"));
    }
  }

  // A set whose weights would not fit in the host memory available is refused before any is read,
  // with the figures and the way out; the waiver loads it anyway.
  void hostMemoryShortfallIsRefused() {
    c10::InferenceMode guard;
    api::ModelOptions options;
    options.path = "random:tiny";
    auto sources = tinySources();
    const int64_t need = runtime::planHostBytes(runtime::MemoryMode::Resident, pipeline::memoryNeeds(sources, at::kFloat),
                                                true, false, /*deviceIsCpu=*/true);
    sources.hostAvailableOverride = need + (int64_t{1} << 30) - 1;  // 1 byte short of need + the 1 GiB reserve
    pipeline::ModelBundle refused;
    refused.device = c10::kCPU;
    try {
      pipeline::loadNetworks(refused, sources, options, at::kFloat);
      QFAIL("loaded into too little host memory");
    } catch (const std::runtime_error& e) {
      const QString text = QString::fromUtf8(e.what());
      QVERIFY2(text.startsWith("not enough host memory to load this model: on the CPU every model stays in host "
                               "memory (f32)"), e.what());
      QVERIFY2(text.contains("GiB is available now") && text.contains("IFEDIT_IGNORE_HOST_MEMORY=1"), e.what());
    }
    QVERIFY(!refused.high);  // nothing was read
    sources.hostAvailableOverride += 1;  // exactly enough
    pipeline::ModelBundle fits;
    fits.device = c10::kCPU;
    pipeline::loadNetworks(fits, sources, options, at::kFloat);
    QVERIFY(fits.high && fits.memory.hostFits);
    QCOMPARE(fits.memory.hostBytes, need);

    auto waived = tinySources();
    waived.hostAvailableOverride = 1;
    qputenv("IFEDIT_IGNORE_HOST_MEMORY", "1");
    pipeline::ModelBundle loaded;
    loaded.device = c10::kCPU;
    pipeline::loadNetworks(loaded, waived, options, at::kFloat);
    qunsetenv("IFEDIT_IGNORE_HOST_MEMORY");
    QVERIFY(loaded.high && !loaded.memory.hostFits);
  }

  // A load reports each part as it starts and the fraction of the set read, rising to exactly 1.
  void loadReportsHowMuchIsRead() {
    struct LoadEvents : api::EngineEvents {
      std::vector<std::string> parts;
      std::vector<double> fractions;
      std::vector<size_t> fractionsAtPart;  // how many fractions had come when each part started
      void stage(api::Stage s, const std::string& detail) override {
        if (s != api::Stage::LoadingModels) return;
        parts.push_back(detail);
        fractionsAtPart.push_back(fractions.size());
      }
      void loadProgress(double fraction) override { fractions.push_back(fraction); }
    } events;
    api::Engine engine;
    api::ModelOptions opts;
    opts.path = "demo";
    opts.device = "cpu";
    engine.load(opts, &events);
    QCOMPARE(events.parts, (std::vector<std::string>{"high-noise expert", "low-noise expert", "VAE", "text encoder"}));
    QVERIFY(events.fractions.size() >= 20);
    for (size_t i = 1; i < events.fractions.size(); ++i) QVERIFY(events.fractions[i] >= events.fractions[i - 1]);
    QCOMPARE(events.fractions.back(), 1.0);
    QVERIFY(events.fractions.front() < 0.05);
    // The low-noise expert starts near half way: the experts are most of the demo set's weights.
    const double atLow = events.fractions[events.fractionsAtPart[1]];
    QVERIFY2(atLow > 0.2 && atLow < 0.6, qPrintable(QString::number(atLow)));
    // Loaded already: nothing to read, nothing reported.
    LoadEvents again;
    engine.load(opts, &again);
    QVERIFY(again.fractions.empty() && again.parts.empty());
  }

  // The plan shown before loading is the one the load follows; what loaded models keep in host
  // memory counts as available to the next plan (a load with other options frees it first).
  void memoryPreviewMatchesTheLoad() {
    api::ModelOptions opts;
    opts.path = "demo";
    opts.device = "cpu";
    const auto before = api::previewMemory(opts);
    QVERIFY2(before.error.empty(), before.error.c_str());
    QCOMPARE(QString::fromStdString(before.device), QString("cpu"));
    QCOMPARE(QString::fromStdString(before.mode), QString("resident"));
    QVERIFY(before.hostBytes > 0 && before.hostAvailableBytes > before.hostBytes && before.hostFits);
    QCOMPARE(pipeline::hostBytesHeldByLoadedModels(), int64_t{0});
    {
      api::Engine engine;
      engine.load(opts);
      const int64_t held = pipeline::hostBytesHeldByLoadedModels();
      QVERIFY(held > 0 && held < before.hostBytes);  // the demo's weights, not a run's working memory
      c10::InferenceMode guard;
      auto sources = tinySources();
      sources.hostAvailableOverride = int64_t{5} << 30;
      api::ModelOptions random;
      random.path = "random:tiny";
      const auto preview = pipeline::planMemory(sources, random, c10::kCPU, at::kFloat, /*preview=*/true);
      QCOMPARE(preview.hostAvailable, (int64_t{5} << 30) + held);
      QCOMPARE(pipeline::planMemory(sources, random, c10::kCPU, at::kFloat).hostAvailable, int64_t{5} << 30);
    }
    QCOMPARE(pipeline::hostBytesHeldByLoadedModels(), int64_t{0});
    opts.memoryMode = "lowvram";
    QVERIFY(QString::fromStdString(api::previewMemory(opts).error).contains("needs a CUDA device"));
    opts.memoryMode = "auto";
    opts.path = "/nonexistent/wan";
    QVERIFY(!api::previewMemory(opts).error.empty());
    opts.path.clear();
    QCOMPARE(QString::fromStdString(api::previewMemory(opts).error), QString("no model folder chosen"));
  }

  // What a bundle holds in RAM is counted per bundle: on the CPU its weights, from its RAM check
  // (a preview during the load sees them as coming back), until the bundle goes — also after a
  // load stopped half way.
  void heldMemoryIsCounted() {
    c10::InferenceMode guard;
    api::ModelOptions random;
    random.path = "random:larger";
    auto sources = tinySources(384);
    const auto needs = pipeline::memoryNeeds(sources, at::kFloat);
    const int64_t weights = 2 * (needs.expertBlockBytes + needs.expertOtherBytes) + needs.textEncoderBytes + needs.vaeBytes;
    QCOMPARE(pipeline::hostBytesHeldByLoadedModels(), int64_t{0});
    {
      pipeline::ModelBundle bundle;
      bundle.device = c10::kCPU;
      int64_t midway = -1;
      pipeline::loadNetworks(bundle, sources, random, at::kFloat, [&](const std::string&, double fraction) {
        if (fraction >= 0.5 && midway < 0) midway = pipeline::hostBytesHeldByLoadedModels();
      });
      QCOMPARE(midway, weights);
      QCOMPARE(pipeline::hostBytesHeldByLoadedModels(), weights);
      {
        pipeline::ModelBundle second;  // another bundle adds its own
        second.device = c10::kCPU;
        auto small = tinySources();
        pipeline::loadNetworks(second, small, random, at::kFloat);
        QVERIFY(pipeline::hostBytesHeldByLoadedModels() > weights);
      }
      QCOMPARE(pipeline::hostBytesHeldByLoadedModels(), weights);
    }
    QCOMPARE(pipeline::hostBytesHeldByLoadedModels(), int64_t{0});
    {
      CancelToken cancel;
      auto again = tinySources(384);
      pipeline::ModelBundle stopped;
      stopped.device = c10::kCPU;
      QVERIFY_THROWS_EXCEPTION(Cancelled, pipeline::loadNetworks(stopped, again, random, at::kFloat,
                                                                 [&](const std::string&, double fraction) {
                                                                   if (fraction >= 0.3) cancel.cancel();
                                                                 },
                                                                 &cancel));
      QCOMPARE(pipeline::hostBytesHeldByLoadedModels(), weights);  // still alive: may hold what it read
    }
    QCOMPARE(pipeline::hostBytesHeldByLoadedModels(), int64_t{0});
    {
      // A load refused by the RAM check is not counted at all.
      auto refusedSources = tinySources();
      refusedSources.hostAvailableOverride = 1;
      pipeline::ModelBundle refused;
      refused.device = c10::kCPU;
      QVERIFY_THROWS_EXCEPTION(std::runtime_error, pipeline::loadNetworks(refused, refusedSources, random, at::kFloat));
      QCOMPARE(pipeline::hostBytesHeldByLoadedModels(), int64_t{0});
    }
  }

  void previewInterval_data() {
    QTest::addColumn<int>("every");
    QTest::addColumn<QList<int>>("steps");
    QTest::newRow("every step") << 1 << QList<int>{0, 1, 2, 3};
    QTest::newRow("every 2nd + last") << 2 << QList<int>{0, 2, 3};
    QTest::newRow("every 3rd + last") << 3 << QList<int>{0, 3};
    QTest::newRow("none") << 0 << QList<int>{};
  }

  void previewInterval() {
    QFETCH(int, every);
    QFETCH(QList<int>, steps);
    api::Engine engine;
    engine.load({"demo"});
    api::EditSettings s;
    s.frames = 5, s.steps = 4, s.solver = "euler", s.maxArea = 64 * 64, s.refine = false;
    s.previewEvery = every;
    CountingEvents events;
    engine.evolve({testImage(64, 64), "a", s}, events);
    QCOMPARE(QList<int>(events.previewSteps.begin(), events.previewSteps.end()), steps);
    s.previewEvery = -1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::validateSettings(s, nullptr));
  }
};

QTEST_MAIN(TestEngineModes)
#include "test_engine_modes.moc"
