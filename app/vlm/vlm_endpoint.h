#pragma once
// Where the vision-language model lives: an OpenAI-compatible server (vLLM, llama.cpp's server,
// Ollama, or a hosted one) reached at {baseUrl}/chat/completions (DESIGN.md §1.1).
#include <QList>
#include <QString>
#include <QUrl>

namespace ifedit::app {

// The answer's token budget ("max_tokens"): room for a reasoning model's thinking before the
// prompt. Thinking models (Qwen3-VL "Thinking") may need far more than the default.
inline constexpr int kDefaultVlmMaxTokens = 2048;
inline constexpr int kMinVlmMaxTokens = 256;
inline constexpr int kMaxVlmMaxTokens = 131072;

struct VlmEndpoint {
  QUrl baseUrl;    // ".../v1"; see normalizedVlmBaseUrl()
  QString model;   // the server's model id, sent as "model"
  QString apiKey;  // optional; sent only as "Authorization: Bearer", never logged or reported
  int maxTokens = kDefaultVlmMaxTokens;

  bool isConfigured() const { return baseUrl.isValid() && !baseUrl.isEmpty(); }
  QUrl chatCompletionsUrl() const;
};

struct VlmPreset {
  QString id;            // "vllm", "llamacpp", "ollama"
  QString label;         // shown in settings
  QUrl baseUrl;          // the server's default local address
  QString suggestedModel;  // a vision model that server is commonly run with; the user may change it
};

// The local servers people run: vLLM (:8000), llama.cpp's llama-server (:8080), Ollama (:11434).
const QList<VlmPreset>& vlmPresets();
// The preset with this id, or nullptr.
const VlmPreset* findVlmPreset(const QString& id);

// Accepts what users paste: "http://host:8000", ".../v1/", ".../v1/chat/completions". Strips a
// trailing "/chat/completions" and slashes, and appends "/v1" when the path is empty (Ollama's
// native API lives at the bare root, its OpenAI-compatible one under /v1). Returns an invalid
// QUrl with *error set when the text is not an http(s) URL.
QUrl normalizedVlmBaseUrl(const QString& text, QString* error = nullptr);

}  // namespace ifedit::app
