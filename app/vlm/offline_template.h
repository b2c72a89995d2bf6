#pragma once
// The rewrite without a VLM: a deterministic template that turns the instruction into a temporal
// evolution prompt (DESIGN.md §1.1) - the change as a gradual process, an explicit final moment,
// then what stays unchanged. It cannot see the image, so it only rephrases the instruction.
#include <QString>

namespace ifedit::app {

enum class EditKind {
  Remove,   // "remove the cup", "take the paper out of her hand"
  Add,      // "add a hat to the man", "give him a beard"
  Recolor,  // "make the car red", "change the colour of the dress to blue"
  Replace,  // "replace the dog with a cat", "turn the apple into an orange"
  Style,    // "turn it into a watercolor painting", "in the style of Van Gogh"
  General,  // anything else
};

QString editKindName(EditKind kind);

struct OfflinePrompt {
  EditKind kind = EditKind::General;
  QString prompt;
};

// Same instruction, same prompt. An empty instruction gives an empty prompt.
OfflinePrompt offlineEvolutionPrompt(const QString& instruction);

}  // namespace ifedit::app
