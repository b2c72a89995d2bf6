#pragma once
#include <string>

#include "io/tensor_source.h"

namespace ifedit::io {

// Opens a state dict written by torch.save (zip format: <archive>/data.pkl + <archive>/data/N)
// without a Python runtime. The unpickler accepts only what a tensor state dict needs
// (dicts / OrderedDicts, tuples, lists, strings, numbers, torch._utils._rebuild_tensor_v2,
// torch.*Storage, persistent storage ids) and refuses every other global with an IoError:
// nothing from the file is ever executed. Storages are read from the mapped archive
// (their records are stored uncompressed).
std::unique_ptr<TensorSource> openTorchZip(const std::string& path);

}  // namespace ifedit::io
