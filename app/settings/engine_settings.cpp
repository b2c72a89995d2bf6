#include "app/settings/engine_settings.h"

#include <QRandomGenerator>

namespace ifedit::app {
namespace {
std::string s(const QString& q) { return q.toStdString(); }
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

api::EditSettings editSettings(const AppSettings& a, quint64* drawnSeed) {
  api::EditSettings e;
  e.frames = a.frames();
  e.steps = a.steps();
  e.shift = a.shift();
  e.solver = s(a.solver());
  e.guidanceLow = a.guidanceLow();
  e.guidanceHigh = a.guidanceHigh();
  e.negativePrompt = s(a.negativePrompt());
  e.maxArea = a.maxArea();
  e.seed = a.seed();
  if (a.randomSeed() && drawnSeed) {
    // The 32 bits the noise generator keeps (api::kMaxSeed).
    e.seed = QRandomGenerator::global()->generate();
    *drawnSeed = e.seed;
  }
  e.dropout = a.dropout();
  e.dropoutK = a.dropoutK();
  e.threshold = a.threshold();
  e.anchor = s(a.anchor());
  e.positions = s(a.positions());
  e.refine = a.refine();
  e.refineFrames = a.refineFrames();
  return e;
}

void storeEditSettings(AppSettings& a, const api::EditSettings& e) {
  a.frames.setValue(e.frames);
  a.steps.setValue(e.steps);
  a.shift.setValue(e.shift);
  a.solver.setValue(q(e.solver));
  a.guidanceLow.setValue(e.guidanceLow);
  a.guidanceHigh.setValue(e.guidanceHigh);
  a.negativePrompt.setValue(q(e.negativePrompt));
  a.maxArea.setValue(e.maxArea);
  a.seed.setValue(e.seed);
  a.dropout.setValue(e.dropout);
  a.dropoutK.setValue(e.dropoutK);
  a.threshold.setValue(e.threshold);
  a.anchor.setValue(q(e.anchor));
  a.positions.setValue(q(e.positions));
  a.refine.setValue(e.refine);
  a.refineFrames.setValue(e.refineFrames);
}

api::ModelOptions modelOptions(const AppSettings& a) {
  api::ModelOptions o;
  o.path = a.useDemoModel() ? std::string("demo") : s(a.modelPath());
  o.loraHigh = s(a.loraHigh());
  o.loraLow = s(a.loraLow());
  o.loraStrength = a.loraStrength();
  o.device = s(a.device());
  o.precision = s(a.precision());
  o.memoryMode = s(a.memoryMode());
  o.textEncoderOnCpu = a.textEncoderOnCpu();
  return o;
}

}  // namespace ifedit::app
