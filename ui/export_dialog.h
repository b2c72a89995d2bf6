#pragma once
// File ▸ Export… (the result image: PNG 8/16-bit, JPEG, WebP, with metadata; at the model's
// working size or scaled to the source picture's) and File ▸ Export Evolution… (MP4 or a PNG
// sequence, at the working size). The export runs off the UI thread; the dialog stays open
// with the reason when it fails, and closes when the file is in place.
#include <QDialog>
#include <QFutureWatcher>
#include <QImage>
#include <QList>

#include "app/export/exporter.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ifedit::app {
class AppSettings;
}

namespace ifedit::ui {

class ExportDialog : public QDialog {
  Q_OBJECT

 public:
  enum class Mode { Image, Evolution };
  // Evolution formats (Image mode uses app::ImageExportFormat).
  enum class VideoFormat { Mp4, PngSequence };

  struct Content {
    QImage image;                 // Image mode, at the model's working size
    QSize sourceSize;             // the source picture's size: offered as the export size
    QString sourcePath;           // the source picture's file (empty when pasted): never written over
    QList<QImage> frames;         // Evolution mode
    app::ExportMetadata metadata;
    QString baseName;             // suggested file name without suffix, e.g. "street-night"
    bool randomWeights = false;   // made with the demo model: the dialog says so
    double fps = 16.0;            // Wan2.2 generates 16 frames per second
  };

  // `settings` (may be null) gives and keeps the export folder.
  ExportDialog(Mode mode, Content content, app::AppSettings* settings, QWidget* parent = nullptr);
  ~ExportDialog() override;

  Mode mode() const { return mode_; }
  QString path() const;
  void setPath(const QString& path);
  QString lastError() const { return lastError_; }
  bool isExporting() const { return watcher_.isRunning(); }

 public Q_SLOTS:
  // Starts the export (asynchronous); the dialog closes when it succeeded.
  void accept() override;
  // Esc or the window's close button while the export runs: ignored (the file is being written;
  // closing would block the window until it is, and drop its outcome).
  void reject() override;

 Q_SIGNALS:
  void exported(const QString& path);
  void exportFailed(const QString& message);

 private:
  void formatChanged();
  void browse();
  void finished();
  QString suffix() const;

  Mode mode_;
  Content content_;
  app::AppSettings* settings_;
  QString lastError_;
  QFutureWatcher<QString> watcher_;  // the error message, empty on success

  QComboBox* format_ = nullptr;
  QComboBox* size_ = nullptr;  // Image mode: model output or source picture size (data: QSize)
  QSpinBox* quality_ = nullptr;
  QCheckBox* metadata_ = nullptr;
  QCheckBox* sidecar_ = nullptr;
  QDoubleSpinBox* fps_ = nullptr;
  QLineEdit* path_ = nullptr;
  QLabel* formatNote_ = nullptr;
  QLabel* errorLabel_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace ifedit::ui
