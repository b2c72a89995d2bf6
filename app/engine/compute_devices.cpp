#include "app/engine/compute_devices.h"

#include "api/devices.h"

namespace ifedit::app {

namespace {

ComputeDevices fromEngine() {
  const auto d = api::listComputeDevices();
  ComputeDevices out;
  out.cudaBuild = d.cudaBuild;
  for (const auto& g : d.gpus)
    out.gpus.append({QString::fromStdString(g.id), QString::fromStdString(g.name), static_cast<qint64>(g.totalBytes)});
  out.autoChoice = QString::fromStdString(d.autoChoice);
  return out;
}

}  // namespace

const ComputeDevices& computeDevices() {
  static const ComputeDevices devices = fromEngine();
  return devices;
}

}  // namespace ifedit::app
