#include "pipeline/sharpness.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace ifedit::pipeline {

double laplacianVariance(const uint8_t* rgb, int width, int height) {
  cv::Mat image(height, width, CV_8UC3, const_cast<uint8_t*>(rgb));
  cv::Mat gray, laplacian;
  cv::cvtColor(image, gray, cv::COLOR_RGB2GRAY);
  cv::Laplacian(gray, laplacian, CV_64F, 1);  // ksize 1 = the 3x3 kernel [0 1 0; 1 -4 1; 0 1 0]
  cv::Scalar mean, stddev;
  cv::meanStdDev(laplacian, mean, stddev);
  return stddev[0] * stddev[0];
}

int sharpestIndex(const std::vector<double>& scores) {
  int best = -1;
  for (int i = 0; i < static_cast<int>(scores.size()); ++i)
    if (best < 0 || scores[i] > scores[best]) best = i;
  return best;
}

}  // namespace ifedit::pipeline
