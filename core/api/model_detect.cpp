#include "api/model_detect.h"

#include <exception>

#include "loaders/layout.h"

namespace ifedit::api {

ModelDetection detectModels(const std::string& path) {
  ModelDetection out;
  out.path = path;
  if (path.empty()) {
    out.error = "no model folder chosen";
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
    out.otherModel = set.otherModel;
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace ifedit::api
