#pragma once
// An allow-listed unpickler for the data.pkl of a torch.save archive. It understands the opcodes a
// pickled tensor state dict uses (protocol 2, plus the few protocol 4 framing opcodes) and only the
// globals such a dict needs: collections.OrderedDict, torch._utils._rebuild_tensor_v2,
// torch._utils._rebuild_parameter and the torch.<Type>Storage classes. Any other global
// (os.system, builtins.eval, ...) is refused when its GLOBAL opcode is read; nothing is ever called:
// the allowed globals are interpreted, producing plain values and tensor descriptions.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "io/dtype.h"

namespace ifedit::io::pickle {

// One storage referenced by a persistent id ('storage', torch.<Type>Storage, key, location, numel).
struct StorageRef {
  DType dtype = DType::F32;
  std::string key;       // the record name under <archive>/data/
  std::string location;  // "cpu", "cuda:0", ... (ignored: the caller picks the device)
  int64_t numel = 0;     // elements of `dtype`
};

// A tensor view rebuilt by torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...).
struct TensorRef {
  std::shared_ptr<const StorageRef> storage;
  int64_t storageOffset = 0;  // in elements
  std::vector<int64_t> size;
  std::vector<int64_t> stride;  // in elements
};

struct Value;
using ValuePtr = std::shared_ptr<Value>;

struct Value {
  enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Storage, Tensor };
  Kind kind = Kind::None;
  bool boolean = false;
  int64_t integer = 0;
  double real = 0.0;
  std::string text;                                  // String; Global: "module.name"
  std::vector<ValuePtr> items;                       // Tuple, List
  std::vector<std::pair<ValuePtr, ValuePtr>> entries;  // Dict, in insertion order (duplicates kept)
  std::shared_ptr<const StorageRef> storage;         // Storage
  std::shared_ptr<const TensorRef> tensor;           // Tensor
  // Bookkeeping that keeps hostile input harmless: a value placed inside another can no longer be
  // changed (so no cycles), and nesting depth is bounded.
  bool frozen = false;
  int depth = 1;
};

const char* kindName(Value::Kind kind);

// Unpickles `bytes`. `file` and `record` name the source in errors: every problem (unknown opcode,
// refused global, truncated data, malformed tensor arguments, ...) is an IoError(file, "<record>: ...").
ValuePtr unpickle(std::span<const uint8_t> bytes, const std::string& file, const std::string& record);

}  // namespace ifedit::io::pickle
