#pragma once
// The JSON of OpenAI-compatible chat completions: the request we send and the pieces of an
// answer we read back (a whole response, or one streamed chunk).
#include <QByteArray>
#include <QString>
#include <optional>

namespace ifedit::app {

struct VlmChatRequest;
struct VlmEndpoint;

struct ChatPiece {
  QString content;        // message.content, or delta.content of a streamed chunk
  bool hadReasoning = false;  // "reasoning_content" / "reasoning" present and non-empty (dropped)
  QString finishReason;
  QString model;
  QString serverError;    // {"error": ...} inside a 200 response or a stream
};

QByteArray chatRequestJson(const VlmEndpoint& endpoint, const VlmChatRequest& request);

// Parses one chat completion (isChunk=false: choices[0].message) or one streamed chunk
// (isChunk=true: choices[0].delta). Returns nullopt with *error describing what was wrong.
std::optional<ChatPiece> parseChatJson(const QByteArray& json, bool isChunk, QString* error);

// The human-readable message in an error body ({"error":{"message":...}}, {"error":"..."},
// {"detail":...}, {"message":...}, or the text itself), on one line and at most maxChars long.
QString serverErrorMessage(const QByteArray& body, int maxChars = 300);

bool isValidUtf8(const QByteArray& bytes);

// A snippet of untrusted bytes for an error message: one line, printable, at most maxChars.
QString snippet(const QByteArray& bytes, int maxChars = 120);

}  // namespace ifedit::app
