#include "pipeline/load_meter.h"

#include <algorithm>

namespace ifedit::pipeline {
namespace {

class MeteredWeights : public io::WeightSource {
 public:
  MeteredWeights(const io::WeightSource& inner, LoadMeter& meter) : inner_(inner), meter_(meter) {}
  std::string describe() const override { return inner_.describe(); }
  std::vector<std::string> names() const override { return inner_.names(); }
  std::optional<std::vector<int64_t>> shapeOf(const std::string& name) const override { return inner_.shapeOf(name); }
  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const override {
    auto t = inner_.load(name, dtype, device);
    meter_.counted(t.numel());
    return t;
  }

 private:
  const io::WeightSource& inner_;
  LoadMeter& meter_;
};

}  // namespace

LoadMeter::LoadMeter(std::function<void(double)> report, double step) : report_(std::move(report)), step_(step) {}

void LoadMeter::add(const io::WeightSource& source) {
  for (const auto& name : source.names()) {
    const auto shape = source.shapeOf(name);
    if (!shape) continue;
    int64_t n = 1;
    for (const auto d : *shape) n *= std::max<int64_t>(d, 0);
    total_ += n;
  }
}

std::unique_ptr<io::WeightSource> LoadMeter::wrap(const io::WeightSource& source) {
  return std::make_unique<MeteredWeights>(source, *this);
}

double LoadMeter::fraction() const {
  if (total_ <= 0) return 0;
  return std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_));
}

void LoadMeter::counted(int64_t elements) {
  done_ += elements;
  const double f = fraction();
  if (report_ && (f - lastReported_ >= step_ || (f >= 1.0 && lastReported_ < 1.0))) {
    lastReported_ = f;
    report_(f);
  }
}

}  // namespace ifedit::pipeline
