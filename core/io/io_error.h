#pragma once
#include <stdexcept>
#include <string>

namespace ifedit::io {

// Every failure to read a checkpoint names the file and what was wrong with it.
class IoError : public std::runtime_error {
 public:
  IoError(const std::string& file, const std::string& problem)
      : std::runtime_error(file + ": " + problem), file_(file), problem_(problem) {}
  const std::string& file() const { return file_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  std::string problem_;
};

}  // namespace ifedit::io
