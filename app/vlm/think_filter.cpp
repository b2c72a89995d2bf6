#include "app/vlm/think_filter.h"

#include <algorithm>

namespace ifedit::app {
namespace {

const QString kOpen = QStringLiteral("<think>");
const QString kClose = QStringLiteral("</think>");

// Length of the longest suffix of `text` that is a proper prefix of `tag`: that much text may be
// the start of a tag whose rest is still in flight.
qsizetype partialTagSuffix(const QString& text, const QString& tag) {
  const qsizetype maxLen = std::min(text.size(), tag.size() - 1);
  for (qsizetype len = maxLen; len > 0; --len) {
    if (QStringView(text).right(len) == QStringView(tag).left(len)) return len;
  }
  return 0;
}

}  // namespace

ThinkFilter::Output ThinkFilter::feed(const QString& chunk) {
  m_pending += chunk;
  return drain(false);
}

ThinkFilter::Output ThinkFilter::finish() { return drain(true); }

ThinkFilter::Output ThinkFilter::drain(bool final) {
  Output out;
  while (!m_pending.isEmpty()) {
    if (m_depth > 0) {
      const qsizetype open = m_pending.indexOf(kOpen);
      const qsizetype close = m_pending.indexOf(kClose);
      if (open >= 0 && (close < 0 || open < close)) {
        m_pending.remove(0, open + kOpen.size());
        ++m_depth;
        continue;
      }
      if (close >= 0) {
        m_pending.remove(0, close + kClose.size());
        --m_depth;
        continue;
      }
      const qsizetype keep =
          final ? 0 : std::max(partialTagSuffix(m_pending, kOpen), partialTagSuffix(m_pending, kClose));
      m_pending = m_pending.right(keep);
      break;
    }
    const qsizetype open = m_pending.indexOf(kOpen);
    const qsizetype close = m_pending.indexOf(kClose);
    if (close >= 0 && (open < 0 || close < open) && !m_sawOpenTag) {
      // Lone closing tag: the text before it, including what was already shown, was thinking.
      m_sawThinking = true;
      if (m_shownAny || !out.visible.isEmpty()) out.discardShown = m_shownAny;
      out.visible.clear();
      m_shownAny = false;
      m_pending.remove(0, close + kClose.size());
      continue;
    }
    if (open >= 0) {
      out.visible += m_pending.left(open);
      m_pending.remove(0, open + kOpen.size());
      m_depth = 1;
      m_sawOpenTag = true;
      m_sawThinking = true;
      continue;
    }
    qsizetype keep = 0;
    if (!final) keep = std::max(partialTagSuffix(m_pending, kOpen), partialTagSuffix(m_pending, kClose));
    out.visible += m_pending.left(m_pending.size() - keep);
    m_pending = m_pending.right(keep);
    break;
  }
  if (!m_shownAny) {
    // The answer usually follows "</think>" after a blank line; start it at its first word.
    qsizetype lead = 0;
    while (lead < out.visible.size() && out.visible.at(lead).isSpace()) ++lead;
    out.visible.remove(0, lead);
  }
  if (!out.visible.isEmpty()) m_shownAny = true;
  return out;
}

}  // namespace ifedit::app
