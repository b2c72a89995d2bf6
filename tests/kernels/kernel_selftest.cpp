// The fused kernels through their raw launchers, without torch: float32 buffers on the first CUDA
// device against a host computation of the same formulas. Proves the .cu objects link against the
// CUDA runtime and run, whatever libtorch the build found. Exit 77 (skipped) without a device.
#include <cuda_runtime_api.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "kernels/fused_kernels.h"

namespace k = ifedit::kernels::cuda;

namespace {

int failures = 0;

float* toDevice(const std::vector<float>& host) {
  float* d = nullptr;
  cudaMalloc(reinterpret_cast<void**>(&d), host.size() * sizeof(float));
  cudaMemcpy(d, host.data(), host.size() * sizeof(float), cudaMemcpyHostToDevice);
  return d;
}

std::vector<float> toHost(const float* d, size_t n) {
  std::vector<float> h(n);
  cudaMemcpy(h.data(), d, n * sizeof(float), cudaMemcpyDeviceToHost);
  return h;
}

void expect(const char* what, const char* launchError, const std::vector<float>& got, const std::vector<float>& want,
            double tol) {
  double worst = 0;
  for (size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::abs(double(got[i]) - double(want[i])));
  const bool ok = !launchError && worst <= tol;
  std::printf("%-10s max|gpu - host| %.3e (tol %.1e) %s%s\n", what, worst, tol, ok ? "PASS" : "FAIL",
              launchError ? launchError : "");
  failures += ok ? 0 : 1;
}

}  // namespace

int main() {
  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
    std::printf("no CUDA device: skipped\n");
    return 77;
  }
  std::mt19937 rng(5);
  std::normal_distribution<float> normal;
  auto randomVec = [&](size_t n) {
    std::vector<float> v(n);
    for (auto& x : v) x = normal(rng);
    return v;
  };
  const int64_t rows = 37, dim = 320, heads = 4, hd = 80;  // dim = heads * hd

  const auto x = randomVec(rows * dim), shift = randomVec(rows * dim), scale = randomVec(rows * dim);
  std::vector<float> ln(rows * dim), res(rows * dim), rms(rows * dim), rope(rows * dim);
  const auto w = randomVec(dim);
  std::vector<float> cosT(rows * hd / 2), sinT(rows * hd / 2);
  for (size_t i = 0; i < cosT.size(); ++i) cosT[i] = std::cos(0.37f * float(i)), sinT[i] = std::sin(0.37f * float(i));
  for (int64_t r = 0; r < rows; ++r) {
    double mean = 0, var = 0, sq = 0;
    for (int64_t c = 0; c < dim; ++c) mean += x[r * dim + c], sq += double(x[r * dim + c]) * x[r * dim + c];
    mean /= dim;
    for (int64_t c = 0; c < dim; ++c) var += (x[r * dim + c] - mean) * (x[r * dim + c] - mean);
    var /= dim;
    const double rstd = 1 / std::sqrt(var + 1e-6), rr = 1 / std::sqrt(sq / dim + 1e-6);
    for (int64_t c = 0; c < dim; ++c) {
      const size_t i = r * dim + c;
      ln[i] = float((x[i] - mean) * rstd * (1 + scale[i]) + shift[i]);
      res[i] = x[i] + shift[i] * scale[i];
      rms[i] = float(x[i] * rr * w[c]);
    }
    for (int64_t h = 0; h < heads; ++h)
      for (int64_t j = 0; j < hd / 2; ++j) {
        const size_t i = r * dim + h * hd + 2 * j;
        const float c = cosT[r * hd / 2 + j], s = sinT[r * hd / 2 + j];
        rope[i] = x[i] * c - x[i + 1] * s;
        rope[i + 1] = x[i] * s + x[i + 1] * c;
      }
  }

  float *dx = toDevice(x), *dshift = toDevice(shift), *dscale = toDevice(scale), *dw = toDevice(w);
  float *dcos = toDevice(cosT), *dsin = toDevice(sinT), *dout = toDevice(std::vector<float>(rows * dim));
  const size_t n = size_t(rows * dim);
  const char* e = k::launchLayerNormModulate(dx, k::ElemType::F32, dshift, dscale, dim, dout, k::ElemType::F32, rows, dim,
                                             1e-6f, nullptr);
  expect("lnmod", e, toHost(dout, n), ln, 1e-4);
  e = k::launchGatedResidual(dx, dshift, k::ElemType::F32, dscale, dim, dout, rows, dim, nullptr);
  expect("residual", e, toHost(dout, n), res, 1e-6);
  e = k::launchRmsNorm(dx, dw, dout, k::ElemType::F32, rows, dim, 1e-6f, nullptr);
  expect("rmsnorm", e, toHost(dout, n), rms, 1e-4);
  e = k::launchRope(dx, k::ElemType::F32, dcos, dsin, dout, k::ElemType::F32, 1, rows, heads, hd, nullptr);
  expect("rope", e, toHost(dout, n), rope, 1e-5);
  for (float* p : {dx, dshift, dscale, dw, dcos, dsin, dout}) cudaFree(p);
  const cudaError_t sync = cudaDeviceSynchronize();
  if (sync != cudaSuccess) std::printf("CUDA error: %s\n", cudaGetErrorString(sync)), ++failures;
  std::printf("%d passed, %d failed\n", 4 - failures, failures);
  return failures ? 1 : 0;
}
