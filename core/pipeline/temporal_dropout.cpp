#include "pipeline/temporal_dropout.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace ifedit::pipeline {

std::vector<int64_t> keptFrames(int64_t frameCount, int k, DropoutAnchor anchor) {
  if (frameCount < 1) throw std::invalid_argument("temporal dropout: latent frame count must be >= 1");
  if (k < 1) throw std::invalid_argument("temporal dropout: K must be >= 1 (got " + std::to_string(k) + ")");
  std::vector<int64_t> kept{0};
  const int64_t last = frameCount - 1;
  if (anchor == DropoutAnchor::End) {
    for (int64_t f = last; f >= 1; f -= k) kept.push_back(f);
  } else {
    for (int64_t f = k; f <= last; f += k) kept.push_back(f);
    if (last >= 1) kept.push_back(last);
  }
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
  return kept;
}

std::vector<int64_t> keptPositions(const std::vector<int64_t>& kept, DropoutPositions positions) {
  if (positions == DropoutPositions::Preserve) return kept;
  std::vector<int64_t> renumbered(kept.size());
  std::iota(renumbered.begin(), renumbered.end(), 0);
  return renumbered;
}

std::string toString(DropoutAnchor anchor) { return anchor == DropoutAnchor::End ? "end" : "start"; }
std::string toString(DropoutPositions positions) {
  return positions == DropoutPositions::Preserve ? "preserve" : "reindex";
}

}  // namespace ifedit::pipeline
