#pragma once
// Torch-free view of a model folder for the settings dialog: which layout it is, which part of
// Wan2.2-I2V-A14B was found where, and one line per missing part (DESIGN.md §2 layouts).
#include <string>
#include <vector>

namespace ifedit::api {

struct ModelPart {
  std::string role;  // "high-noise expert", "low-noise expert", "text encoder", "tokenizer", "VAE"
  std::string path;  // empty when not found
};

struct ModelDetection {
  std::string path;
  bool exists = false;
  std::string layout;  // "official", "diffusers", "comfyui", "none"; empty when the path is unusable
  std::vector<ModelPart> parts;       // every part, found or not, in load order
  std::vector<std::string> missing;   // what was looked for and where
  std::vector<std::string> notes;     // choices the detection made
  std::string error;                  // the path does not exist / cannot be read
  std::string otherModel;             // another Wan model than I2V-A14B recognised ("Wan2.2-TI2V-5B")
  double boundary = 0.9;
  bool complete() const { return error.empty() && missing.empty(); }
};

// Never throws: problems end up in `error` or `missing`.
ModelDetection detectModels(const std::string& path);

}  // namespace ifedit::api
