#pragma once
// The devices the engine can run on, for the Settings dialog (ui/ never asks core/ itself).
#include <QList>
#include <QString>

namespace ifedit::app {

struct GpuDevice {
  QString id;   // "cuda:0", the value of the `device` setting
  QString name; // "NVIDIA H200"; empty when the driver would not say
  qint64 totalBytes = 0;
};

struct ComputeDevices {
  bool cudaBuild = false;  // the engine can use CUDA at all
  QList<GpuDevice> gpus;   // the CUDA devices visible to this process
  QString autoChoice = QStringLiteral("cpu");  // what the "auto" setting runs on
};

// Asked once per process (the GPUs do not come and go while it runs; the first CUDA query may take
// a second).
const ComputeDevices& computeDevices();

}  // namespace ifedit::app
