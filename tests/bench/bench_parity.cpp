#include "bench_parity.h"

#include <ATen/Context.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

#include "compat/torch_compat.h"
#include "fixtures/dit_cases.h"
#include "fixtures/fixture_check.h"
#include "io/tensor_source.h"
#include "io/weight_source.h"
#include "kernels/fused_ops.h"
#include "models/dit/wan_dit.h"
#include "models/t5/umt5.h"
#include "models/vae/wan_vae.h"
#include "runtime/block_arena.h"
#include "runtime/pinned_pool.h"

namespace ifedit::bench {
namespace {

double maxAbs(const at::Tensor& t) { return t.abs().max().item<double>(); }

struct Checker {
  std::vector<ParityLine>& lines;
  std::ostream& log;
  void add(const std::string& name, const at::Tensor& ours, const at::Tensor& ref, double relTol, bool measuredOnly) {
    const auto o = ours.to(at::kCPU, at::kFloat).reshape(ref.sizes());
    const auto r = ref.to(at::kCPU, at::kFloat);
    ParityLine line{name, maxAbs(o - r), maxAbs(r), 0, measuredOnly};
    line.tolerance = relTol * std::max(1.0, line.maxRef);
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-48s max|err| %.3e  rel %.2e  %s %.1e  %s", name.c_str(), line.maxError,
                  line.maxError / std::max(1.0, line.maxRef), measuredOnly ? "bound" : "tol", line.tolerance,
                  line.pass() ? "PASS" : "FAIL");
    log << buf << "\n";
    lines.push_back(line);
  }
};

using Probes = std::map<std::string, at::Tensor>;

}  // namespace

std::vector<ParityLine> runParity(const std::string& dir, c10::Device device, std::ostream& log) {
  c10::InferenceMode guard;
  at::globalContext().setAllowTF32CuDNN(false);  // float32 convolutions as on the CPU
  std::vector<ParityLine> lines;
  Checker check{lines, log};
  const auto folder = fixtures::openFixtureFolder(dir);
  const std::shared_ptr<const io::TensorSource> ditIo(io::openTensorFile(folder.path(fixtures::kDitIoFile)));

  // --- DiT: every case of the folder, as check-fixtures finds them -------------------------
  const auto listed = fixtures::listedTensors(folder, fixtures::kDitIoFile);
  runtime::PinnedPool pool(device.is_cuda());
  for (const auto& c : fixtures::ditCases(listed)) {
    const std::string model = fixtures::ditModelFile(folder, c), inputs = fixtures::ditInputPrefix(listed, c);
    auto weights = io::weightsFrom(std::shared_ptr<const io::TensorSource>(io::openTensorFile(folder.path(model))));
    const auto config = dit::WanDitConfig::fromJsonFile(folder.path(fixtures::ditConfigFile(model)), weights.get());
    dit::WanDitInput in;
    in.x = ditIo->load(inputs + "x").to(device);
    if (fixtures::findListed(listed, inputs + "y")) in.y = ditIo->load(inputs + "y").to(device);
    in.context = ditIo->load(inputs + "context").to(device);
    in.timestep = ditIo->load(c.prefix + "t").to(device);
    const auto expected = ditIo->load(c.prefix + "out");
    auto run = [&](c10::ScalarType dtype, dit::WanDitLoadOptions options, int arenaSlots, Probes* probes) {
      dit::WanDit model(config);
      options.hostCopy = [&](const at::Tensor& t) { return pool.copy(t); };
      model.load(*weights, dtype, device, options);
      std::unique_ptr<runtime::BlockArena> arena;
      if (arenaSlots > 0) {
        arena = std::make_unique<runtime::BlockArena>(std::vector<dit::WanDit*>{&model}, arenaSlots, device);
        arena->setNextExpert(0);
      }
      dit::WanDitProbe probe;
      if (probes) probe = [&](const std::string& name, const at::Tensor& v) { (*probes)[name] = v.to(at::kCPU, at::kFloat); };
      // Twice through the arena: the second pass uses blocks fetched during the first.
      auto out = model.forward(in, nullptr, probe);
      if (arena) out = model.forward(in);
      return out.to(at::kCPU);
    };
    const std::string tag = "dit." + c.prefix;

    Probes probes;
    const auto f32 = run(at::kFloat, {}, 0, &probes);
    check.add(tag + "f32.out", f32, expected, 1e-4, false);
    for (const auto* t : c.outputs) {
      if (t->name == c.prefix + "out") continue;
      const auto it = probes.find(t->name.substr(c.prefix.size()));
      if (it != probes.end()) check.add(tag + "f32." + it->first, it->second, ditIo->load(t->name), 1e-4, false);
    }
    dit::WanDitLoadOptions onHost;
    onHost.blocksOnHost = true;
    const auto layers = static_cast<int>(config.numLayers);
    check.add(tag + "f32.swap-arena vs resident", run(at::kFloat, onHost, layers, nullptr), f32, 1e-6, false);
    check.add(tag + "f32.stream-arena vs resident", run(at::kFloat, onHost, 1, nullptr), f32, 1e-6, false);

    const auto bf16 = run(at::kBFloat16, {}, 0, nullptr);
    check.add(tag + "bf16.out vs f32 reference", bf16, expected, 5e-2, true);
    {
      std::map<kernels::FusedOp, bool> saved;
      for (auto op : kernels::allFusedOps()) {
        saved[op] = kernels::fusedOpEnabled(op);
        kernels::setFusedOpEnabled(op, false);
      }
      const auto plain = run(at::kBFloat16, {}, 0, nullptr);
      for (auto [op, on] : saved) kernels::setFusedOpEnabled(op, on);
      check.add(tag + "bf16.kernels vs plain torch", bf16, plain, 2e-2, true);
    }
    if (compat::hasFloat8()) {
      dit::WanDitLoadOptions fp8;
      fp8.fp8Blocks = true;
      fp8.blocksOnHost = true;
      const auto low = run(at::kBFloat16, fp8, runtime::streamingSlots(layers), nullptr);
      check.add(tag + std::string("fp8.out vs bf16 (") + (compat::fp8MatmulActive() ? "FP8 matmul" : "dequantised") + ")",
                low, bf16, 0.25, true);
      check.add(tag + "fp8.out vs f32 reference", low, expected, 0.25, true);
      fp8.blocksOnHost = false;  // the fp8 memory mode: the same FP8 blocks, resident
      check.add(tag + "fp8.resident vs streamed", run(at::kBFloat16, fp8, 0, nullptr), low, 1e-6, false);
    }
  }

  // --- VAE (float32 as the official code) ---------------------------------------------------
  {
    auto weights = io::weightsFrom(std::shared_ptr<const io::TensorSource>(io::openTensorFile(dir + "/vae.safetensors")));
    const std::shared_ptr<const io::TensorSource> ref(io::openTensorFile(dir + "/vae_io.safetensors"));
    vae::WanVae vae(vae::WanVaeConfig::fromWeights(*weights));
    vae.load(*weights, at::kFloat, device);
    check.add("vae.f32.encode latent", vae.encode(ref->load("enc.video").to(device)), ref->load("enc.latent"), 1e-4, false);
    check.add("vae.f32.decode video (unclamped)", vae.decodeUnclamped(ref->load("dec.latent").to(device)),
              ref->load("dec.video_unclamped"), 1e-4, false);
  }

  // --- UMT5 --------------------------------------------------------------------------------
  {
    auto weights = io::weightsFrom(std::shared_ptr<const io::TensorSource>(io::openTensorFile(dir + "/t5.safetensors")));
    const std::shared_ptr<const io::TensorSource> ref(io::openTensorFile(dir + "/t5_io.safetensors"));
    const auto ids = ref->load("ids").to(device), mask = ref->load("mask").to(device);
    for (auto dtype : {at::kFloat, at::kBFloat16}) {
      t5::Umt5Encoder encoder(t5::Umt5Config::fromWeights(*weights));
      encoder.load(*weights, dtype, device);
      const bool f32 = dtype == at::kFloat;
      check.add(std::string("t5.") + (f32 ? "f32" : "bf16") + ".out", encoder.forward(ids, mask), ref->load("out"),
                f32 ? 1e-4 : 5e-2, !f32);
    }
  }
  return lines;
}

FixtureCheckOnDevice runFixtureCheckOn(const std::string& dir, c10::Device device, bool bf16, std::ostream& log) {
  FixtureCheckOnDevice result;
  result.bf16 = bf16;
  const auto report = fixtures::checkFixtures(dir, {}, {}, {device.str(), bf16});
  for (const auto& c : report.comparisons) {
    (c.pass() ? result.passed : result.failed)++;
    if (!c.pass()) log << "  " << c.line() << "\n";
    if (c.tolerance <= 0) continue;  // exact checks (tables, refusals): pass or fail, nothing closer
    const std::string group = c.name.substr(0, c.name.find_first_of(".:"));
    auto& closest = result.closestByGroup[group];
    if (closest.name.empty() || c.maxError / c.tolerance > closest.maxError / closest.tolerance)
      closest = {c.name, c.maxError, c.tolerance};
  }
  result.errors = report.errors;
  for (const auto& e : report.errors) log << "  ERROR " << e << "\n";
  log << "check-fixtures on " << device.str() << (bf16 ? " (DiT + UMT5 in bf16)" : " (float32)") << ": "
      << result.passed << " passed, " << result.failed << " failed, " << result.errors.size() << " errors\n";
  for (const auto& [group, c] : result.closestByGroup) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "  closest in %-10s %-44s max|err| %.3e  tol %.3e", group.c_str(), c.name.c_str(),
                  c.maxError, c.tolerance);
    log << buf << "\n";
  }
  return result;
}

}  // namespace ifedit::bench
