#include "io/pickle_reader.h"

#include <bit>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "io/io_error.h"

namespace ifedit::io::pickle {
namespace {

// Nesting a real state dict needs is about 5 (dict -> tensor args -> size tuple); the bound only
// keeps hostile input from building structures deep enough to exhaust the stack when destroyed.
constexpr int kMaxDepth = 256;

constexpr std::string_view kOrderedDict = "collections.OrderedDict";
constexpr std::string_view kRebuildTensorV2 = "torch._utils._rebuild_tensor_v2";
constexpr std::string_view kRebuildParameter = "torch._utils._rebuild_parameter";

struct StorageClass {
  std::string_view name;
  DType dtype;
};
constexpr StorageClass kStorageClasses[] = {
    {"torch.FloatStorage", DType::F32},   {"torch.DoubleStorage", DType::F64},
    {"torch.HalfStorage", DType::F16},    {"torch.BFloat16Storage", DType::BF16},
    {"torch.LongStorage", DType::I64},    {"torch.IntStorage", DType::I32},
    {"torch.ShortStorage", DType::I16},   {"torch.CharStorage", DType::I8},
    {"torch.ByteStorage", DType::U8},     {"torch.BoolStorage", DType::BOOL},
};

std::optional<DType> storageDType(std::string_view global) {
  for (const auto& c : kStorageClasses)
    if (c.name == global) return c.dtype;
  return std::nullopt;
}

bool allowedGlobal(std::string_view global) {
  return global == kOrderedDict || global == kRebuildTensorV2 || global == kRebuildParameter ||
         storageDType(global).has_value();
}

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 80)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    }
  }
  if (s.size() > 80) out += "...";
  return out;
}

class Unpickler {
 public:
  Unpickler(std::span<const uint8_t> bytes, const std::string& file, const std::string& record)
      : bytes_(bytes), file_(file), record_(record) {}

  ValuePtr run() {
    while (true) {
      opStart_ = pos_;
      const uint8_t op = read(1)[0];
      switch (op) {
        case 0x80: {  // PROTO
          const uint8_t v = read(1)[0];
          if (v > 5) fail("unsupported pickle protocol " + std::to_string(v));
          break;
        }
        case 0x95: read(8); break;  // FRAME: a length hint only
        case '.': {                 // STOP
          if (!marks_.empty()) fail("STOP inside an unterminated MARK");
          if (stack_.empty()) fail("STOP with an empty stack");
          return stack_.back();
        }
        case '(': marks_.push_back(stack_.size()); break;  // MARK
        case 'N': push(make(Value::Kind::None)); break;
        case 0x88:
        case 0x89: {  // NEWTRUE, NEWFALSE
          auto v = make(Value::Kind::Bool);
          v->boolean = op == 0x88;
          push(v);
          break;
        }
        case 'K': pushInt(read(1)[0]); break;                  // BININT1
        case 'M': pushInt(le(read(2), 2)); break;              // BININT2
        case 'J': pushInt(static_cast<int32_t>(le(read(4), 4))); break;  // BININT
        case 0x8a: {  // LONG1: n-byte little-endian two's complement
          const uint8_t n = read(1)[0];
          if (n > 8) fail("integer of " + std::to_string(n) + " bytes is too large");
          const uint8_t* p = read(n);
          uint64_t v = n ? le(p, n) : 0;
          if (n > 0 && n < 8 && (p[n - 1] & 0x80)) v |= ~uint64_t{0} << (8 * n);
          pushInt(static_cast<int64_t>(v));
          break;
        }
        case 'G': {  // BINFLOAT: big-endian IEEE double
          const uint8_t* p = read(8);
          uint64_t bits = 0;
          for (int i = 0; i < 8; ++i) bits = (bits << 8) | p[i];
          auto v = make(Value::Kind::Float);
          v->real = std::bit_cast<double>(bits);
          push(v);
          break;
        }
        case 'X': pushString(le(read(4), 4)); break;   // BINUNICODE
        case 0x8c: pushString(read(1)[0]); break;      // SHORT_BINUNICODE
        case 0x8d: pushString(le(read(8), 8)); break;  // BINUNICODE8
        case 'T': pushString(le(read(4), 4)); break;   // BINSTRING (protocol 1 str)
        case 'U': pushString(read(1)[0]); break;       // SHORT_BINSTRING
        case ')': push(make(Value::Kind::Tuple)); break;
        case ']': push(make(Value::Kind::List)); break;
        case '}': push(make(Value::Kind::Dict)); break;
        case 't': push(tuple(popMark())); break;                  // TUPLE
        case 0x85: push(tuple(popN(1))); break;                   // TUPLE1
        case 0x86: push(tuple(popN(2))); break;                   // TUPLE2
        case 0x87: push(tuple(popN(3))); break;                   // TUPLE3
        case 'q': memoPut(read(1)[0]); break;                     // BINPUT
        case 'r': memoPut(le(read(4), 4)); break;                 // LONG_BINPUT
        case 0x94: memoPut(memo_.size()); break;                  // MEMOIZE
        case 'h': push(memoGet(read(1)[0])); break;               // BINGET
        case 'j': push(memoGet(le(read(4), 4))); break;           // LONG_BINGET
        case 'c': {                                               // GLOBAL
          std::string module = readLine();
          std::string name = readLine();
          push(global(module, name));
          break;
        }
        case 0x93: {  // STACK_GLOBAL
          auto name = pop(), module = pop();
          if (module->kind != Value::Kind::String || name->kind != Value::Kind::String)
            fail("STACK_GLOBAL needs two strings");
          push(global(module->text, name->text));
          break;
        }
        case 'a': {  // APPEND
          auto item = pop();
          append(top(), item);
          break;
        }
        case 'e': {  // APPENDS
          auto items = popMark();
          auto list = top();
          for (auto& item : items) append(list, item);
          break;
        }
        case 's': {  // SETITEM
          auto value = pop(), key = pop();
          setItem(top(), key, value);
          break;
        }
        case 'u': {  // SETITEMS
          auto items = popMark();
          if (items.size() % 2) fail("SETITEMS with an odd number of items");
          auto dict = top();
          for (size_t i = 0; i < items.size(); i += 2) setItem(dict, items[i], items[i + 1]);
          break;
        }
        case 'b': {  // BUILD: only OrderedDict state (e.g. a state_dict's _metadata), dropped
          auto state = pop();
          if (top()->kind != Value::Kind::Dict)
            fail(std::string("BUILD on a ") + kindName(top()->kind) + " (only dicts are accepted)");
          break;
        }
        case 'R': {  // REDUCE
          auto args = pop(), callable = pop();
          push(reduce(callable, args));
          break;
        }
        case 'Q': push(persistentLoad(pop())); break;  // BINPERSID
        default: {
          char buf[64];
          if (op >= 0x20 && op < 0x7f)
            std::snprintf(buf, sizeof buf, "0x%02x ('%c')", op, op);
          else
            std::snprintf(buf, sizeof buf, "0x%02x", op);
          fail(std::string("unsupported pickle opcode ") + buf +
               " (not used by tensor state dicts)");
        }
      }
    }
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw IoError(file_, record_ + ": " + problem + " at byte " + std::to_string(opStart_));
  }

  const uint8_t* read(uint64_t n) {
    if (n > bytes_.size() - pos_)
      fail("truncated pickle (needs " + std::to_string(n) + " more bytes, " +
           std::to_string(bytes_.size() - pos_) + " left)");
    const uint8_t* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }

  static uint64_t le(const uint8_t* p, int n) {
    uint64_t v = 0;
    for (int i = n; i-- > 0;) v = (v << 8) | p[i];
    return v;
  }

  std::string readLine() {
    const size_t start = pos_;
    while (pos_ < bytes_.size() && bytes_[pos_] != '\n') ++pos_;
    if (pos_ >= bytes_.size()) fail("truncated pickle (GLOBAL name without a newline)");
    std::string s(reinterpret_cast<const char*>(bytes_.data() + start), pos_ - start);
    ++pos_;
    return s;
  }

  static ValuePtr make(Value::Kind kind) {
    auto v = std::make_shared<Value>();
    v->kind = kind;
    return v;
  }

  void push(ValuePtr v) { stack_.push_back(std::move(v)); }

  void pushInt(int64_t i) {
    auto v = make(Value::Kind::Int);
    v->integer = i;
    push(v);
  }

  void pushString(uint64_t length) {
    const uint8_t* p = read(length);
    auto v = make(Value::Kind::String);
    v->text.assign(reinterpret_cast<const char*>(p), length);
    push(v);
  }

  size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }

  ValuePtr pop() {
    if (stack_.size() <= floor()) fail("stack underflow");
    auto v = std::move(stack_.back());
    stack_.pop_back();
    return v;
  }

  const ValuePtr& top() const {
    if (stack_.size() <= floor()) fail("stack underflow");
    return stack_.back();
  }

  std::vector<ValuePtr> popN(size_t n) {
    if (stack_.size() < floor() + n) fail("stack underflow");
    std::vector<ValuePtr> items(stack_.end() - static_cast<std::ptrdiff_t>(n), stack_.end());
    stack_.resize(stack_.size() - n);
    return items;
  }

  std::vector<ValuePtr> popMark() {
    if (marks_.empty()) fail("no MARK to pop to");
    const size_t m = marks_.back();
    marks_.pop_back();
    std::vector<ValuePtr> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return items;
  }

  void memoPut(uint64_t index) {
    if (stack_.empty()) fail("memo put with an empty stack");
    memo_[index] = stack_.back();
  }

  ValuePtr memoGet(uint64_t index) {
    auto it = memo_.find(index);
    if (it == memo_.end()) fail("memo index " + std::to_string(index) + " was never stored");
    return it->second;
  }

  // Placing `child` into `parent` freezes the child; mutating a frozen value is refused, so the
  // structure is a DAG whose depth is known when it is built.
  void adopt(Value& parent, const ValuePtr& child) {
    if (child.get() == &parent) fail("a container cannot contain itself");
    child->frozen = true;
    parent.depth = std::max(parent.depth, child->depth + 1);
    if (parent.depth > kMaxDepth) fail("values nested deeper than " + std::to_string(kMaxDepth));
  }

  void mutable_(const ValuePtr& target, Value::Kind kind, const char* op) {
    if (target->kind != kind)
      fail(std::string(op) + " on a " + kindName(target->kind) + " (expected a " + kindName(kind) + ")");
    if (target->frozen) fail(std::string(op) + " on a value that is already inside another");
  }

  ValuePtr tuple(std::vector<ValuePtr> items) {
    auto t = make(Value::Kind::Tuple);
    for (auto& item : items) adopt(*t, item);
    t->items = std::move(items);
    return t;
  }

  void append(const ValuePtr& list, const ValuePtr& item) {
    mutable_(list, Value::Kind::List, "APPEND");
    adopt(*list, item);
    list->items.push_back(item);
  }

  void setItem(const ValuePtr& dict, const ValuePtr& key, const ValuePtr& value) {
    mutable_(dict, Value::Kind::Dict, "SETITEM");
    adopt(*dict, key);
    adopt(*dict, value);
    dict->entries.emplace_back(key, value);
  }

  ValuePtr global(const std::string& module, const std::string& name) {
    const std::string full = module + "." + name;
    if (!allowedGlobal(full))
      fail("refused global '" + printable(full) +
           "': only tensor state dicts are read (allowed: collections.OrderedDict, "
           "torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter, torch.<Type>Storage); "
           "nothing from the file was executed");
    auto v = make(Value::Kind::Global);
    v->text = full;
    return v;
  }

  int64_t intArg(const ValuePtr& v, const char* what) {
    if (v->kind != Value::Kind::Int)
      fail(std::string(what) + " must be an integer, got a " + kindName(v->kind));
    return v->integer;
  }

  std::vector<int64_t> intTuple(const ValuePtr& v, const char* what) {
    if (v->kind != Value::Kind::Tuple)
      fail(std::string(what) + " must be a tuple of integers, got a " + kindName(v->kind));
    std::vector<int64_t> out;
    for (const auto& item : v->items) out.push_back(intArg(item, what));
    return out;
  }

  ValuePtr reduce(const ValuePtr& callable, const ValuePtr& args) {
    if (callable->kind != Value::Kind::Global)
      fail(std::string("REDUCE on a ") + kindName(callable->kind) + " (only allowed globals can be applied)");
    if (args->kind != Value::Kind::Tuple) fail("REDUCE arguments must be a tuple");
    const auto& name = callable->text;
    const auto& a = args->items;
    if (name == kOrderedDict) {
      if (!a.empty()) fail("collections.OrderedDict called with arguments (expected ())");
      return make(Value::Kind::Dict);
    }
    if (name == kRebuildTensorV2) {
      // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
      if (a.size() != 6 && a.size() != 7)
        fail(std::string(kRebuildTensorV2) + " takes 6 or 7 arguments, got " + std::to_string(a.size()));
      if (a[0]->kind != Value::Kind::Storage)
        fail(std::string(kRebuildTensorV2) + ": argument 1 must be a storage, got a " + kindName(a[0]->kind));
      auto t = std::make_shared<TensorRef>();
      t->storage = a[0]->storage;
      t->storageOffset = intArg(a[1], "tensor storage offset");
      t->size = intTuple(a[2], "tensor size");
      t->stride = intTuple(a[3], "tensor stride");
      if (t->size.size() != t->stride.size())
        fail("tensor size has " + std::to_string(t->size.size()) + " dimensions but stride has " +
             std::to_string(t->stride.size()));
      if (a[4]->kind != Value::Kind::Bool) fail("tensor requires_grad must be a bool");
      if (a[5]->kind != Value::Kind::Dict) fail("tensor backward hooks must be an OrderedDict");
      auto v = make(Value::Kind::Tensor);
      v->tensor = std::move(t);
      return v;
    }
    if (name == kRebuildParameter) {  // (data, requires_grad, backward_hooks)
      if (a.size() != 3 || a[0]->kind != Value::Kind::Tensor)
        fail(std::string(kRebuildParameter) + " expects (tensor, requires_grad, backward_hooks)");
      return a[0];
    }
    fail("'" + name + "' cannot be called (it is only valid inside a persistent storage id)");
  }

  // torch.save's persistent id of a storage: ('storage', torch.<Type>Storage, key, location, numel).
  ValuePtr persistentLoad(const ValuePtr& pid) {
    if (pid->kind != Value::Kind::Tuple || pid->items.size() != 5)
      fail("persistent id must be a 5-tuple ('storage', type, key, location, numel)");
    const auto& p = pid->items;
    if (p[0]->kind != Value::Kind::String || p[0]->text != "storage")
      fail("persistent id of an unknown kind (expected 'storage')");
    if (p[1]->kind != Value::Kind::Global || !storageDType(p[1]->text))
      fail("persistent id: the storage type must be a torch.<Type>Storage class");
    if (p[2]->kind != Value::Kind::String || p[2]->text.empty() ||
        p[2]->text.find('/') != std::string::npos)
      fail("persistent id: the storage key must be a non-empty string without '/'");
    if (p[3]->kind != Value::Kind::String) fail("persistent id: the storage location must be a string");
    auto s = std::make_shared<StorageRef>();
    s->dtype = *storageDType(p[1]->text);
    s->key = p[2]->text;
    s->location = p[3]->text;
    s->numel = intArg(p[4], "storage size");
    if (s->numel < 0) fail("storage '" + s->key + "' has a negative size");
    auto v = make(Value::Kind::Storage);
    v->storage = std::move(s);
    return v;
  }

  std::span<const uint8_t> bytes_;
  const std::string& file_;
  const std::string& record_;
  size_t pos_ = 0;
  size_t opStart_ = 0;
  std::vector<ValuePtr> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint64_t, ValuePtr> memo_;
};

}  // namespace

const char* kindName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::None: return "None";
    case Value::Kind::Bool: return "bool";
    case Value::Kind::Int: return "int";
    case Value::Kind::Float: return "float";
    case Value::Kind::String: return "string";
    case Value::Kind::Tuple: return "tuple";
    case Value::Kind::List: return "list";
    case Value::Kind::Dict: return "dict";
    case Value::Kind::Global: return "global";
    case Value::Kind::Storage: return "storage";
    case Value::Kind::Tensor: return "tensor";
  }
  return "?";
}

ValuePtr unpickle(std::span<const uint8_t> bytes, const std::string& file, const std::string& record) {
  return Unpickler(bytes, file, record).run();
}

}  // namespace ifedit::io::pickle
