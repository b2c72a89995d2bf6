#pragma once
// Temporal Latent Dropout (DESIGN.md §1.3): at the first denoising step below the threshold the
// latent frames are thinned once, keeping the source frame, the final frame and every K-th frame
// between them, and the run continues on the kept frames only.
#include <cstdint>
#include <string>
#include <vector>

namespace ifedit::pipeline {

enum class DropoutAnchor {
  End,    // S = {0} ∪ {F-1-jK : j >= 0, F-1-jK >= 1}: the final state is always kept (default)
  Start,  // S = {0, K, 2K, ...} ∪ {F-1}: the paper's literal reading
};

enum class DropoutPositions {
  Preserve,  // kept frames keep their original RoPE temporal indices (default)
  Reindex,   // kept frames are renumbered 0..|S|-1, as the reference code would see them
};

struct DropoutSettings {
  int k = 3;                // keep every K-th frame; 1 keeps all (no dropout)
  double threshold = 0.9;   // trigger at the first step with t < threshold * 1000
  DropoutAnchor anchor = DropoutAnchor::End;
  DropoutPositions positions = DropoutPositions::Preserve;
};

// Sorted kept latent-frame indices for F latent frames. Throws std::invalid_argument for F < 1 or
// K < 1.
std::vector<int64_t> keptFrames(int64_t frameCount, int k, DropoutAnchor anchor = DropoutAnchor::End);

// RoPE temporal positions of the kept frames under the chosen convention.
std::vector<int64_t> keptPositions(const std::vector<int64_t>& kept, DropoutPositions positions);

std::string toString(DropoutAnchor anchor);
std::string toString(DropoutPositions positions);

}  // namespace ifedit::pipeline
