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

// A line of the detection as a code with arguments (core/loaders/findings.h lists the codes and
// their English templates), so the editor can word it in the interface's language; `text` is the
// English line.
struct DetectionLine {
  std::string code;
  std::string part;        // a ModelPart role, or "" when the line is about the whole set
  std::string partFolder;  // Diffusers folder named beside the part ("transformer_2"), or ""
  std::vector<std::string> args;
  std::string text;
};

struct DetectionCode {
  std::string code;
  int args = 0;
  std::string english;  // the template, %1... for the arguments
};
// Every code a detection can produce (for the editor's translation table and its test).
std::vector<DetectionCode> detectionCodes();

struct ModelDetection {
  std::string path;
  bool exists = false;
  std::string layout;  // "official", "diffusers", "comfyui", "none"; empty when the path is unusable
  std::vector<ModelPart> parts;       // every part, found or not, in load order
  std::vector<std::string> missing;   // what was looked for and where
  std::vector<std::string> notes;     // choices the detection made
  std::vector<DetectionLine> missingLines;  // `missing` as codes, same order
  std::vector<DetectionLine> noteLines;     // `notes` as codes, same order
  std::string error;                  // the path does not exist / cannot be read
  // `error` as a code: about `errorPath` (path_not_found, path_unreadable), else "unreadable" with
  // the reader's own words as its argument.
  DetectionLine errorLine;
  // The folder the error is about: `path`, or one detection went into (the model's folder in a
  // Hugging Face hub folder, a cache's snapshot); "" when the error names its file itself.
  std::string errorPath;
  std::string otherModel;             // another Wan model than I2V-A14B recognised ("Wan2.2-TI2V-5B")
  double boundary = 0.9;
  bool complete() const { return error.empty() && missing.empty(); }
};

// Never throws: problems end up in `error` or `missing`.
ModelDetection detectModels(const std::string& path);

}  // namespace ifedit::api
