#pragma once
// The Laplacian pick (DESIGN.md §1.5): sharpness = variance of the 3x3 Laplacian of the luminance
// in 0..255. (The paper prints the mean, which is ~0 for any image; its reported values 840-983
// are on the variance's scale.)
#include <cstdint>
#include <vector>

namespace ifedit::pipeline {

// rgb: height*width*3 bytes, row-major RGB.
double laplacianVariance(const uint8_t* rgb, int width, int height);

// Index of the highest score (the first on ties); -1 for an empty list.
int sharpestIndex(const std::vector<double>& scores);

}  // namespace ifedit::pipeline
