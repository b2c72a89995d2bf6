#pragma once
// The fixed texts of the method, kept in resources/prompts/ (compiled in as ":/prompts/...").
#include <QString>

namespace ifedit::app {

// System prompt of the chain-of-thought rewrite (DESIGN.md §1.1).
QString rewriteSystemPrompt();
// The user turn that carries the instruction next to the image.
QString rewriteUserText(const QString& instruction);
// Prompt of the refinement pass: a perfectly still scene that gains clarity (DESIGN.md §1.6).
QString staticVideoPrompt();

}  // namespace ifedit::app
