#include "app/settings/session_settings.h"

#include "app/session/edit_session.h"

namespace ifedit::app {

EditParameters editParameters(const AppSettings& s) {
  EditParameters p;
  p.frames = s.frames();
  p.steps = s.steps();
  p.shift = s.shift();
  p.solver = s.solver();
  p.guidanceLow = s.guidanceLow();
  p.guidanceHigh = s.guidanceHigh();
  p.negativePrompt = s.negativePrompt();
  p.maxArea = s.maxArea();
  p.seed = s.seed();
  p.randomSeed = s.randomSeed();
  p.dropout = s.dropout();
  p.dropoutK = s.dropoutK();
  p.threshold = s.threshold();
  p.anchor = s.anchor();
  p.positions = s.positions();
  p.refine = s.refine();
  p.refineFrames = s.refineFrames();
  return p;
}

void storeEditParameters(AppSettings& s, const EditParameters& p) {
  s.frames.setValue(p.frames);
  s.steps.setValue(p.steps);
  s.shift.setValue(p.shift);
  s.solver.setValue(p.solver);
  s.guidanceLow.setValue(p.guidanceLow);
  s.guidanceHigh.setValue(p.guidanceHigh);
  s.negativePrompt.setValue(p.negativePrompt);
  s.maxArea.setValue(p.maxArea);
  s.seed.setValue(p.seed);
  s.randomSeed.setValue(p.randomSeed);
  s.dropout.setValue(p.dropout);
  s.dropoutK.setValue(p.dropoutK);
  s.threshold.setValue(p.threshold);
  s.anchor.setValue(p.anchor);
  s.positions.setValue(p.positions);
  s.refine.setValue(p.refine);
  s.refineFrames.setValue(p.refineFrames);
}

ModelSetup modelSetup(const AppSettings& s) {
  ModelSetup m;
  m.path = s.useDemoModel() ? ModelSetup::demoPath() : s.modelPath();
  m.loraHigh = s.loraHigh();
  m.loraLow = s.loraLow();
  m.loraStrength = s.loraStrength();
  m.device = s.device();
  m.precision = s.precision();
  m.memoryMode = s.memoryMode();
  m.textEncoderOnCpu = s.textEncoderOnCpu();
  return m;
}

void applySettings(const AppSettings& s, EditSession& session, const QString& apiKey) {
  session.setModelSetup(modelSetup(s));
  session.setParameters(editParameters(s));
  session.setVlmEndpoint(s.vlmEndpoint(apiKey));
}

}  // namespace ifedit::app
