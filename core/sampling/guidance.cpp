#include "sampling/guidance.h"

#include <sstream>
#include <stdexcept>

namespace ifedit::sampling {

bool needsUncond(double scale) { return scale != 1.0; }

at::Tensor guide(const at::Tensor& cond, const at::Tensor& uncond, double scale) {
  if (!cond.defined()) throw std::invalid_argument("guide: the conditional prediction is undefined");
  if (!needsUncond(scale)) return cond;
  if (!uncond.defined()) {
    std::ostringstream s;
    s << "guide: guidance scale " << scale << " needs the unconditional prediction, got none";
    throw std::invalid_argument(s.str());
  }
  if (cond.sizes() != uncond.sizes()) {
    std::ostringstream s;
    s << "guide: conditional " << cond.sizes() << " and unconditional " << uncond.sizes()
      << " predictions differ in shape";
    throw std::invalid_argument(s.str());
  }
  return uncond.add(cond.sub(uncond).mul(scale));
}

}  // namespace ifedit::sampling
