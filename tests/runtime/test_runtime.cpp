// Memory modes (core/runtime) on the CPU: the mode decision, random weights of the real shapes,
// the block arena that swap and lowvram run on (with synchronous copies here: the same
// bookkeeping as on CUDA), and the offloaded text encoder.
#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/ones_like.h>
#include <ATen/ops/randn.h>
#include <c10/core/InferenceMode.h>

#include <torch/version.h>

#include <QtTest>
#include <cmath>
#include <memory>

#include "io/tensor_source.h"
#include "io/weight_source.h"
#include "models/dit/wan_dit.h"
#include "models/t5/umt5.h"
#include "models/vae/wan_vae.h"
#include "runtime/block_arena.h"
#include "runtime/device_memory.h"
#include "runtime/host_memory.h"
#include "runtime/host_sync_counter.h"
#include "runtime/memory_mode.h"
#include "runtime/offloaded_text_encoder.h"
#include "runtime/pinned_pool.h"
#include "runtime/random_weights.h"

using namespace ifedit;
using runtime::MemoryMode;

namespace {

constexpr int64_t kGiB = int64_t{1} << 30;
constexpr int64_t kMiB = int64_t{1} << 20;

dit::WanDitConfig tinyI2v(int64_t layers) {
  dit::WanDitConfig c;
  c.modelType = dit::WanModelType::I2V;
  c.inDim = 36;
  c.outDim = 16;
  c.dim = 64;
  c.ffnDim = 128;
  c.numHeads = 4;
  c.numLayers = layers;
  c.textDim = 32;
  c.textLen = 16;
  return c;
}

std::unique_ptr<dit::WanDit> tinyExpert(uint64_t seed, bool blocksOnHost, int64_t layers = 4) {
  auto model = std::make_unique<dit::WanDit>(tinyI2v(layers));
  auto weights = runtime::randomWeights(model->parameterSpecs(), seed);
  dit::WanDitLoadOptions options;
  options.blocksOnHost = blocksOnHost;
  model->load(*weights, at::kFloat, c10::kCPU, options);
  return model;
}

dit::WanDitInput tinyInput(double t) {
  dit::WanDitInput in;
  in.x = at::randn({16, 2, 4, 6});
  in.y = at::randn({20, 2, 4, 6});
  in.context = at::randn({5, 32});
  in.timestep = at::full({1}, t, at::kFloat);
  return in;
}

}  // namespace

class TestRuntime : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { at::manual_seed(3); }

  void modeNames() {
    QCOMPARE(QString::fromStdString(runtime::memoryModeName(MemoryMode::LowVram)), QString("lowvram"));
    QVERIFY(!runtime::parseMemoryMode("auto"));
    QVERIFY(!runtime::parseMemoryMode(""));
    QVERIFY(*runtime::parseMemoryMode("swap") == MemoryMode::Swap);
    QVERIFY(*runtime::parseMemoryMode("fp8") == MemoryMode::Fp8);
    QCOMPARE(QString::fromStdString(runtime::memoryModeName(MemoryMode::Fp8)), QString("fp8"));
    try {
      runtime::parseMemoryMode("huge");
      QFAIL("accepted an unknown mode");
    } catch (const std::invalid_argument& e) {
      QVERIFY(QString(e.what()).contains("resident, swap, fp8, lowvram"));
    }
  }

  // The real A14B set: an H200 keeps everything, an 80 GB card with 75 GiB free swaps, a 24 GB card
  // streams FP8.
  void a14bModes() {
    const auto needs = runtime::a14bNeeds();
    QVERIFY(needs.expertBlockBytes > 27'000'000'000 && needs.expertBlockBytes < 29'000'000'000);  // 28.6 GB
    QVERIFY(needs.expertFp8BlockBytes < needs.expertBlockBytes * 55 / 100);
    QVERIFY(runtime::chooseMemoryMode(140 * kGiB, needs).mode == MemoryMode::Resident);
    const auto h100 = runtime::chooseMemoryMode(75 * kGiB, needs);  // an 80 GB card, display attached
    QVERIFY(h100.mode == MemoryMode::Swap);
    QVERIFY(h100.textEncoderResident);
    const auto a6000 = runtime::chooseMemoryMode(47 * kGiB, needs);
    QVERIFY(a6000.mode == MemoryMode::Swap);
    QVERIFY(!a6000.textEncoderResident);
    const auto rtx4090 = runtime::chooseMemoryMode(23 * kGiB, needs);
    QVERIFY(rtx4090.mode == MemoryMode::LowVram);
    QVERIFY(rtx4090.fits);
    QVERIFY(rtx4090.deviceBytes <= 22'000'000'000);  // the lowvram target (22 GB)
    // fp8 on request: both experts' FP8 blocks on an 80 GB card with the text encoder, on a 48 GB
    // card without it; its peak is swap's (one bf16 expert = two FP8 ones), nothing like resident's.
    const auto fp8h100 = runtime::chooseMemoryMode(75 * kGiB, needs, MemoryMode::Fp8);
    QVERIFY(fp8h100.mode == MemoryMode::Fp8 && fp8h100.fits && fp8h100.textEncoderResident);
    const auto fp8a6000 = runtime::chooseMemoryMode(47 * kGiB, needs, MemoryMode::Fp8);
    QVERIFY(fp8a6000.fits && !fp8a6000.textEncoderResident);
    const double fp8Peak = double(runtime::planDeviceBytes(MemoryMode::Fp8, needs, true));
    const double swapPeak = double(runtime::planDeviceBytes(MemoryMode::Swap, needs, true));
    QVERIFY2(std::abs(fp8Peak / swapPeak - 1) < 0.02, qPrintable(QString::number(fp8Peak / swapPeak)));
    QVERIFY(!runtime::chooseMemoryMode(23 * kGiB, needs, MemoryMode::Fp8).fits);  // a 24 GB card streams
    // The text encoder brought over per prompt lands beside what stays on the device: swap's
    // arena (one expert's blocks), the non-block weights and the VAE.
    for (const MemoryMode mode : {MemoryMode::Swap, MemoryMode::Fp8}) {
      const int64_t blocks = mode == MemoryMode::Swap ? needs.expertBlockBytes : 2 * needs.expertFp8BlockBytes;
      QVERIFY(runtime::planDeviceBytes(mode, needs, false) >=
              2 * needs.expertOtherBytes + needs.vaeBytes + blocks + needs.textEncoderBytes);
    }
    // Without float8 (libtorch < 2.1) the FP8 modes cannot load: a 24 GB card gets the leanest
    // bf16 plan, said not to fit, rather than a mode that stops at load.
    const auto noFp8 = runtime::chooseMemoryMode(23 * kGiB, needs, std::nullopt, false, -1, /*fp8Available=*/false);
    QVERIFY2(noFp8.mode == MemoryMode::Swap && !noFp8.fits, noFp8.reason.c_str());
    QVERIFY(runtime::chooseMemoryMode(23 * kGiB, needs, MemoryMode::LowVram, false, -1, false).mode ==
            MemoryMode::LowVram);  // a request is kept (and refused at load with its reason)
    const auto tiny = runtime::chooseMemoryMode(8 * kGiB, needs);
    QVERIFY(!tiny.fits);
    QVERIFY(QString::fromStdString(tiny.reason).contains("may not fit"));
  }

  // What each mode keeps in host memory, and the choice when host memory is short: a card that
  // would swap (both bf16 experts' blocks on the host, 52 GiB) keeps both experts in FP8 on the
  // card instead (no RAM) on a 32 GiB machine; on a 24 GB card that cannot, FP8 streaming is the
  // nearest to fitting 16 GiB, and the plan says it does not.
  void hostMemoryInThePlan() {
    const auto needs = runtime::a14bNeeds();
    QCOMPARE(runtime::planHostBytes(MemoryMode::Resident, needs, true), int64_t{0});
    QCOMPARE(runtime::planHostBytes(MemoryMode::Fp8, needs, true), int64_t{0});
    QCOMPARE(runtime::planHostBytes(MemoryMode::Swap, needs, true), 2 * needs.expertBlockBytes);
    QCOMPARE(runtime::planHostBytes(MemoryMode::LowVram, needs, false),
             2 * needs.expertFp8BlockBytes + needs.textEncoderBytes);
    QCOMPARE(runtime::planHostBytes(MemoryMode::Resident, needs, true, /*textEncoderOnCpu=*/true), needs.textEncoderBytes);
    QVERIFY(runtime::planHostBytes(MemoryMode::Resident, needs, true, false, /*deviceIsCpu=*/true) >
            2 * needs.expertBlockBytes + needs.textEncoderBytes);
    QVERIFY(runtime::fitsHostMemory(int64_t{1} << 50, -1));  // unknown: no refusal
    QVERIFY(runtime::fitsHostMemory(10 * kGiB, 11 * kGiB));
    QVERIFY(!runtime::fitsHostMemory(10 * kGiB + 1, 11 * kGiB));
    QVERIFY(runtime::fitsHostMemory(0, 0));  // nothing kept: never refused, however short
    const auto noRam = runtime::chooseMemoryMode(140 * kGiB, needs, std::nullopt, false, kGiB / 2);
    QVERIFY(noRam.mode == MemoryMode::Resident && noRam.hostBytes == 0 && noRam.hostFits);

    const auto plenty = runtime::chooseMemoryMode(75 * kGiB, needs, std::nullopt, false, 120 * kGiB);
    QVERIFY(plenty.mode == MemoryMode::Swap && plenty.hostFits);
    QVERIFY2(QString::fromStdString(plenty.reason)
                 .contains(QString::asprintf("host memory: about %.1f GiB of 120.0 GiB available",
                                             double(2 * needs.expertBlockBytes) / kGiB)),
             plenty.reason.c_str());
    // An 80 GB card in a 32 GB machine: everything in bf16 on the card but the text encoder, which
    // comes over per prompt (10.6 GiB of RAM); with less VRAM, both experts in FP8 on the card.
    const auto ram32 = runtime::chooseMemoryMode(75 * kGiB, needs, std::nullopt, false, 30 * kGiB);
    QVERIFY2(ram32.mode == MemoryMode::Resident && !ram32.textEncoderResident && ram32.hostFits && ram32.fits,
             ram32.reason.c_str());
    QCOMPARE(ram32.hostBytes, needs.textEncoderBytes);
    // A 48 GB card in a 32 GB machine (swap would keep ~63 GiB in RAM): FP8 experts on the card.
    const auto a6000ram32 = runtime::chooseMemoryMode(47 * kGiB, needs, std::nullopt, false, 30 * kGiB);
    QVERIFY2(a6000ram32.mode == MemoryMode::Fp8 && !a6000ram32.textEncoderResident && a6000ram32.hostFits,
             a6000ram32.reason.c_str());
    QVERIFY(runtime::planHostBytes(MemoryMode::Swap, needs, false) > 62 * kGiB);
    const auto ram16 = runtime::chooseMemoryMode(23 * kGiB, needs, std::nullopt, false, 16 * kGiB);
    QVERIFY(ram16.mode == MemoryMode::LowVram && ram16.fits && !ram16.hostFits);
    QVERIFY2(QString::fromStdString(ram16.reason).contains("(too little)"), ram16.reason.c_str());
    const auto forcedSwap = runtime::chooseMemoryMode(75 * kGiB, needs, MemoryMode::Swap, false, 30 * kGiB);
    QVERIFY(forcedSwap.mode == MemoryMode::Swap && !forcedSwap.hostFits);  // a request is not overridden
    // Auto misses nothing: when its plan does not fit the RAM, no mode in any placement of the text
    // encoder fits both; when it fits, within the RAM; with RAM to spare, the plan of unknown RAM.
    const auto fitsBoth = [&](int64_t free, int64_t ram) {
      for (const auto mode : {MemoryMode::Resident, MemoryMode::Swap, MemoryMode::Fp8, MemoryMode::LowVram}) {
        const auto forced = runtime::chooseMemoryMode(free, needs, mode, false, ram);
        if (forced.fits && forced.hostFits) return true;
      }
      return false;
    };
    for (int64_t ram = 2 * kGiB; ram <= 96 * kGiB; ram += 2 * kGiB) {
      for (int64_t free : {15 * kGiB, 23 * kGiB, 47 * kGiB, 75 * kGiB, 140 * kGiB}) {
        const auto plan = runtime::chooseMemoryMode(free, needs, std::nullopt, false, ram);
        if (!(plan.fits && plan.hostFits)) QVERIFY2(!fitsBoth(free, ram), plan.reason.c_str());
        if (plan.hostFits) QVERIFY(plan.hostBytes + kGiB <= ram);
      }
    }
    for (int64_t free : {23 * kGiB, 47 * kGiB, 75 * kGiB, 140 * kGiB}) {
      const auto spare = runtime::chooseMemoryMode(free, needs, std::nullopt, false, 96 * kGiB);
      const auto unknown = runtime::chooseMemoryMode(free, needs);
      QVERIFY(spare.mode == unknown.mode && spare.textEncoderResident == unknown.textEncoderResident);
    }
  }

  // /proc/meminfo and cgroup limits (v1 and v2 texts), and this machine's figures.
  void hostMemoryFigures() {
    const auto parsed = runtime::parseMeminfo(
        "MemTotal:       24683736 kB\nMemFree:         1000 kB\nMemAvailable:   20000000 kB\nBuffers: 1 kB\n");
    QVERIFY(parsed);
    QCOMPARE(parsed->totalBytes, int64_t{24683736} * 1024);
    QCOMPARE(parsed->availableBytes, int64_t{20000000} * 1024);
    QVERIFY(!runtime::parseMeminfo("MemTotal: 5 kB\nMemAvailableX: 3 kB\n"));  // a prefix is not the field
    QVERIFY(!runtime::parseMeminfo(""));
    // v2: 8 GiB limit, 6 GiB charged of which 1.5 GiB file cache (inactive + active): 3.5 GiB of room.
    const std::string stat2 =
        "anon 4831838208\nfile 1610612736\nactive_file 536870912\ninactive_file 1073741824\nshmem 0\n";
    QCOMPARE(runtime::cgroupRoom("8589934592\n", "6442450944\n", stat2, false), std::optional<int64_t>(3584 * kMiB));
    QVERIFY(!runtime::cgroupRoom("max\n", "6442450944\n", stat2, false));
    // v1 (this machine's format): the cgroup's own figures and its subtree's total_ ones; usage
    // counts the subtree, so the total_ ones are the cache to take off.
    const std::string stat1 = "cache 465260544\nrss 1000\ninactive_file 0\nactive_file 0\n"
                              "total_cache 465260544\ntotal_inactive_file 365260544\ntotal_active_file 100000000\n";
    QCOMPARE(runtime::cgroupRoom("4294967296\n", "1633058816\n", stat1, true),
             std::optional<int64_t>(int64_t{4294967296} - (1633058816 - 465260544)));
    QCOMPARE(runtime::cgroupRoom("4294967296\n", "1633058816\n", "inactive_file 60000\n", true),
             std::optional<int64_t>(int64_t{4294967296} - (1633058816 - 60000)));  // a flat stat: its own
    QVERIFY(!runtime::cgroupRoom("9223372036854771712\n", "1633058816\n", stat1, true));  // page-rounded 2^63: none
    QCOMPARE(runtime::cgroupRoom("4294967296", "4294967296", "total_inactive_file 0\n", true), std::optional<int64_t>(0));
    QCOMPARE(runtime::cgroupRoom("4294967296", "5368709120", "", true), std::optional<int64_t>(0));  // over: none
    QVERIFY(!runtime::cgroupRoom("", "1", "", false));
    const auto here = runtime::hostMemoryInfo();
    QVERIFY(here);  // Linux
    QVERIFY(here->availableBytes > 0 && here->availableBytes <= here->totalBytes);
    qInfo("host memory here: %.1f GiB available of %.1f GiB", double(here->availableBytes) / kGiB,
          double(here->totalBytes) / kGiB);
  }

  void planProperties() {
    const auto needs = runtime::a14bNeeds();
    for (int64_t free = 4 * kGiB; free <= 160 * kGiB; free += 2 * kGiB) {
      const auto plan = runtime::chooseMemoryMode(free, needs);
      if (plan.fits) QVERIFY(plan.deviceBytes <= free);
      QVERIFY(plan.mode != MemoryMode::Fp8);  // FP8 weights on request only
      QCOMPARE(plan.deviceBytes, runtime::planDeviceBytes(plan.mode, needs, plan.textEncoderResident));
      // More memory never picks a more frugal mode.
      const auto more = runtime::chooseMemoryMode(free + 2 * kGiB, needs);
      QVERIFY(static_cast<int>(more.mode) <= static_cast<int>(plan.mode));
    }
    const auto forced = runtime::chooseMemoryMode(140 * kGiB, needs, MemoryMode::LowVram);
    QVERIFY(forced.mode == MemoryMode::LowVram);
    QVERIFY(QString::fromStdString(forced.reason).contains("requested"));
    const auto cpuText = runtime::chooseMemoryMode(140 * kGiB, needs, std::nullopt, true);
    QVERIFY(!cpuText.textEncoderResident);
    QVERIFY(cpuText.deviceBytes < runtime::planDeviceBytes(MemoryMode::Resident, needs, true));
    // On the CPU the text encoder never reaches the device: a 40 GiB card keeps swap with it there.
    const auto cpuText40 = runtime::chooseMemoryMode(40 * kGiB, needs, std::nullopt, true);
    QVERIFY2(cpuText40.mode == MemoryMode::Swap, cpuText40.reason.c_str());
    QCOMPARE(cpuText40.deviceBytes, runtime::planDeviceBytes(MemoryMode::Swap, needs, false, true));
    QVERIFY(cpuText40.deviceBytes < runtime::planDeviceBytes(MemoryMode::Swap, needs, false));
  }

  void randomWeightsFollowTheSpecs() {
    c10::InferenceMode guard;
    dit::WanDit model(tinyI2v(2));
    const auto specs = model.parameterSpecs();
    auto a = runtime::randomWeights(specs, 11), b = runtime::randomWeights(specs, 11), c = runtime::randomWeights(specs, 12);
    QCOMPARE(a->names().size(), specs.size());
    for (const auto& s : specs) QVERIFY(*a->shapeOf(s.name) == s.shape);
    const std::string w = "blocks.1.ffn.0.weight";
    QVERIFY(at::equal(a->load(w, at::kFloat, c10::kCPU), b->load(w, at::kFloat, c10::kCPU)));
    QVERIFY(!at::equal(a->load(w, at::kFloat, c10::kCPU), c->load(w, at::kFloat, c10::kCPU)));
    const auto norm = a->load("blocks.0.self_attn.norm_q.weight", at::kFloat, c10::kCPU);
    QVERIFY(at::equal(norm, at::ones_like(norm)));
    const auto ffn = a->load(w, at::kFloat, c10::kCPU);  // N(0, 1/fan_in), fan_in 64
    QVERIFY(std::abs(ffn.std().item<double>() - 0.125) < 0.02);
    QCOMPARE(a->load(w, at::kBFloat16, c10::kCPU).scalar_type(), at::kBFloat16);
    // Every model of the set loads from them.
    model.load(*a, at::kFloat, c10::kCPU);
    vae::WanVae vae(vae::WanVaeConfig{});
    vae.load(*runtime::randomWeights(vae.parameterSpecs(), 5), at::kFloat, c10::kCPU);
    QVERIFY(vae.isLoaded());
    t5::Umt5Config tc;
    tc.vocab = 100, tc.dim = 32, tc.dimAttn = 32, tc.dimFfn = 64, tc.numHeads = 4, tc.numLayers = 2;
    t5::Umt5Encoder encoder(tc);
    encoder.load(*runtime::randomWeights(encoder.parameterSpecs(), 6));
    QVERIFY(encoder.isLoaded());
  }

  // swap (a slot per block) and streaming (fewer slots): the same outputs as resident experts, in
  // any order of experts, with or without the next-expert hint; with the hint nothing is fetched
  // on demand after the first prefetch.
  void arenaGivesResidentResults_data() {
    QTest::addColumn<int>("slots");
    QTest::addColumn<bool>("hints");
    QTest::newRow("swap, hints") << 4 << true;
    QTest::newRow("stream 2, hints") << 2 << true;
    QTest::newRow("stream 1, hints") << 1 << true;
    QTest::newRow("swap, no hints") << 4 << false;
    QTest::newRow("stream 2, no hints") << 2 << false;
  }

  void arenaGivesResidentResults() {
    QFETCH(int, slots);
    QFETCH(bool, hints);
    c10::InferenceMode guard;
    const auto highRef = tinyExpert(21, false), lowRef = tinyExpert(22, false);
    const auto high = tinyExpert(21, true), low = tinyExpert(22, true);
    runtime::BlockArena arena({high.get(), low.get()}, slots, c10::kCPU);
    QVERIFY(high->blockSource() != nullptr);
    arena.prefetch(0);
    const std::vector<int> order = {0, 0, 1, 1, 1, 0};
    for (size_t k = 0; k < order.size(); ++k) {
      arena.setNextExpert(hints ? (k + 1 < order.size() ? order[k + 1] : 0) : -1);
      const auto in = tinyInput(order[k] ? 400.0 : 950.0);
      const auto& model = order[k] ? *low : *high;
      const auto& ref = order[k] ? *lowRef : *highRef;
      QVERIFY(at::equal(model.forward(in), ref.forward(in)));
    }
    const auto stats = arena.stats();
    if (hints) QCOMPARE(stats.demandCopies, int64_t{0});
    else QVERIFY(stats.demandCopies > 0);
    QVERIFY(stats.bytesCopied > 0);
    QCOMPARE(arena.deviceBytes(), slots * high->blockBytes() / 4);
  }

  // lowvram's slot count divides any block count (the arena requires it): 2 where it can.
  void streamingSlotsDivideTheBlocks() {
    for (const auto& [layers, slots] : std::vector<std::pair<int64_t, int>>{
             {40, 2}, {30, 2}, {2, 2}, {1, 1}, {3, 3}, {9, 3}, {15, 3}, {7, 7}, {25, 5}})
      QCOMPARE(runtime::streamingSlots(layers), slots);
    c10::InferenceMode guard;
    const auto ref = tinyExpert(31, false, 3), a = tinyExpert(31, true, 3), b = tinyExpert(32, true, 3);
    runtime::BlockArena arena({a.get(), b.get()}, runtime::streamingSlots(3), c10::kCPU);
    arena.prefetch(0);
    const auto in = tinyInput(950.0);
    QVERIFY(at::equal(a->forward(in), ref->forward(in)));
    QVERIFY(at::equal(a->forward(in), ref->forward(in)));
  }

  void arenaUninstallsAndChecks() {
    const auto a = tinyExpert(1, true), b = tinyExpert(2, true), other = tinyExpert(3, true, 2);
    {
      runtime::BlockArena arena({a.get(), b.get()}, 2, c10::kCPU);
      QCOMPARE(arena.indexOf(b.get()), 1);
    }
    QVERIFY(a->blockSource() == nullptr);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runtime::BlockArena({a.get()}, 3, c10::kCPU));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runtime::BlockArena({a.get(), other.get()}, 2, c10::kCPU));
  }

  void pinnedPoolCopies() {
    c10::InferenceMode guard;
    runtime::PinnedPool pool(/*pin=*/false, 4096);
    const auto a = at::randn({10, 7}), b = at::randn({3}).to(at::kBFloat16), scalar = at::randn({});
    const auto big = at::randn({2000});  // 8000 bytes > chunk: its own chunk
    const std::vector<at::Tensor> sources = {a, b, scalar, big};
    std::vector<at::Tensor> copies;
    for (const auto& t : sources) copies.push_back(pool.copy(t));
    for (size_t i = 0; i < copies.size(); ++i) {
      const auto& src = sources[i];
      QCOMPARE(copies[i].scalar_type(), src.scalar_type());
      QVERIFY(copies[i].sizes() == src.sizes());
      QVERIFY(at::equal(copies[i], src));
      QVERIFY(copies[i].is_contiguous());
    }
    // 280 + 6 + 4 bytes rounded to 256 each share the first chunk; the big one has its own.
    QCOMPARE(pool.usedBytes(), int64_t{512 + 256 + 256 + 8192});
    QCOMPARE(pool.reservedBytes(), int64_t{4096 + 8192});
    QVERIFY(copies[0].data_ptr() != copies[1].data_ptr());
    QVERIFY(!pool.pinned());
  }

  void offloadedTextEncoderMatchesResident() {
    c10::InferenceMode guard;
    const std::string dir = IFEDIT_FIXTURES_DIR;
    auto weights = io::weightsFrom(std::shared_ptr<const io::TensorSource>(io::openTensorFile(dir + "/t5.safetensors")));
    std::shared_ptr<const io::TensorSource> ref(io::openTensorFile(dir + "/t5_io.safetensors"));
    const auto ids = ref->load("ids"), mask = ref->load("mask");
    t5::Umt5Encoder resident(t5::Umt5Config::fromWeights(*weights));
    resident.load(*weights);
    const runtime::OffloadedTextEncoder offloaded(*weights, at::kFloat, c10::kCPU);
    QVERIFY(offloaded.hostBytes() > 0);
    const auto a = resident.encode(ids, mask), b = offloaded.encode(ids, mask);
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) QVERIFY(at::equal(a[i], b[i]));
  }

  // A CUDA build counts what c10's sync debug mode reports; a CPU build says it cannot count. On a
  // GPU: queued arithmetic makes no sync, reading a value back makes one, and the counter puts the
  // debug mode and the warning handler back when it goes.
  void hostSyncCounter() {
    {
      runtime::HostSyncCounter counter;
      (void)(at::ones({8}) * 2).sum().item<float>();
      QCOMPARE(counter.count(), int64_t{0});  // the CPU never waits for a device
      QCOMPARE(counter.active(), runtime::cudaRuntimeCompiledIn() && TORCH_VERSION_MAJOR >= 2);
    }
    if (!at::hasCUDA()) QSKIP("no CUDA device: the counting itself is checked on a GPU");
    c10::InferenceMode guard;
    const auto a = at::ones({1024}, at::TensorOptions().device(c10::kCUDA));
    {
      runtime::HostSyncCounter counter(1);
      QVERIFY(counter.active());
      const auto b = (a * 2 + 1).sqrt();
      QCOMPARE(counter.count(), int64_t{0});
      QVERIFY(std::abs(b.sum().item<float>() - 1024 * std::sqrt(3.0f)) < 1e-2f);
      QCOMPARE(counter.count(), int64_t{1});
      (void)b.to(at::kCPU);
      QCOMPARE(counter.count(), int64_t{2});
      QCOMPARE(counter.sites().size(), size_t{1});  // only the first kept a backtrace
      QVERIFY(QString::fromStdString(counter.sites()[0]).startsWith("sync #1"));
    }
    runtime::HostSyncCounter later;
    (void)a.sum().item<float>();
    QCOMPARE(later.count(), int64_t{1});  // the first counter's end left the mode usable
  }
};

QTEST_MAIN(TestRuntime)
#include "test_runtime.moc"
