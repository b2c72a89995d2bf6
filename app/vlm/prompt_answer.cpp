#include "app/vlm/prompt_answer.h"

#include <QRegularExpression>

namespace ifedit::app {
namespace {

using RE = QRegularExpression;

// ```text\n...\n``` around the whole answer.
QString withoutCodeFence(const QString& text) {
  static const RE fence(QStringLiteral("^```[^\\n`]*\\n(.*?)\\n?```$"), RE::DotMatchesEverythingOption);
  const auto m = fence.match(text);
  return m.hasMatch() ? m.captured(1) : text;
}

// "Prompt:", "**Temporal prompt:**", "Final video prompt -", "提示词：" before the prompt.
QString withoutLabel(const QString& text) {
  static const RE label(
      QStringLiteral("^(?:[*_#]+\\s*)?(?:(?:the|your|my)\\s+)?(?:(?:rewritten|temporal|evolution|edited|final|"
                     "revised|improved|video|edit)\\s+)*prompt\\s*(?:[*_]+\\s*)?[:：]\\s*(?:[*_]+\\s*)?|"
                     "^(?:[*_#]+\\s*)?(?:视频)?提示词\\s*(?:[*_]+\\s*)?[:：]\\s*(?:[*_]+\\s*)?"),
      RE::CaseInsensitiveOption);
  QString out = text;
  out.remove(label);
  return out;
}

// "Here is the temporal prompt for the video:" on a line of its own before the prompt.
QString withoutIntroLine(const QString& text) {
  const qsizetype newline = text.indexOf(QLatin1Char('\n'));
  if (newline < 0) return text;
  const QString first = text.left(newline).trimmed();
  const bool introduces = first.size() <= 120 && (first.endsWith(QLatin1Char(':')) || first.endsWith(QChar(0xFF1A)));
  return introduces ? text.mid(newline + 1) : text;
}

// One pair of quotes around the whole answer, when the answer holds no other quote of that kind
// (a prompt that quotes a sign's text twice starts and ends with quotes of its own).
QString withoutQuotes(const QString& text) {
  static const QList<QPair<QChar, QChar>> pairs = {
      {QLatin1Char('"'), QLatin1Char('"')},   {QLatin1Char('\''), QLatin1Char('\'')},
      {QChar(0x201C), QChar(0x201D)},         {QChar(0x201E), QChar(0x201C)},
      {QChar(0x201E), QChar(0x201D)},         {QChar(0x00AB), QChar(0x00BB)},
      {QChar(0x00BB), QChar(0x00AB)},         {QChar(0x2018), QChar(0x2019)},
      {QChar(0x300C), QChar(0x300D)},         {QChar(0x300E), QChar(0x300F)},
      {QLatin1Char('`'), QLatin1Char('`')},
  };
  if (text.size() < 2) return text;
  for (const auto& [open, close] : pairs) {
    if (text.front() != open || text.back() != close) continue;
    const QStringView inner = QStringView(text).mid(1, text.size() - 2);
    if (inner.contains(open) || inner.contains(close)) continue;
    return inner.toString();
  }
  return text;
}

}  // namespace

QString promptFromAnswer(const QString& answer) {
  QString text = answer.trimmed();
  // Wrappings nest ("Prompt: \"...\"", a fence after an introducing line): peel until none is left.
  for (int i = 0; i < 4; ++i) {
    QString next = withoutIntroLine(text).trimmed();
    next = withoutCodeFence(next).trimmed();
    next = withoutLabel(next).trimmed();
    next = withoutQuotes(next).trimmed();
    if (next == text) break;
    text = next;
  }
  return text;
}

}  // namespace ifedit::app
