#include "app/vlm/vlm_endpoint.h"

namespace ifedit::app {

QUrl VlmEndpoint::chatCompletionsUrl() const {
  QUrl url = baseUrl;
  QString path = url.path();
  while (path.endsWith(QLatin1Char('/'))) path.chop(1);
  url.setPath(path + QStringLiteral("/chat/completions"));
  return url;
}

const QList<VlmPreset>& vlmPresets() {
  static const QList<VlmPreset> presets = {
      {QStringLiteral("vllm"), QStringLiteral("vLLM"), QUrl(QStringLiteral("http://localhost:8000/v1")),
       QStringLiteral("Qwen/Qwen3-VL-30B-A3B-Instruct")},
      {QStringLiteral("llamacpp"), QStringLiteral("llama.cpp server"),
       QUrl(QStringLiteral("http://localhost:8080/v1")), QStringLiteral("qwen3-vl")},
      {QStringLiteral("ollama"), QStringLiteral("Ollama"), QUrl(QStringLiteral("http://localhost:11434/v1")),
       QStringLiteral("qwen3-vl:30b")},
  };
  return presets;
}

const VlmPreset* findVlmPreset(const QString& id) {
  for (const auto& p : vlmPresets()) {
    if (p.id.compare(id, Qt::CaseInsensitive) == 0) return &p;
  }
  return nullptr;
}

QUrl normalizedVlmBaseUrl(const QString& text, QString* error) {
  const QString trimmed = text.trimmed();
  QUrl url(trimmed, QUrl::StrictMode);
  const QString scheme = url.scheme().toLower();
  if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
      url.host().isEmpty()) {
    if (error) {
      *error = QStringLiteral("'%1' is not an http(s) URL such as http://localhost:8000/v1").arg(trimmed);
    }
    return {};
  }
  QString path = url.path();
  while (path.endsWith(QLatin1Char('/'))) path.chop(1);
  const QLatin1String suffix("/chat/completions");
  if (path.endsWith(suffix)) path.chop(suffix.size());
  while (path.endsWith(QLatin1Char('/'))) path.chop(1);
  if (path.isEmpty()) path = QStringLiteral("/v1");
  url.setPath(path);
  url.setQuery(QString());
  url.setFragment(QString());
  return url;
}

}  // namespace ifedit::app
