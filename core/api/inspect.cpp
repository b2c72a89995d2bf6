#include "api/inspect.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "io/tensor_source.h"
#include "loaders/layout.h"

namespace fs = std::filesystem;

namespace ifedit::api {
namespace {

bool has(const io::TensorSource& src, const std::string& suffix) {
  for (const auto& t : src.tensors()) {
    const auto& n = t.name;
    if (n.size() >= suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0) return true;
  }
  return false;
}

// What the tensors look like, from their names (all key styles users meet; DESIGN.md §2).
std::string guessRole(const io::TensorSource& src) {
  for (const auto& t : src.tensors()) {
    if (t.name.find("lora_down") != std::string::npos || t.name.find("lora_A") != std::string::npos)
      return "LoRA";
  }
  if (has(src, "patch_embedding.weight")) {
    const io::TensorInfo* pe = nullptr;
    for (const auto& t : src.tensors())
      if (t.name.size() >= 22 && t.name.compare(t.name.size() - 22, 22, "patch_embedding.weight") == 0) pe = &t;
    std::string kind = "Wan DiT";
    if (pe && pe->shape.size() == 5) {
      if (pe->shape[1] == 36) kind += " (i2v, 36 input channels)";
      else if (pe->shape[1] == 48) kind += " (ti2v, 48 input channels)";
      else if (pe->shape[1] == 16) kind += " (t2v, 16 input channels)";
    }
    if (has(src, "attn1.to_q.weight")) kind += ", Diffusers keys";
    if (has(src, "scaled_fp8")) kind += ", fp8_scaled";
    return kind;
  }
  if (has(src, "encoder.conv1.weight") && has(src, "decoder.conv1.weight")) return "Wan VAE 2.1";
  if (has(src, "quant_conv.weight") && has(src, "decoder.conv_in.weight")) return "Wan VAE 2.1, Diffusers keys";
  if (has(src, "token_embedding.weight") && has(src, "pos_embedding.embedding.weight")) return "UMT5 encoder";
  if (has(src, "SelfAttention.q.weight")) return "UMT5 encoder, transformers keys";
  return "unrecognised tensors";
}

FileReport reportFile(const std::string& path) {
  auto src = io::openTensorFile(path);
  FileReport r;
  r.path = path;
  r.format = src->format();
  r.role = guessRole(*src);
  for (const auto& t : src->tensors()) {
    r.tensors.push_back({t.name, std::string(io::dtypeName(t.dtype)), t.shape, t.byteSize});
    r.totalBytes += t.byteSize;
    r.totalParams += static_cast<uint64_t>(t.numel());
  }
  return r;
}

bool isTensorFile(const fs::path& p) {
  const auto name = p.filename().string();
  auto endsWith = [&](const std::string& s) {
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return endsWith(".safetensors") || endsWith(".safetensors.index.json") || endsWith(".pth") || endsWith(".pt") ||
         endsWith(".bin");
}

}  // namespace

std::string formatShape(const std::vector<int64_t>& shape) { return io::shapeText(shape); }

InspectReport inspectPath(const std::string& path) {
  InspectReport report;
  report.path = path;
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
    throw std::runtime_error(path + ": cannot be read: " + ec.message());  // a folder above it is closed
  if (!exists) throw std::runtime_error(path + ": no such file or folder");
  // A folder the user may not enter would look empty (or its files absent): say so instead.
  auto closed = [](const fs::path& dir) { return loaders::unreadableReason(dir.string()); };
  if (fs::is_directory(path, ec))
    if (const auto why = closed(path); !why.empty()) throw std::runtime_error(path + ": cannot be read: " + why);
  std::vector<std::string> closedFolders;
  if (!fs::is_directory(path, ec)) {
    report.layout = "single file";
    report.files.push_back(reportFile(path));
    return report;
  }
  // A folder: every checkpoint below it, shards folded into their index.
  // Symlinked folders are followed (a ComfyUI models/ folder often links its subfolders
  // elsewhere), each real folder and file once, so a link cycle ends.
  std::vector<fs::path> files, indexes;
  std::set<fs::path> seenDirs{fs::canonical(path, ec)}, seenFiles;
  const auto options = fs::directory_options::skip_permission_denied | fs::directory_options::follow_directory_symlink;
  for (auto it = fs::recursive_directory_iterator(path, options, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec) break;
    if (it->is_directory(ec)) {
      if (const auto why = closed(it->path()); !why.empty()) {
        closedFolders.push_back(it->path().string() + "/: cannot be read: " + why + " (its files are not listed)");
        it.disable_recursion_pending();
      } else if (!seenDirs.insert(fs::canonical(it->path(), ec)).second || it.depth() > 16) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!it->is_regular_file(ec) || !isTensorFile(it->path())) continue;
    if (!seenFiles.insert(fs::canonical(it->path(), ec)).second) continue;
    (it->path().filename().string().find(".index.json") != std::string::npos ? indexes : files).push_back(it->path());
  }
  std::set<fs::path> covered;
  for (const auto& idx : indexes) {
    report.files.push_back(reportFile(idx.string()));
    for (const auto& f : files)
      if (f.parent_path() == idx.parent_path() && f.extension() == ".safetensors") covered.insert(f);
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files)
    if (!covered.count(f)) report.files.push_back(reportFile(f.string()));
  std::sort(report.files.begin(), report.files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  if (report.files.empty()) {
    std::string why = path + ": no checkpoint files (*.safetensors, *.pth) in this folder";
    for (const auto& c : closedFolders) why += "; " + c;
    throw std::runtime_error(why);
  }
  report.notes = closedFolders;
  // The model-set layout, when the folder is one (DESIGN.md §2).
  const auto set = loaders::detectModelSet(path);
  report.layout = set.layout == "none" ? "folder of checkpoints (no Wan2.2 model set)" : set.layout;
  for (const auto& n : set.notes) report.notes.push_back(n);
  if (set.layout != "none")
    for (const auto& m : set.missing) report.notes.push_back("missing: " + m);
  return report;
}

}  // namespace ifedit::api
