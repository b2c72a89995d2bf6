#include "app/engine/parameters_convert.h"

#include <stdexcept>


namespace ifedit::app {

api::EditSettings toEngineSettings(const EditParameters& p) {
  api::EditSettings s;
  s.frames = p.frames;
  s.steps = p.steps;
  s.shift = p.shift;
  s.solver = p.solver.toStdString();
  s.guidanceLow = p.guidanceLow;
  s.guidanceHigh = p.guidanceHigh;
  s.negativePrompt = p.negativePrompt.toStdString();
  s.maxArea = p.maxArea;
  s.seed = p.seed;
  s.dropout = p.dropout;
  s.dropoutK = p.dropoutK;
  s.threshold = p.threshold;
  s.anchor = p.anchor.toStdString();
  s.positions = p.positions.toStdString();
  s.refine = p.refine;
  s.refineFrames = p.refineFrames;
  return s;
}

EditParameters fromEngineSettings(const api::EditSettings& s, const EditParameters& base) {
  EditParameters p = base;
  p.frames = s.frames;
  p.steps = s.steps;
  p.shift = s.shift;
  p.solver = QString::fromStdString(s.solver);
  p.guidanceLow = s.guidanceLow;
  p.guidanceHigh = s.guidanceHigh;
  p.negativePrompt = QString::fromStdString(s.negativePrompt);
  p.maxArea = s.maxArea;
  p.seed = s.seed;
  p.dropout = s.dropout;
  p.dropoutK = s.dropoutK;
  p.threshold = s.threshold;
  p.anchor = QString::fromStdString(s.anchor);
  p.positions = QString::fromStdString(s.positions);
  p.refine = s.refine;
  p.refineFrames = s.refineFrames;
  return p;
}

api::ModelOptions toModelOptions(const ModelSetup& m) {
  api::ModelOptions o;
  o.path = m.path.trimmed().toStdString();
  o.loraHigh = m.loraHigh.toStdString();
  o.loraLow = m.loraLow.toStdString();
  o.loraStrength = m.loraStrength;
  o.device = m.device.toStdString();
  o.precision = m.precision.toStdString();
  o.memoryMode = m.memoryMode.toStdString();
  o.textEncoderOnCpu = m.textEncoderOnCpu;
  return o;
}

}  // namespace ifedit::app
