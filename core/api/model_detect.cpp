#include "api/model_detect.h"

#include <exception>

#include "loaders/findings.h"
#include "loaders/layout.h"

namespace ifedit::api {
namespace {

DetectionLine lineOf(const loaders::Finding& f) {
  return {f.code, f.part, f.partFolder, f.args, loaders::englishText(f)};
}

}  // namespace

std::vector<DetectionCode> detectionCodes() {
  std::vector<DetectionCode> out;
  for (const auto& c : loaders::findingCodes()) out.push_back({c.code, c.args, c.english});
  return out;
}

ModelDetection detectModels(const std::string& path) {
  ModelDetection out;
  out.path = path;
  if (path.empty()) {
    out.errorLine = lineOf({"no_folder", "", "", {}});
    out.error = out.errorLine.text;
    return out;
  }
  try {
    const auto set = loaders::detectModelSet(path);
    out.exists = true;
    out.layout = set.layout;
    out.boundary = set.boundary;
    out.parts = {{"high-noise expert", set.highNoise},
                 {"low-noise expert", set.lowNoise},
                 {"text encoder", set.textEncoder},
                 {"tokenizer", set.tokenizerEmbeddedIn.empty() ? set.tokenizer : set.tokenizerEmbeddedIn},
                 {"VAE", set.vae}};
    out.missing = set.missing;
    out.notes = set.notes;
    for (const auto& f : set.missingFindings) out.missingLines.push_back(lineOf(f));
    for (const auto& f : set.noteFindings) out.noteLines.push_back(lineOf(f));
    out.otherModel = set.otherModel;
  } catch (const loaders::FindingError& e) {
    out.error = e.what();
    out.errorLine = lineOf(e.finding());
    out.errorPath = e.file();
  } catch (const std::exception& e) {
    out.error = e.what();
    out.errorLine = {"unreadable", "", "", {out.error}, out.error};
  }
  return out;
}

}  // namespace ifedit::api
