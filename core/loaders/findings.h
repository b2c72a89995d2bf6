#pragma once
// What model detection found missing or chose, as a code with arguments rather than a sentence,
// so the editor can say it in the interface's language (app/settings/model_findings.cpp holds the
// translated templates; `englishText` is the command line's and the tests' wording).
#include <string>
#include <vector>

#include "io/io_error.h"

namespace ifedit::loaders {

struct Finding {
  std::string code;        // one of findingCodes()
  std::string part;        // the part it is about ("high-noise expert", ... as api::ModelPart::role), or ""
  std::string partFolder;  // Diffusers: the part's folder ("transformer_2"), shown beside the part
  std::vector<std::string> args;  // %1, %2, ... of the code's template: paths, names, counts, OS texts
};

// The sentence: "<part> (<folder>): <template with args>".
std::string englishText(const Finding& f);

struct FindingCode {
  const char* code;
  int args;               // how many %N the template takes
  const char* english;    // the template
};
// Every code detection can produce, for the translation tables and their completeness test.
const std::vector<FindingCode>& findingCodes();

// detectModelSet's refusal of the path itself (it does not exist, cannot be listed, ...).
class FindingError : public io::IoError {
 public:
  FindingError(const std::string& path, Finding finding)
      : io::IoError(path, englishText(finding)), finding_(std::move(finding)) {}
  const Finding& finding() const { return finding_; }  // about the path: shown after it

 private:
  Finding finding_;
};

}  // namespace ifedit::loaders
