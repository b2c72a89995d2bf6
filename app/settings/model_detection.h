#pragma once
// What a model folder holds, for the settings dialog and the first-run message (Qt-only, so ui/
// may include it): the layout, each part found or missing, in words.
#include <QList>
#include <QString>
#include <QStringList>

namespace ifedit::app {

struct ModelPartReport {
  QString role;  // "high-noise expert", ...
  QString path;  // empty: not found
};

struct ModelFolderReport {
  QString path;
  QString layout;  // "official", "diffusers", "comfyui", "none"; empty on error
  QList<ModelPartReport> parts;
  QStringList missing;
  QStringList notes;
  QString error;  // the folder does not exist, cannot be read, ...: "FOLDER: does not exist"
  QString errorFolder;  // the folder `error` names first: the one chosen, or one inside it; else ""
  QString errorReason;  // `error` without that folder ("does not exist")
  QString otherModel;  // another Wan model recognised here ("Wan2.2-T2V-A14B"), else empty
  bool demo = false;
  bool complete() const { return error.isEmpty() && missing.isEmpty(); }
};

// Reads names, small JSON files and each part's headers, no tensor data (fast enough for the UI
// thread). Never throws.
ModelFolderReport detectModelFolder(const QString& path);

// A folder as typed or dropped into a field: trimmed, `~` expanded, a file:// URL made a path,
// cleaned ("" stays ""; "." becomes "").
QString cleanFolderPath(const QString& typed);

// The bundled random-weight demo set; empty with *error set when it is not installed.
QString demoModelFolder(QString* error = nullptr);
ModelFolderReport detectDemoModel();

}  // namespace ifedit::app
