#include "io/weight_source.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <unordered_map>

namespace ifedit::io {
namespace {

class PlainWeights final : public WeightSource {
 public:
  PlainWeights(std::shared_ptr<const TensorSource> source, std::string prefix)
      : source_(std::move(source)), prefix_(std::move(prefix)) {
    for (const auto& t : source_->tensors()) {
      std::string name = t.name;
      if (!prefix_.empty() && name.rfind(prefix_, 0) == 0) name = name.substr(prefix_.size());
      names_.push_back(name);
      stored_[name] = &t;
    }
  }

  std::string describe() const override { return source_->path(); }
  std::vector<std::string> names() const override { return names_; }

  std::optional<std::vector<int64_t>> shapeOf(const std::string& name) const override {
    auto it = stored_.find(name);
    if (it == stored_.end()) return std::nullopt;
    return it->second->shape;
  }

  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const override {
    auto it = stored_.find(name);
    if (it == stored_.end()) throw IoError(source_->path(), "no weight named '" + name + "'");
    return source_->load(it->second->name, dtype, device);
  }

 private:
  std::shared_ptr<const TensorSource> source_;
  std::string prefix_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, const TensorInfo*> stored_;
};


void listSome(std::ostringstream& out, const char* what, const std::vector<std::string>& items) {
  if (items.empty()) return;
  constexpr size_t kShown = 6;
  out << "; " << items.size() << ' ' << what << ": ";
  for (size_t i = 0; i < std::min(items.size(), kShown); ++i) out << (i ? ", " : "") << items[i];
  if (items.size() > kShown) out << ", ...";
}

}  // namespace

std::unique_ptr<WeightSource> weightsFrom(std::shared_ptr<const TensorSource> source, std::string stripPrefix) {
  return std::make_unique<PlainWeights>(std::move(source), std::move(stripPrefix));
}

void verifyWeights(const WeightSource& source, const std::vector<ParamSpec>& expected, const std::string& modelName) {
  std::vector<std::string> missing, unexpected, misshapen;
  std::set<std::string> wanted;
  for (const auto& spec : expected) {
    wanted.insert(spec.name);
    auto shape = source.shapeOf(spec.name);
    if (!shape) {
      missing.push_back(spec.name);
    } else if (*shape != spec.shape) {
      misshapen.push_back(spec.name + " " + shapeText(*shape) + " (expected " + shapeText(spec.shape) + ")");
    }
  }
  for (const auto& name : source.names())
    if (!wanted.count(name)) unexpected.push_back(name);
  if (missing.empty() && unexpected.empty() && misshapen.empty()) return;
  std::ostringstream msg;
  msg << "does not hold the weights of " << modelName;
  listSome(msg, "missing", missing);
  listSome(msg, "unexpected", unexpected);
  listSome(msg, "misshapen", misshapen);
  throw IoError(source.describe(), msg.str());
}

}  // namespace ifedit::io
