#pragma once
// Step 1 of IF-Edit (DESIGN.md §1.1): the instruction becomes a temporal evolution prompt, written
// by a VLM that sees the image, or by the offline template when no VLM is configured, when the
// caller forces it, or when the VLM failed and the caller asked to continue without it.
#include <QCoroTask>
#include <QImage>
#include <QObject>
#include <QString>
#include <QStringList>

#include "app/vlm/vlm_client.h"
#include "app/vlm/vlm_endpoint.h"

namespace ifedit::app {

inline const QString kRewriteSourceVlm = QStringLiteral("vlm");
inline const QString kRewriteSourceOffline = QStringLiteral("offline-template");

struct RewriteRequest {
  QImage image;
  QString instruction;
  VlmEndpoint endpoint;            // not configured: the offline template answers
  bool stream = true;
  bool offline = false;            // use the template even though an endpoint is set
  bool fallbackOnFailure = false;  // VLM failed (not cancelled): answer with the template
};

struct RewriteResult {
  QString prompt;   // empty on failure
  QString source;   // kRewriteSourceVlm or kRewriteSourceOffline; empty on failure
  QString model;    // the VLM's model, or "offline-template"
  VlmErrorKind error = VlmErrorKind::None;  // the VLM failure: why there is no prompt, or why
  QString errorMessage;                     // the template answered instead
  QStringList warnings;
  bool droppedReasoning = false;

  bool ok() const { return !prompt.isEmpty(); }
  bool fellBack() const { return source == kRewriteSourceOffline && error != VlmErrorKind::None; }
};

class PromptRewriter : public QObject {
  Q_OBJECT
 public:
  explicit PromptRewriter(QObject* parent = nullptr);

  VlmClient& client() { return *m_client; }

  QCoro::Task<RewriteResult> rewrite(RewriteRequest request);
  void cancel() { m_client->cancel(); }
  bool isBusy() const { return m_client->isBusy(); }

  // The template alone (what the UI shows after "continue without the VLM").
  static RewriteResult offline(const QString& instruction);

 Q_SIGNALS:
  void textDelta(const QString& delta);
  void textDiscarded();
  void progress(const QString& message);

 private:
  VlmClient* m_client;
};

}  // namespace ifedit::app
