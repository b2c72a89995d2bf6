#pragma once
// How much of a model set has been read while it loads: weight sources wrapped by the meter count
// the elements of every tensor loaded through them against the total of all the sources added, so
// a load of 60+ GB from a slow disk can show a real percentage instead of a part name alone.
#include <cstdint>
#include <functional>
#include <memory>

#include "io/weight_source.h"

namespace ifedit::pipeline {

class LoadMeter {
 public:
  // `report` gets the fraction read (0..1) each time it has grown by `step`, and once at 1; it
  // runs on the loading thread.
  explicit LoadMeter(std::function<void(double)> report, double step = 0.005);

  // Counts every weight `source` offers into the total (call for all sources before loading).
  void add(const io::WeightSource& source);
  // A view of `source` (which must outlive it) that counts what is loaded through it.
  std::unique_ptr<io::WeightSource> wrap(const io::WeightSource& source);
  void counted(int64_t elements);
  double fraction() const;
  int64_t total() const { return total_; }

 private:
  std::function<void(double)> report_;
  double step_;
  int64_t total_ = 0;
  int64_t done_ = 0;
  double lastReported_ = -1;
};

}  // namespace ifedit::pipeline
