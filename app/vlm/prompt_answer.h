#pragma once
// The prompt inside a VLM's answer. Asked for "the prompt only", models still often wrap it: in
// quotes, in a code fence, behind a "Prompt:" label or a line that introduces it. Wan would read
// the wrapping as part of the scene, so it is taken off; the words of the prompt are left alone.
#include <QString>

namespace ifedit::app {

// The answer without its wrapping, trimmed; an answer that is not wrapped comes back as it is.
QString promptFromAnswer(const QString& answer);

}  // namespace ifedit::app
