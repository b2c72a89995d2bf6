#include "app/vlm/prompt_texts.h"

#include <QFile>

namespace ifedit::app {
namespace {

QString readPrompt(const QString& resource) {
  QFile file(resource);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(file.readAll()).trimmed();
}

}  // namespace

QString rewriteSystemPrompt() {
  static const QString text = readPrompt(QStringLiteral(":/prompts/rewrite_system.txt"));
  return text;
}

QString rewriteUserText(const QString& instruction) {
  return QStringLiteral("Edit instruction: %1\n\nWrite the prompt for the video that starts at this picture "
                        "and ends with the edit done.")
      .arg(instruction.trimmed());
}

QString staticVideoPrompt() {
  static const QString text = readPrompt(QStringLiteral(":/prompts/static_video.txt"));
  return text;
}

}  // namespace ifedit::app
