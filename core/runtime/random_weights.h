#pragma once
// Weights of the right shapes with random values, for benchmarks at full size without files
// (DESIGN.md §4: timing does not depend on weight values) and for tests. Any model's
// parameterSpecs() feeds it; each tensor is generated directly on the device it is loaded to.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/weight_source.h"

namespace ifedit::runtime {

// Values: matrices and convolution kernels ~ N(0, 1/fan_in) (activations keep their scale through
// deep stacks); 1-D norm weights and gammas 1; biases and other 1-D tensors ~ N(0, 0.02^2).
// On the CPU each tensor's values depend only on (seed, name); on CUDA they come from the
// device's default generator (seeded by at::manual_seed).
std::unique_ptr<io::WeightSource> randomWeights(std::vector<io::ParamSpec> specs, uint64_t seed,
                                                std::string what = "random weights");

}  // namespace ifedit::runtime
