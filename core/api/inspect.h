#pragma once
// Torch-free description of checkpoint files and model folders, for `ifedit-cli inspect` and the
// settings dialog. Throws std::runtime_error (message names the file and the problem) on bad input.
#include <cstdint>
#include <string>
#include <vector>

namespace ifedit::api {

struct TensorEntry {
  std::string name;
  std::string dtype;  // safetensors spelling: F32, BF16, F8_E4M3, ...
  std::vector<int64_t> shape;
  uint64_t bytes = 0;
};

struct FileReport {
  std::string path;
  std::string format;  // safetensors, safetensors-sharded, torch-zip
  std::string role;    // what the tensors look like: "Wan DiT (i2v)", "Wan VAE 2.1", "UMT5 encoder", ...
  std::vector<TensorEntry> tensors;
  uint64_t totalBytes = 0;
  uint64_t totalParams = 0;
};

struct InspectReport {
  std::string path;
  std::string layout;  // "single file", "official Wan2.2", "Diffusers", "ComfyUI", ...
  std::vector<FileReport> files;
  std::vector<std::string> notes;  // what was recognised or is missing
};

// A file (safetensors, index.json, torch zip) or a folder holding model files.
InspectReport inspectPath(const std::string& path);

std::string formatShape(const std::vector<int64_t>& shape);

}  // namespace ifedit::api
