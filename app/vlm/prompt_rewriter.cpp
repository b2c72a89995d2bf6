#include "app/vlm/prompt_rewriter.h"

#include "app/vlm/offline_template.h"
#include "app/vlm/prompt_answer.h"
#include "app/vlm/prompt_texts.h"
#include "app/vlm/vlm_image.h"

namespace ifedit::app {

PromptRewriter::PromptRewriter(QObject* parent) : QObject(parent), m_client(new VlmClient(this)) {
  connect(m_client, &VlmClient::textDelta, this, &PromptRewriter::textDelta);
  connect(m_client, &VlmClient::textDiscarded, this, &PromptRewriter::textDiscarded);
  connect(m_client, &VlmClient::progress, this, &PromptRewriter::progress);
}

RewriteResult PromptRewriter::offline(const QString& instruction) {
  RewriteResult result;
  const OfflinePrompt p = offlineEvolutionPrompt(instruction);
  if (p.prompt.isEmpty()) {
    result.error = VlmErrorKind::InvalidRequest;
    result.errorMessage = QStringLiteral("the instruction is empty");
    return result;
  }
  result.prompt = p.prompt;
  result.source = kRewriteSourceOffline;
  result.model = kRewriteSourceOffline;
  return result;
}

QCoro::Task<RewriteResult> PromptRewriter::rewrite(RewriteRequest request) {
  if (request.instruction.trimmed().isEmpty()) {
    RewriteResult result;
    result.error = VlmErrorKind::InvalidRequest;
    result.errorMessage = QStringLiteral("the instruction is empty");
    co_return result;
  }
  if (request.offline || !request.endpoint.isConfigured()) {
    Q_EMIT progress(request.offline ? QStringLiteral("using the offline template")
                                    : QStringLiteral("no VLM endpoint configured; using the offline template"));
    co_return offline(request.instruction);
  }

  VlmChatRequest chat;
  chat.systemPrompt = rewriteSystemPrompt();
  chat.userText = rewriteUserText(request.instruction);
  chat.stream = request.stream;
  chat.maxTokens = request.endpoint.maxTokens;
  VlmResult vlm;
  const VlmImage image = prepareVlmImage(request.image);
  if (image.dataUrl.isEmpty()) {
    vlm.error = VlmErrorKind::InvalidRequest;
    vlm.errorMessage = image.error;
  } else if (chat.systemPrompt.isEmpty()) {
    vlm.error = VlmErrorKind::InvalidRequest;
    vlm.errorMessage = QStringLiteral("the rewrite system prompt (:/prompts/rewrite_system.txt) is missing from the build");
  } else {
    chat.imageDataUrl = image.dataUrl;
    vlm = co_await m_client->complete(request.endpoint, chat);
  }

  if (vlm.ok() && promptFromAnswer(vlm.text).isEmpty()) {
    vlm.error = VlmErrorKind::EmptyAnswer;
    vlm.errorMessage = QStringLiteral("the model at %1 answered '%2', which holds no prompt")
                           .arg(request.endpoint.chatCompletionsUrl().toDisplayString(QUrl::RemoveUserInfo), vlm.text);
  }
  RewriteResult result;
  if (vlm.ok()) {
    result.prompt = promptFromAnswer(vlm.text);
    result.source = kRewriteSourceVlm;
    result.model = vlm.model;
    result.warnings = vlm.warnings;
    result.droppedReasoning = vlm.droppedReasoning;
    co_return result;
  }
  if (request.fallbackOnFailure && vlm.error != VlmErrorKind::Cancelled) {
    Q_EMIT progress(QStringLiteral("the VLM failed; continuing with the offline template"));
    result = offline(request.instruction);
    result.error = vlm.error;
    result.errorMessage = vlm.errorMessage;
    co_return result;
  }
  result.error = vlm.error;
  result.errorMessage = vlm.errorMessage;
  result.model = vlm.model;
  co_return result;
}

}  // namespace ifedit::app
