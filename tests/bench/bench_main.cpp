// ifedit-bench: timings of the engine at the paper setting with random weights of the real shapes
// (or a tiny set on the CPU with --tiny), and the fixtures on CUDA with --parity. Prints a table
// and a JSON object (also written to --json FILE). tests/bench/README.md says what each figure is.
#include <ATen/Context.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/full.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/empty.h>
#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bench_models.h"
#include "bench_parity.h"
#include "compat/torch_compat.h"
#include "kernels/fused_ops.h"
#include "models/dit/wan_dit_layers.h"
#include "pipeline/edit_run.h"
#include "runtime/device_memory.h"
#include "runtime/host_sync_counter.h"

using namespace ifedit;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kGB = 1e9;

// Anonymous resident memory of this process (RssAnon of /proc/self/status), in GB; -1 elsewhere.
// Pinned host copies (swap / lowvram blocks, an offloaded text encoder) count here once written.
double rssAnonGB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("RssAnon:", 0) == 0) return std::stod(line.substr(8)) * 1024 / kGB;
  return -1;
}

struct Options {
  bool tiny = false, parity = false, k1 = true;
  std::string device;  // "" = cuda when present, else cpu
  std::vector<std::string> modes;
  std::string jsonPath;
  int repeats = 2;
  double lowvramBudgetGB = 24;
  std::string fixtures = std::string(IFEDIT_SOURCE_DIR) + "/tests/fixtures/wan";
};

[[noreturn]] void usage(const std::string& error) {
  std::cerr << "ifedit-bench: " << error << "\n"
            << "usage: ifedit-bench [--tiny] [--parity] [--device cuda|cpu] [--modes resident,fp8,lowvram,swap]\n"
            << "                    [--repeats N] [--no-k1] [--lowvram-budget-gb G] [--json FILE] [--fixtures DIR]\n";
  std::exit(2);
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--tiny") o.tiny = true;
    else if (a == "--parity") o.parity = true;
    else if (a == "--no-k1") o.k1 = false;
    else if (a == "--device") o.device = value();
    else if (a == "--modes") o.modes = split(value());
    else if (a == "--json") o.jsonPath = value();
    else if (a == "--fixtures") o.fixtures = value();
    else if (a == "--repeats") o.repeats = std::max(1, std::stoi(value()));
    else if (a == "--lowvram-budget-gb") o.lowvramBudgetGB = std::stod(value());
    else usage("unknown argument " + a);
  }
  return o;
}

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// Median wall time of fn over `reps` runs after `warm` unmeasured ones, the device drained around each.
double timeIt(const std::function<void()>& fn, c10::Device device, int reps, int warm = 1) {
  for (int i = 0; i < warm; ++i) fn();
  runtime::synchronizeDevice(device);
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    const auto a = Clock::now();
    fn();
    runtime::synchronizeDevice(device);
    t.push_back(seconds(a, Clock::now()));
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

void line(const std::string& name, const std::string& value) {
  std::printf("  %-44s %s\n", name.c_str(), value.c_str());
  std::fflush(stdout);
}
std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// (api::stageName lives in the api library, which the benchmark does not link.)
std::string stageKey(api::Stage s) {
  switch (s) {
    case api::Stage::EncodingText: return "text";
    case api::Stage::EncodingImage: return "image";
    case api::Stage::Denoising: return "denoise";
    case api::Stage::Decoding: return "decode";
    default: return "other";
  }
}

// Stage boundaries of one run, each taken after draining the device (the run queues work ahead).
// With a sync counter it also counts the run's own host synchronisations per stage and per
// denoising step (the drains it makes itself left out).
struct StageClock : api::EngineEvents {
  c10::Device device;
  runtime::HostSyncCounter* syncs;
  std::vector<std::pair<std::string, Clock::time_point>> marks;
  std::vector<int64_t> syncsAtMark, syncsAfterStep;
  int64_t ownDrains = 0, syncsAtDenoise = 0;
  int previews = 0;
  StageClock(c10::Device d, runtime::HostSyncCounter* counter = nullptr) : device(d), syncs(counter) {}
  int64_t syncCount() const { return syncs ? syncs->count() - ownDrains : 0; }
  void stage(api::Stage s, const std::string&) override {
    const int64_t before = syncs ? syncs->count() : 0;
    runtime::synchronizeDevice(device);
    if (syncs) ownDrains += syncs->count() - before;
    marks.emplace_back(stageKey(s), Clock::now());
    syncsAtMark.push_back(syncCount());
    if (s == api::Stage::Denoising) syncsAtDenoise = syncCount();
    if (syncs) syncs->recordSites(s == api::Stage::Denoising ? 3 : 0);  // sites from inside the loop only
  }
  void step(const api::StepInfo&) override { syncsAfterStep.push_back(syncCount()); }
  void preview(const api::StepInfo&, const api::Image&) override { ++previews; }
};

api::Image pattern(int w, int h) {
  api::Image img;
  img.width = w, img.height = h;
  img.rgb.resize(size_t(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) img.rgb[(size_t(y) * w + x) * 3 + c] = uint8_t((x * (c + 1) + y * 3) % 256);
  return img;
}

// One edit at the setup's setting: evolve (frames) then refine (refineFrames) on its last frame.
// auditSyncs: count the host synchronisations of each stage and denoising step ("host_syncs"),
// with backtraces of the first ones inside the loop; on a run that is not timed (the warm-up),
// since keeping a backtrace takes milliseconds.
json timeEdit(pipeline::ModelBundle& bundle, const bench::BenchSetup& setup, int k, bool auditSyncs = false) {
  api::EditSettings s;
  s.frames = setup.frames, s.steps = setup.steps, s.solver = "euler", s.shift = 5.0;
  s.guidanceLow = s.guidanceHigh = 1.0;
  s.maxArea = int64_t{setup.width} * setup.height;
  s.dropout = true, s.dropoutK = k, s.threshold = 0.9;
  s.refine = true, s.refineFrames = setup.refineFrames;
  const auto image = pattern(setup.width, setup.height);
  json out;
  json stages;
  double total = 0;
  json syncs;
  auto run = [&](const api::Image& src, const std::string& prompt, int frames, bool refining) {
    std::optional<runtime::HostSyncCounter> counter;
    if (auditSyncs) counter.emplace();
    StageClock clock(bundle.device, counter ? &*counter : nullptr);
    const auto start = Clock::now();
    auto result = pipeline::runI2V(bundle, src, prompt, s, frames, refining, clock, nullptr);
    const int64_t syncsAtEnd = clock.syncCount();
    runtime::synchronizeDevice(bundle.device);
    const auto end = Clock::now();
    const std::string prefix = refining ? "refine." : "";
    for (size_t i = 0; i < clock.marks.size(); ++i) {
      const auto next = i + 1 < clock.marks.size() ? clock.marks[i + 1].second : end;
      stages[prefix + clock.marks[i].first] = seconds(clock.marks[i].second, next);
      if (counter && counter->active()) {
        const int64_t until = i + 1 < clock.marks.size() ? clock.syncsAtMark[i + 1] : syncsAtEnd;
        syncs["stages"][prefix + clock.marks[i].first] = until - clock.syncsAtMark[i];
      }
    }
    if (counter && counter->active()) {
      json perStep = json::array();
      for (size_t i = 0; i < clock.syncsAfterStep.size(); ++i)
        perStep.push_back(clock.syncsAfterStep[i] - (i ? clock.syncsAfterStep[i - 1] : clock.syncsAtDenoise));
      syncs[prefix + "denoise_steps"] = perStep;
      for (const auto& site : counter->sites()) syncs[prefix + "denoise_sites"].push_back(site);
    }
    total += seconds(start, end);
    out[refining ? "refine_s" : "evolve_s"] = seconds(start, end);
    out[refining ? "refine_previews" : "evolve_previews"] = clock.previews;
    return result;
  };
  const auto evolved = run(image, "the red square slowly turns into a blue circle", setup.frames, false);
  run(evolved.frames.back(), "a still scene gains clarity", setup.refineFrames, true);
  out["stages_s"] = stages;
  if (auditSyncs) out["host_syncs"] = syncs.empty() ? json("not counted (needs a CUDA libtorch 2.x)") : syncs;
  out["total_s"] = total;
  out["latent"] = {evolved.height / 8, evolved.width / 8};
  return out;
}

json ceilings(c10::Device device, bool tiny, int reps) {
  c10::InferenceMode guard;
  json out;
  const auto dtype = device.is_cuda() ? at::kBFloat16 : at::kFloat;
  const int64_t n = tiny ? 256 : 8192;
  const auto opts = at::TensorOptions().dtype(dtype).device(device);
  const auto a = at::randn({n, n}, opts), b = at::randn({n, n}, opts);
  const double t = timeIt([&] { (void)at::matmul(a, b); }, device, tiny ? reps : 10, tiny ? 1 : 3);
  out[device.is_cuda() ? "matmul_bf16_tflops" : "matmul_f32_tflops"] = 2.0 * n * n * n / t / 1e12;
#if IFEDIT_HAS_FLOAT8
  if (device.is_cuda()) {
    const auto [b8, bs] = compat::quantizeFp8(b);
    try {
      const double t8 = timeIt([&] { (void)compat::fp8Linear(a, b8, bs, at::Tensor(), at::kBFloat16); }, device, 10, 3);
      out["fp8_linear_tflops"] = 2.0 * n * n * n / t8 / 1e12;  // activation quantisation included
      out["fp8_matmul_units"] = compat::fp8MatmulActive();
    } catch (const std::exception& e) {
      out["fp8_linear_error"] = e.what();
    }
  }
#endif
  if (device.is_cuda()) {
    const int64_t bytes = int64_t{1} << 30;
    const auto host = at::empty({bytes}, at::TensorOptions().dtype(at::kByte).pinned_memory(true));
    auto dev = at::empty({bytes}, at::TensorOptions().dtype(at::kByte).device(device));
    const double tc = timeIt([&] { dev.copy_(host, true); }, device, 5, 1);
    out["h2d_pinned_GBps"] = static_cast<double>(bytes) / tc / kGB;
    const int64_t L = 14040;
    const auto q = at::randn({1, 40, L, 128}, opts), k = at::randn({1, 40, L, 128}, opts), v = at::randn({1, 40, L, 128}, opts);
    const double ts = timeIt([&] { (void)compat::scaledDotProductAttention(q, k, v, 1.0 / std::sqrt(128.0)); }, device, 5, 1);
    out["sdpa_14040_ms"] = ts * 1e3;
    out["sdpa_14040_tflops"] = 4.0 * L * L * 128 * 40 / ts / 1e12;
  }
  return out;
}

// Each fused op against the plain torch composition at the paper's token count.
json fusedOps(c10::Device device, const bench::BenchSetup& setup, int reps) {
  c10::InferenceMode guard;
  json out;
  const bool cuda = device.is_cuda();
  const auto dtype = cuda ? at::kBFloat16 : at::kFloat;
  const int64_t L = 9 * setup.latentH / 2 * setup.latentW / 2, D = setup.dit.dim, H = setup.dit.numHeads, hd = D / H;
  const auto f32 = at::TensorOptions().dtype(at::kFloat).device(device);
  const auto x = at::randn({1, L, D}, f32), m = at::randn({1, 1, 6, D}, f32);
  const auto y = at::randn({1, L, D}, f32).to(dtype), w = at::randn({D}, f32).to(dtype);
  const auto q = at::randn({1, L, H, hd}, f32).to(dtype);
  std::vector<int64_t> positions(9);
  for (int i = 0; i < 9; ++i) positions[size_t(i)] = i;
  const auto tables = dit::detail::ropeTables(positions, setup.latentH / 2, setup.latentW / 2, hd, device);
  const std::map<kernels::FusedOp, std::pair<std::function<void()>, std::function<void()>>> ops = {
      {kernels::FusedOp::LayerNormModulate,
       {[&] { (void)kernels::layerNormModulate(x, m.select(2, 0), m.select(2, 1), 1e-6, dtype); },
        [&] { (void)kernels::reference::layerNormModulate(x, m.select(2, 0), m.select(2, 1), 1e-6, dtype); }}},
      {kernels::FusedOp::GatedResidual,
       {[&] { (void)kernels::gatedResidual(x, y, m.select(2, 2)); },
        [&] { (void)kernels::reference::gatedResidual(x, y, m.select(2, 2)); }}},
      {kernels::FusedOp::RmsNorm,
       {[&] { (void)kernels::rmsNorm(y, w, 1e-6); }, [&] { (void)kernels::reference::rmsNorm(y, w, 1e-6); }}},
      {kernels::FusedOp::Rope,
       {[&] { (void)kernels::rope(q, tables.cos, tables.sin, dtype); },
        [&] { (void)kernels::reference::rope(q, tables.cos, tables.sin, dtype); }}},
  };
  for (const auto& [op, fns] : ops) {
    const auto name = kernels::fusedOpName(op);
    const auto before = kernels::fusedKernelLaunches();
    const double tk = timeIt(fns.first, device, std::max(reps, 5), 2);
    const bool launched = kernels::fusedKernelLaunches() > before;
    const double tt = timeIt(fns.second, device, std::max(reps, 5), 2);
    out[name] = {{"dispatch_us", tk * 1e6}, {"torch_us", tt * 1e6}, {"kernel_ran", launched},
                 {"speedup", tt / tk}, {"kernel_wins", launched && tk < tt}};
    line("op " + name + (launched ? " (kernel)" : " (torch fallback)"),
         fmt("%.1f us", tk * 1e6) + " vs torch " + fmt("%.1f us", tt * 1e6) + "  x" + fmt("%.2f", tt / tk));
  }
  return out;
}

json benchMode(const bench::BenchSetup& setup, c10::Device device, c10::ScalarType dtype, const std::string& mode,
               const Options& o, bool first) {
  json out;
  runtime::releaseCachedDeviceMemory();
  runtime::resetPeakDeviceMemory(device);
  const auto t0 = Clock::now();
  const double rssBefore = rssAnonGB();
  const int64_t budget = mode == "lowvram" ? static_cast<int64_t>(o.lowvramBudgetGB * kGB) : 0;
  auto bundle = bench::buildBundle(setup, device, dtype, mode, budget);
  runtime::synchronizeDevice(device);
  out["load_s"] = seconds(t0, Clock::now());
  out["mode"] = bundle->info.memoryMode;
  out["plan"] = bundle->memory.reason;
  out["text_encoder_resident"] = bundle->memory.textEncoderResident;
  out["host_planned_GB"] = static_cast<double>(bundle->memory.hostBytes) / kGB;  // weights kept in host memory
  if (rssBefore >= 0) out["host_measured_GB"] = rssAnonGB() - rssBefore;  // what the load left resident
  out["after_load_GB"] = static_cast<double>(runtime::allocatedDeviceMemory(device)) / kGB;
  line("[" + mode + "] load", fmt("%.1f s", out["load_s"].get<double>()) + "  (" + bundle->memory.reason + ")");
  for (const auto& note : bundle->info.notes)
    if (note.rfind("host memory:", 0) == 0) {  // page-locking refused: the mode's timings are not representative
      out["host_memory_warning"] = note;
      line("[" + mode + "] WARNING", note);
    }

  // DiT forward at 9 / 4 / 3 latent frames (the evolution, after Temporal Latent Dropout with K=3,
  // the refinement), as ref_bench.py: timestep 900, a 120-token prompt, latent 60 x 104.
  {
    c10::InferenceMode guard;
    const auto f32 = at::TensorOptions().dtype(at::kFloat).device(device);
    const std::vector<int64_t> frameCounts = (first || o.tiny) ? std::vector<int64_t>{9, 4, 3} : std::vector<int64_t>{9};
    for (int64_t F : frameCounts) {
      dit::WanDitInput in;
      in.x = at::randn({16, F, setup.latentH, setup.latentW}, f32);
      in.y = at::randn({20, F, setup.latentH, setup.latentW}, f32);
      in.context = at::randn({setup.contextTokens, setup.dit.textDim}, f32);
      in.timestep = at::full({1}, 900.0, f32);
      auto fwd = [&] {
        if (bundle->arena) bundle->arena->setNextExpert(bundle->arena->indexOf(bundle->high.get()));
        (void)bundle->high->forward(in);
      };
      const double t = timeIt(fwd, device, o.repeats, 1);
      const int64_t tokens = F * setup.latentH / 2 * setup.latentW / 2;
      const double tflops = bench::ditForwardFlops(setup.dit, tokens) / t / 1e12;
      const std::string key = "dit_fwd_F" + std::to_string(F);
      out[key + "_s"] = t;
      out[key + "_tflops"] = tflops;
      out[key + "_tokens"] = tokens;
      line("[" + mode + "] DiT forward " + std::to_string(F) + " latent frames (" + std::to_string(tokens) + " tok)",
           fmt("%.3f s", t) + "  " + fmt("%.0f TFLOP/s", tflops));
    }
  }
  if (first && device.is_cuda() && !o.tiny) {
    c10::InferenceMode guard;
    const auto f32 = at::TensorOptions().dtype(at::kFloat).device(device);
    const auto video = at::randn({3, 33, setup.height, setup.width}, f32).clamp(-1, 1);
    const auto z = at::randn({16, 9, setup.height / 8, setup.width / 8}, f32);
    out["vae_encode_33f_s"] = timeIt([&] { (void)bundle->vae->encode(video); }, device, 1, 1);
    out["vae_decode_9lat_s"] = timeIt([&] { (void)bundle->vae->decode(z); }, device, 1, 1);
    line("[" + mode + "] VAE encode 33 frames / decode 9 latents",
         fmt("%.3f s", out["vae_encode_33f_s"].get<double>()) + " / " + fmt("%.3f s", out["vae_decode_9lat_s"].get<double>()));
  }

  // The paper edit end to end (evolve + refine), K=3 and (first mode) K=1; one warm-up in the
  // first mode (kernel selection, cuDNN autotuning), which also counts the host syncs.
  if (first) out["host_syncs"] = timeEdit(*bundle, setup, setup.k, /*auditSyncs=*/true)["host_syncs"];
  out["edit_k3"] = timeEdit(*bundle, setup, setup.k);
  if (out.contains("host_syncs") && out["host_syncs"].is_object())
    line("[" + mode + "] host syncs per stage (warm-up run)", out["host_syncs"]["stages"].dump());
  line("[" + mode + "] edit K=" + std::to_string(setup.k) + " (evolve + refine)",
       fmt("%.2f s", out["edit_k3"]["total_s"].get<double>()) + "  stages " + out["edit_k3"]["stages_s"].dump());
  if (first && o.k1) {
    out["edit_k1"] = timeEdit(*bundle, setup, 1);
    line("[" + mode + "] edit K=1 (evolve + refine)", fmt("%.2f s", out["edit_k1"]["total_s"].get<double>()));
  }
  if (bundle->arena) {
    const auto st = bundle->arena->stats();
    out["arena"] = {{"slots", bundle->arena->slots()}, {"prefetched", st.prefetchedCopies},
                    {"on_demand", st.demandCopies}, {"GB_copied", static_cast<double>(st.bytesCopied) / kGB}};
  }
  out["peak_GB"] = static_cast<double>(runtime::peakDeviceMemory(device)) / kGB;
  if (device.is_cuda()) line("[" + mode + "] peak VRAM (load + runs)", fmt("%.1f GB", out["peak_GB"].get<double>()));
  bundle.reset();
  runtime::releaseCachedDeviceMemory();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const bool cudaPresent = at::hasCUDA();
  // Full size on the CPU would need ~90 GB and hours: only on request (--device cpu).
  const std::string deviceName = o.device.empty() ? (o.tiny ? "cpu" : "cuda") : o.device;
  c10::Device device(deviceName);
  if (device.is_cuda() && !device.has_index()) device = c10::Device(c10::kCUDA, 0);
  if (device.is_cuda() && !cudaPresent) {
    std::cout << "ifedit-bench: no CUDA device in this process (libtorch " << TORCH_VERSION << ")"
              << (runtime::cudaRuntimeCompiledIn() ? "" : ", built against a CPU libtorch") << "; skipped\n";
    return 77;  // CTest's SKIP_RETURN_CODE
  }
  json report;
  // Written after every section, so a run cut short by a deadline still leaves its figures.
  const auto flush = [&] {
    if (!o.jsonPath.empty()) std::ofstream(o.jsonPath) << report.dump(1) << "\n";
  };
  report["torch"] = TORCH_VERSION;
  report["device"] = device.str();
  report["cuda_kernels"] = kernels::cudaKernelsAvailable();
  report["float8"] = compat::hasFloat8();
  std::cout << "ifedit-bench  libtorch " << TORCH_VERSION << "  device " << device.str()
            << "  fused CUDA kernels " << (kernels::cudaKernelsAvailable() ? "yes" : "no") << "\n";

  try {
    if (o.parity) {
      std::cout << "== parity: fixtures on " << device.str() << "\n";
      const auto lines = bench::runParity(o.fixtures, device, std::cout);
      json p = json::array();
      int failed = 0;
      for (const auto& l : lines) {
        p.push_back({{"name", l.name}, {"max_err", l.maxError}, {"max_ref", l.maxRef}, {"bound", l.tolerance},
                     {"measured_only", l.measuredOnly}, {"pass", l.pass()}});
        failed += l.pass() ? 0 : 1;
      }
      report["parity"] = p;
      flush();
      std::cout << (lines.size() - failed) << " passed, " << failed << " failed\n";
      // The whole fixture check on the device, float32 and bf16 (issue 3 item 6).
      json checks = json::array();
      for (bool bf16 : {false, true}) {
        const auto r = bench::runFixtureCheckOn(o.fixtures, device, bf16, std::cout);
        json closest = json::object();
        for (const auto& [group, c] : r.closestByGroup)
          closest[group] = {{"name", c.name}, {"max_err", c.maxError}, {"tol", c.tolerance}};
        checks.push_back({{"precision", bf16 ? "bf16" : "f32"}, {"passed", r.passed}, {"failed", r.failed},
                          {"errors", r.errors}, {"closest", closest}});
        failed += r.ok() ? 0 : 1;
        report["fixture_check"] = checks;
        flush();
      }
      return failed == 0 ? 0 : 1;
    }

    const auto setup = o.tiny ? bench::tinySetup() : bench::a14bSetup();
    const auto dtype = device.is_cuda() ? at::kBFloat16 : at::kFloat;
    report["setup"] = {{"name", setup.name}, {"dit", setup.dit.describe()}, {"width", setup.width},
                       {"height", setup.height}, {"frames", setup.frames}, {"steps", setup.steps}, {"k", setup.k},
                       {"refine_frames", setup.refineFrames}, {"dtype", dtype == at::kBFloat16 ? "bf16" : "f32"}};
    std::cout << "== setup " << setup.name << ": " << setup.dit.describe() << ", " << setup.width << "x"
              << setup.height << ", " << setup.frames << " frames, " << setup.steps << " Euler steps, K="
              << setup.k << ", refine " << setup.refineFrames << "\n== ceilings\n";
    report["ceilings"] = ceilings(device, o.tiny, o.repeats);
    for (const auto& [k, v] : report["ceilings"].items()) line(k, v.dump());
    flush();
    std::cout << "== fused ops (dispatcher vs plain torch)\n";
    report["fused_ops"] = fusedOps(device, setup, o.repeats);
    flush();

    std::vector<std::string> modes = o.modes;
    // Those with targets first (issue 7: resident bf16, FP8, lowvram's peak), swap last.
    if (modes.empty()) modes = device.is_cuda() ? std::vector<std::string>{"resident", "fp8", "lowvram", "swap"}
                                                : std::vector<std::string>{"resident"};
    const double matmulTflops = report["ceilings"].value(device.is_cuda() ? "matmul_bf16_tflops" : "matmul_f32_tflops", 0.0);
    for (size_t i = 0; i < modes.size(); ++i) {
      std::cout << "== memory mode " << modes[i] << "\n";
      try {
        auto m = benchMode(setup, device, dtype, modes[i], o, i == 0);
        for (const auto& [k, v] : m.items())
          if (k.size() > 7 && k.compare(k.size() - 7, 7, "_tflops") == 0 && matmulTflops > 0)
            m[k.substr(0, k.size() - 7) + "_pct_matmul"] = 100.0 * v.get<double>() / matmulTflops;
        report["modes"][modes[i]] = m;
      } catch (const std::exception& e) {
        std::cout << "  [" << modes[i] << "] FAILED: " << e.what() << "\n";
        report["modes"][modes[i]] = {{"error", e.what()}};
      }
      flush();
    }
  } catch (const std::exception& e) {
    std::cerr << "ifedit-bench: " << e.what() << "\n";
    report["error"] = e.what();
    flush();
    return 1;
  }
  std::cout << "== JSON\n" << report.dump(1) << "\n";
  flush();
  bool anyError = false;
  for (const auto& [k, v] : report["modes"].items()) anyError |= v.contains("error");
  return anyError ? 1 : 0;
}
