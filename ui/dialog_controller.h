#pragma once
// Connects the window's hooks (Settings…, Export…, Export Evolution…) to the dialogs, feeds the
// stored settings into the session (at start-up and after OK), keeps edits restored into the
// session (a dropped PNG) in the settings, and gives the session the API key once the keyring
// answers. Owns nothing but the dialogs it opens (window-modal, deleted on close).
#include <QObject>
#include <QPointer>

class QDialog;

namespace ifedit::app {
class AppSettings;
class ApiKeyStore;
class EditSession;
}  // namespace ifedit::app

namespace ifedit::ui {

class ExportDialog;
class MainWindow;
class SettingsDialog;

class DialogController : public QObject {
  Q_OBJECT

 public:
  // None is owned; `keys` may be null.
  DialogController(MainWindow* window, app::AppSettings* settings, app::ApiKeyStore* keys, QObject* parent = nullptr);

  // Stored settings -> the window's session (model, parameters, VLM endpoint).
  void applyToSession();

 public Q_SLOTS:
  SettingsDialog* openSettings();
  ExportDialog* openExportImage();
  ExportDialog* openExportEvolution();

 Q_SIGNALS:
  void dialogOpened(QDialog* dialog);

 private:
  app::EditSession* session() const;
  QString notSavedMessage() const;
  // Window-modal, deleted on close; reports the written path in the status bar.
  ExportDialog* showExportDialog(ExportDialog* dialog);

  MainWindow* window_;
  app::AppSettings* settings_;
  app::ApiKeyStore* keys_;
};

}  // namespace ifedit::ui
