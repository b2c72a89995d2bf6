#include "app/vlm/rewrite_arguments.h"

#include <QFile>
#include <QProcessEnvironment>
#include <cmath>

#include "app/vlm/vlm_image.h"

namespace ifedit::app {
namespace {

constexpr qint64 kMaxKeyFileBytes = 4096;

bool takeFlag(QStringList& args, const QString& name) { return args.removeAll(name) > 0; }

bool parseSeconds(const QString& text, const QString& name, int* ms, QString* error) {
  bool ok = false;
  const double s = text.toDouble(&ok);
  if (!ok || !std::isfinite(s) || s <= 0 || s > 86400) {
    *error = QStringLiteral("%1 expects seconds (a number above 0), got '%2'").arg(name, text);
    return false;
  }
  *ms = int(std::lround(s * 1000));
  return true;
}

bool readKeyFile(const QString& path, QString* key, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("cannot read the API key file '%1': %2").arg(path, file.errorString());
    return false;
  }
  const QByteArray bytes = file.read(kMaxKeyFileBytes + 1);
  if (bytes.size() > kMaxKeyFileBytes) {
    *error = QStringLiteral("the API key file '%1' is larger than %2 bytes; it should hold only the key")
                 .arg(path)
                 .arg(kMaxKeyFileBytes);
    return false;
  }
  const QString text = QString::fromUtf8(bytes).trimmed();
  if (text.isEmpty() || text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char(' '))) {
    *error = QStringLiteral("the API key file '%1' should hold the key alone on one line").arg(path);
    return false;
  }
  *key = text;
  return true;
}

}  // namespace

// "--name value" or "--name=value"; removes it from args. Given twice is an error.
bool takeOptionValue(QStringList& args, const QString& name, QString* value, QString* error) {
  int found = 0;
  for (qsizetype i = 0; i < args.size();) {
    const QString& a = args.at(i);
    if (a == name) {
      if (i + 1 >= args.size()) {
        *error = QStringLiteral("%1 needs a value").arg(name);
        return false;
      }
      *value = args.at(i + 1);
      args.remove(i, 2);
    } else if (a.startsWith(name + QLatin1Char('='))) {
      *value = a.mid(name.size() + 1);
      args.remove(i);
    } else {
      ++i;
      continue;
    }
    if (++found > 1) {
      *error = QStringLiteral("%1 is given twice").arg(name);
      return false;
    }
  }
  return true;
}

bool takeRewriteArguments(QStringList& args, RewriteArguments* out, QString* error, const QString& modelOption) {
  const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  QString instruction, endpointText = env.value(QStringLiteral("IFEDIT_VLM_ENDPOINT")),
                       model = env.value(QStringLiteral("IFEDIT_VLM_MODEL")),
                       keyFile = env.value(QStringLiteral("IFEDIT_VLM_API_KEY_FILE")), timeout, connectTimeout,
                       maxTokens;
  if (!takeOptionValue(args, QStringLiteral("--image"), &out->imagePath, error) ||
      !takeOptionValue(args, QStringLiteral("--instruction"), &instruction, error) ||
      !takeOptionValue(args, QStringLiteral("--endpoint"), &endpointText, error) ||
      !takeOptionValue(args, modelOption, &model, error) ||
      !takeOptionValue(args, QStringLiteral("--api-key-file"), &keyFile, error) ||
      !takeOptionValue(args, QStringLiteral("--timeout"), &timeout, error) ||
      !takeOptionValue(args, QStringLiteral("--connect-timeout"), &connectTimeout, error) ||
      !takeOptionValue(args, QStringLiteral("--max-tokens"), &maxTokens, error)) {
    return false;
  }
  RewriteRequest& request = out->request;
  request.stream = !takeFlag(args, QStringLiteral("--no-stream"));
  request.offline = takeFlag(args, QStringLiteral("--offline"));
  request.fallbackOnFailure = takeFlag(args, QStringLiteral("--fallback-offline"));
  request.instruction = instruction.trimmed();
  if (request.instruction.isEmpty()) {
    *error = QStringLiteral("--instruction TEXT is required (what to change in the image)");
    return false;
  }
  if (out->imagePath.isEmpty()) {
    *error = QStringLiteral("--image FILE is required");
    return false;
  }
  if (!timeout.isEmpty() && !parseSeconds(timeout, QStringLiteral("--timeout"), &out->limits.totalTimeoutMs, error)) {
    return false;
  }
  if (!connectTimeout.isEmpty() &&
      !parseSeconds(connectTimeout, QStringLiteral("--connect-timeout"), &out->limits.connectTimeoutMs, error)) {
    return false;
  }
  if (!maxTokens.isEmpty()) {
    bool ok = false;
    const int n = maxTokens.toInt(&ok);
    if (!ok || n < kMinVlmMaxTokens || n > kMaxVlmMaxTokens) {
      *error = QStringLiteral("--max-tokens expects a whole number in %1..%2, got '%3'")
                   .arg(kMinVlmMaxTokens)
                   .arg(kMaxVlmMaxTokens)
                   .arg(maxTokens);
      return false;
    }
    request.endpoint.maxTokens = n;
  }
  request.image = loadImageForVlm(out->imagePath, error);
  if (request.image.isNull()) return false;

  if (request.offline || endpointText.trimmed().isEmpty()) return true;
  if (const VlmPreset* preset = findVlmPreset(endpointText.trimmed())) {
    request.endpoint.baseUrl = preset->baseUrl;
    if (model.isEmpty()) model = preset->suggestedModel;
  } else {
    QString urlError;
    request.endpoint.baseUrl = normalizedVlmBaseUrl(endpointText, &urlError);
    if (!request.endpoint.isConfigured()) {
      *error = QStringLiteral("--endpoint: %1 (or one of the presets vllm, llamacpp, ollama)").arg(urlError);
      return false;
    }
  }
  request.endpoint.model = model.trimmed();
  if (request.endpoint.model.isEmpty()) {
    *error = QStringLiteral("%1 NAME is required with --endpoint (the model id the server serves)").arg(modelOption);
    return false;
  }
  if (!keyFile.isEmpty() && !readKeyFile(keyFile, &request.endpoint.apiKey, error)) return false;
  return true;
}

QString rewriteArgumentsHelp(const QString& modelOption) {
  return QStringLiteral(
      "  --image FILE            the picture to edit\n"
      "  --instruction TEXT      the edit, e.g. \"take the paper out of her hand\"\n"
      "  --endpoint URL|PRESET   OpenAI-compatible server (http://host:port/v1) or vllm, llamacpp, ollama;\n"
      "                          without one the offline template writes the prompt\n"
      "  %1 NAME%2 the model id on that server\n"
      "  --api-key-file FILE     file holding the API key (sent as a Bearer token)\n"
      "  --no-stream             ask for the whole answer at once instead of a stream\n"
      "  --timeout S             total time limit in seconds (default 300)\n"
      "  --connect-timeout S     time limit for reaching the server (default 10)\n"
      "  --max-tokens N          the answer's token budget (default 2048; thinking models need more)\n"
      "  --offline               use the offline template even with an endpoint\n"
      "  --fallback-offline      if the VLM fails, use the offline template and say so\n"
      "  environment: IFEDIT_VLM_ENDPOINT, IFEDIT_VLM_MODEL, IFEDIT_VLM_API_KEY_FILE\n")
      .arg(modelOption, QString(qMax(1, 18 - int(modelOption.size())), QLatin1Char(' ')));
}

}  // namespace ifedit::app
