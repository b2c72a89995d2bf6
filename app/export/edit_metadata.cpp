#include "app/export/edit_metadata.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QStringList>

#include "app/engine/settings_json.h"
#include "app/export/exporter.h"
#include "app/export/png_text.h"

namespace ifedit::app {
namespace {

// Exported PNGs are a few MB; this only guards against reading a huge unrelated file whole.
constexpr qint64 kMaxPngBytes = qint64(1) << 30;

std::optional<RestoredEdit> fail(QString* error, const QString& message) {
  if (error) *error = message;
  return std::nullopt;
}

// [w, h] with positive integers; anything else (older files have no such key) gives an empty size.
QSize sizeOf(const QJsonValue& v) {
  const QJsonArray a = v.toArray();
  if (a.size() != 2) return {};
  const int w = a.at(0).toInt(), h = a.at(1).toInt();
  return w > 0 && h > 0 ? QSize(w, h) : QSize();
}

std::optional<RestoredEdit> fromJson(const QByteArray& text, const QString& path, const QString& origin,
                                     QString* error) {
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
  if (parseError.error != QJsonParseError::NoError || !doc.isObject())
    return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: the IF-Edit metadata is not a JSON object (%2 at offset %3)")
                           .arg(path, parseError.errorString())
                           .arg(parseError.offset));
  const QJsonObject j = doc.object();
  RestoredEdit r;
  r.origin = origin;
  r.report = j;
  r.instruction = j.value(QLatin1String("instruction")).toString();
  r.prompt = j.value(QLatin1String("prompt")).toString();
  r.promptSource = j.value(QLatin1String("prompt_source")).toString();
  r.promptModel = j.value(QLatin1String("prompt_model")).toString();
  r.fromIfEdit = true;
  r.settings = j.value(QLatin1String("settings")).toObject();
  r.seed = seedFromJson(j.value(QLatin1String("seed")));
  if (!r.seed) r.seed = seedFromJson(r.settings.value(QLatin1String("seed")));
  // The seed the evolution ran with is the one to reproduce (it differs from the stored setting
  // when the seed was random).
  if (r.seed) r.settings.insert(QStringLiteral("seed"), QString::number(*r.seed));
  const QJsonObject model = j.value(QLatin1String("model")).toObject();
  r.modelIdentity = model.value(QLatin1String("identity")).toString();
  // The model itself, not a chained source's (the record's "warning" says either).
  r.randomWeights = model.value(QLatin1String("random_weights")).toBool();
  r.exportSize = sizeOf(j.value(QLatin1String(kExportSizeKey)));
  if (r.prompt.isEmpty() && r.settings.isEmpty() && r.instruction.isEmpty())
    return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: the IF-Edit metadata holds no instruction, prompt or settings").arg(path));
  return r;
}

std::optional<RestoredEdit> fromParameters(const QString& text, const QString& path, QString* error) {
  RestoredEdit r = parseParametersText(text);
  if (r.prompt.isEmpty() && r.settings.isEmpty())
    return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: the 'parameters' text holds no prompt or settings").arg(path));
  return r;
}

}  // namespace

RestoredEdit parseParametersText(const QString& original) {
  RestoredEdit r;
  r.origin = QStringLiteral("parameters");
  QString text = original;
  text.replace(QLatin1String("\r\n"), QLatin1String("\n")).replace(QLatin1Char('\r'), QLatin1Char('\n'));
  // The settings are the last "Steps: N, ..." run; the prompt is everything before it, up to an
  // optional "Negative prompt:" line. (A JPEG comment arrives with its newlines folded to spaces.)
  static const QRegularExpression stepsRe(QStringLiteral(R"((?:^|\s)(Steps: \d+))"));
  qsizetype settingsAt = -1;
  for (auto it = stepsRe.globalMatch(text); it.hasNext();) settingsAt = it.next().capturedStart(1);
  const QString head = settingsAt < 0 ? text : text.left(settingsAt);
  // A1111 starts the negative prompt on a line of its own; only a folded one-line text has it
  // mid-line ("a sign that reads Negative prompt: none" is a prompt when lines exist).
  const bool folded = !head.trimmed().contains(QLatin1Char('\n'));
  QStringList prompt, negative;
  bool inNegative = false;
  for (const QString& l : head.split(QLatin1Char('\n'))) {
    qsizetype neg = l.indexOf(QLatin1String("Negative prompt:"));
    if (!folded && neg >= 0 && !l.left(neg).trimmed().isEmpty()) neg = -1;
    if (!inNegative && neg >= 0) {
      inNegative = true;
      prompt << l.left(neg);
      negative << l.mid(neg + 16).trimmed();
    } else {
      (inNegative ? negative : prompt) << l;
    }
  }
  r.prompt = prompt.join(QLatin1Char('\n')).trimmed();
  if (!negative.isEmpty()) r.settings.insert(QStringLiteral("negative_prompt"), negative.join(QLatin1Char('\n')).trimmed());
  if (settingsAt < 0) return r;

  const QString line = text.mid(settingsAt).section(QLatin1Char('\n'), 0, 0);
  auto field = [&line](const char* pattern) {
    const QRegularExpression re(QString::fromLatin1(pattern));
    return re.match(line);
  };
  // A number that does not parse ("Shift: 1.2.3", "Steps: 99999999999") is left out, so the
  // setting keeps its value instead of becoming 0.
  auto insertInt = [&r](const char* key, const QString& text) {
    bool ok = false;
    if (const int v = text.toInt(&ok); ok) r.settings.insert(QLatin1String(key), v);
  };
  auto insertDouble = [&r](const char* key, const QString& text) {
    bool ok = false;
    if (const double v = text.toDouble(&ok); ok) r.settings.insert(QLatin1String(key), v);
  };
  if (auto m = field(R"((?:^|, )Steps: (\d+))"); m.hasMatch()) insertInt("steps", m.captured(1));
  if (auto m = field(R"((?:^|, )Sampler: ([^,]+))"); m.hasMatch()) {
    const QString sampler = m.captured(1).trimmed().toLower();
    // Only the solvers this engine has; other tools' samplers ("Euler a", "DPM++ 2M") are skipped.
    if (sampler == QLatin1String("euler") || sampler == QLatin1String("unipc") || sampler == QLatin1String("dpm++"))
      r.settings.insert(QStringLiteral("solver"), sampler);
  }
  if (auto m = field(R"((?:^|, )Shift: ([0-9.]+))"); m.hasMatch()) insertDouble("shift", m.captured(1));
  if (auto m = field(R"((?:^|, )CFG scale: ([0-9.]+)(?:/([0-9.]+))?)"); m.hasMatch()) {
    insertDouble("guidance_low", m.captured(1));
    insertDouble("guidance_high", m.captured(2).isEmpty() ? m.captured(1) : m.captured(2));
  }
  if (auto m = field(R"((?:^|, )Seed: (\d+))"); m.hasMatch()) {
    bool ok = false;
    const quint64 seed = m.captured(1).toULongLong(&ok);
    if (ok) {
      r.seed = seed;
      r.settings.insert(QStringLiteral("seed"), QString::number(seed));
    }
  }
  if (auto m = field(R"((?:^|, )Frames: (\d+))"); m.hasMatch()) insertInt("frames", m.captured(1));
  if (auto m = field(R"((?:^|, )TLD K: (\d+))"); m.hasMatch()) {
    bool ok = false;
    // parametersText writes K 1 when the dropout was off.
    if (const int k = m.captured(1).toInt(&ok); ok) {
      r.settings.insert(QStringLiteral("dropout"), k > 1);
      if (k > 1) r.settings.insert(QStringLiteral("dropout_k"), k);
    }
  }
  if (auto m = field(R"((?:^|, )Threshold: ([0-9.]+))"); m.hasMatch()) insertDouble("threshold", m.captured(1));
  r.fromIfEdit = field(R"((?:^|, )Frames: \d+)").hasMatch() && field(R"((?:^|, )TLD K: \d+)").hasMatch();
  if (auto m = field(R"((?:^|, )Model: (.*?)(, random-weight output)?( \(from its source\))?$)"); m.hasMatch()) {
    r.modelIdentity = m.captured(1);
    r.randomWeights = !m.captured(2).isEmpty() && m.captured(3).isEmpty();
  }
  return r;
}

std::optional<RestoredEdit> readEditMetadata(const QString& path, QString* error, bool* found) {
  if (found) *found = false;
  const QFileInfo info(path);
  if (!info.isFile()) return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: no such file").arg(path));
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: cannot read (%2)").arg(path, file.errorString()));
  const QByteArray head = file.peek(8);

  QString json, parameters;
  if (head.startsWith("\x89PNG\r\n\x1a\n")) {
    if (file.size() > kMaxPngBytes) return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: too large for an exported PNG").arg(path));
    for (const auto& t : readPngText(file.readAll())) {
      if (t.keyword == "ifedit" && json.isEmpty()) json = t.text;
      else if (t.keyword == "parameters" && parameters.isEmpty()) parameters = t.text;
    }
  } else if (head.startsWith("\xff\xd8")) {
    file.close();
    QImageReader reader(path, "jpeg");
    json = reader.text(QStringLiteral("ifedit"));
    parameters = reader.text(QStringLiteral("parameters"));
  }
  file.close();

  QFile sidecar(sidecarPath(path));
  if (found) *found = !json.isEmpty() || !parameters.isEmpty() || sidecar.exists();
  if (!json.isEmpty()) return fromJson(json.toUtf8(), path, QStringLiteral("ifedit"), error);
  if (sidecar.exists()) {
    if (!sidecar.open(QIODevice::ReadOnly))
      return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: cannot read (%2)").arg(sidecar.fileName(), sidecar.errorString()));
    return fromJson(sidecar.readAll(), sidecar.fileName(), QStringLiteral("sidecar"), error);
  }
  if (!parameters.isEmpty()) return fromParameters(parameters, path, error);
  return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: no IF-Edit metadata (no 'ifedit' or 'parameters' text and no %2)")
                         .arg(path, QFileInfo(sidecarPath(path)).fileName()));
}

}  // namespace ifedit::app
