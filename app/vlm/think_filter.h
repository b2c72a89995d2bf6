#pragma once
// Separates a reasoning model's thinking from its answer in streamed text. Reasoning models
// served without a reasoning parser put their thoughts inline as "<think>…</think>"; with some
// chat templates the opening tag is part of the prompt, so only "</think>" shows up and
// everything before it was thinking. Tags may be split across stream chunks.
#include <QString>

namespace ifedit::app {

class ThinkFilter {
 public:
  struct Output {
    QString visible;       // answer text that can be shown now
    bool discardShown = false;  // a lone "</think>" arrived: all visible text so far was thinking
  };

  Output feed(const QString& chunk);
  // End of the stream: releases text held back as a possible partial tag.
  Output finish();

  bool insideThink() const { return m_depth > 0; }
  bool sawThinking() const { return m_sawThinking; }

 private:
  Output drain(bool final);

  QString m_pending;        // not yet classified (may end with a partial tag)
  int m_depth = 0;  // open <think> blocks (reasoning may quote the tag: blocks nest)
  bool m_sawOpenTag = false;
  bool m_sawThinking = false;
  bool m_shownAny = false;  // visible text was released (a later lone "</think>" retracts it)
};

}  // namespace ifedit::app
