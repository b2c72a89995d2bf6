#include "app/settings/model_detection.h"

#include <QCoreApplication>
#include <QDir>
#include <QUrl>

#include <exception>

#include "api/engine.h"
#include "api/model_detect.h"
#include "app/settings/model_findings.h"

namespace ifedit::app {
namespace {

QString textOf(const api::DetectionLine& line) {
  QStringList args;
  for (const auto& a : line.args) args << QString::fromStdString(a);
  return findingText(QString::fromStdString(line.code), QString::fromStdString(line.part),
                     QString::fromStdString(line.partFolder), args, QString::fromStdString(line.text));
}

}  // namespace

ModelFolderReport detectModelFolder(const QString& path) {
  const auto d = api::detectModels(path.toStdString());
  ModelFolderReport r;
  r.path = path;
  r.layout = QString::fromStdString(d.layout);
  for (const auto& p : d.parts) r.parts.append({QString::fromStdString(p.role), QString::fromStdString(p.path)});
  for (const auto& m : d.missingLines) r.missing.append(textOf(m));
  for (const auto& n : d.noteLines) r.notes.append(textOf(n));
  // An error about a folder is said after it ("FOLDER: does not exist").
  if (!d.error.empty()) {
    r.errorFolder = QString::fromStdString(d.errorPath);
    r.errorReason = textOf(d.errorLine);
    r.error = r.errorFolder.isEmpty()
                  ? r.errorReason
                  : QCoreApplication::translate("ifedit::app::ModelFindings", "%1: %2").arg(r.errorFolder, r.errorReason);
  }
  r.otherModel = QString::fromStdString(d.otherModel);
  return r;
}

QString cleanFolderPath(const QString& typed) {
  QString path = typed.trimmed();
  if (path.startsWith(QLatin1String("file://"))) path = QUrl(path).toLocalFile();
  if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
    path = QDir::homePath() + path.mid(1);
  if (path.isEmpty()) return {};
  path = QDir::cleanPath(path);
  return path == QLatin1String(".") ? QString() : path;
}

QString demoModelFolder(QString* error) {
  try {
    return QString::fromStdString(api::Engine::demoModelPath());
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return {};
  }
}

ModelFolderReport detectDemoModel() {
  QString error;
  const QString folder = demoModelFolder(&error);
  ModelFolderReport r = folder.isEmpty() ? ModelFolderReport{} : detectModelFolder(folder);
  if (folder.isEmpty()) r.error = error;
  r.demo = true;
  return r;
}

}  // namespace ifedit::app
