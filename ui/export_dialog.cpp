#include "ui/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "app/settings/app_settings.h"
#include "ui/alert_style.h"
#include "ui/form_labels.h"

namespace ifedit::ui {

ExportDialog::ExportDialog(Mode mode, Content content, app::AppSettings* settings, QWidget* parent)
    : QDialog(parent), mode_(mode), content_(std::move(content)), settings_(settings) {
  setObjectName(QStringLiteral("exportDialog"));
  setWindowTitle(mode_ == Mode::Image ? tr("Export Image") : tr("Export Evolution"));
  auto* form = new QFormLayout;

  format_ = new QComboBox;
  format_->setObjectName(QStringLiteral("format"));
  if (mode_ == Mode::Image) {
    format_->addItem(tr("PNG, 8 bits per channel"), int(app::ImageExportFormat::Png8));
    format_->addItem(tr("PNG, 16 bits per channel"), int(app::ImageExportFormat::Png16));
    format_->addItem(tr("JPEG"), int(app::ImageExportFormat::Jpeg));
    format_->addItem(tr("WebP"), int(app::ImageExportFormat::WebP));
  } else {
    format_->addItem(tr("MP4 video"), int(VideoFormat::Mp4));
    format_->addItem(tr("PNG sequence (a folder of frames)"), int(VideoFormat::PngSequence));
  }
  form->addRow(tr("&Format:"), format_);

  // The engine works at its own resolution (multiples of 16 within the pixel budget); artists
  // usually want the picture back at the size they opened, so that is the default.
  if (mode_ == Mode::Image) {
    size_ = new QComboBox;
    size_->setObjectName(QStringLiteral("size"));
    const QSize modelSize = content_.image.size(), sourceSize = content_.sourceSize;
    size_->addItem(tr("Model output (%1 × %2)").arg(modelSize.width()).arg(modelSize.height()), modelSize);
    const bool sizesDiffer = !sourceSize.isEmpty() && sourceSize != modelSize;
    if (sizesDiffer) {
      size_->addItem(tr("Source picture (%1 × %2)").arg(sourceSize.width()).arg(sourceSize.height()), sourceSize);
      size_->setCurrentIndex(1);
    }
    form->addRow(tr("&Size:"), size_);
    form->setRowVisible(size_, sizesDiffer);
  }

  // Each mode shows only some of these; the others stay owned by the dialog, hidden (a widget
  // that no layout takes would otherwise have no parent and be leaked with every dialog).
  const auto showIf = [form](bool shown, const QString& label, QWidget* widget) {
    if (shown && label.isEmpty()) form->addRow(widget);
    else if (shown) form->addRow(label, widget);
    else widget->hide();
  };
  quality_ = new QSpinBox(this);
  quality_->setObjectName(QStringLiteral("quality"));
  quality_->setRange(1, 100);
  quality_->setValue(95);
  showIf(mode_ == Mode::Image, tr("&Quality:"), quality_);
  fps_ = new QDoubleSpinBox(this);
  fps_->setObjectName(QStringLiteral("fps"));
  fps_->setRange(1, 120);
  fps_->setDecimals(1);
  fps_->setValue(content_.fps);
  fps_->setSuffix(tr(" fps"));
  showIf(mode_ == Mode::Evolution, tr("Frame &rate:"), fps_);

  metadata_ = new QCheckBox(tr("Store the &instruction, prompt, settings and seed in the file"), this);
  metadata_->setObjectName(QStringLiteral("metadata"));
  metadata_->setChecked(true);
  metadata_->setEnabled(!content_.metadata.isEmpty());
  sidecar_ = new QCheckBox(tr("Also &write them to a .json file beside it"), this);
  sidecar_->setObjectName(QStringLiteral("sidecar"));
  showIf(mode_ == Mode::Image, {}, metadata_);
  showIf(mode_ == Mode::Image, {}, sidecar_);
  formatNote_ = new QLabel;
  formatNote_->setObjectName(QStringLiteral("formatNote"));
  formatNote_->setWordWrap(true);
  form->addRow(formatNote_);

  path_ = new QLineEdit;
  path_->setObjectName(QStringLiteral("path"));
  // Room for a folder and a file name (the Chinese dialog, its labels short, showed only the
  // name's tail).
  path_->setMinimumWidth(path_->fontMetrics().averageCharWidth() * 48);
  auto* browse = new QPushButton(tr("Browse…"));
  browse->setObjectName(QStringLiteral("browse"));
  browse->setAccessibleName(mode_ == Mode::Evolution ? tr("Browse for where to save the evolution")
                                                     : tr("Browse for the file to write"));
  connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
  auto* pathRow = new QHBoxLayout;
  pathRow->addWidget(path_, 1);
  pathRow->addWidget(browse);
  form->addRow(mode_ == Mode::Evolution ? tr("Save &to:") : tr("Fi&le:"), pathRow);
  bindGroupedRowLabels(form);

  if (content_.randomWeights) {
    auto* warning = new QLabel(tr("Made with the demo model (random weights): not a real edit."));
    warning->setObjectName(QStringLiteral("randomWeightsWarning"));
    warning->setWordWrap(true);
    form->addRow(warning);
  }
  errorLabel_ = new QLabel;
  errorLabel_->setObjectName(QStringLiteral("errorLabel"));
  errorLabel_->setWordWrap(true);
  showAsAlert(errorLabel_);
  errorLabel_->hide();

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
  buttons_->button(QDialogButtonBox::Save)->setText(tr("Export"));
  connect(buttons_, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(errorLabel_);
  layout->addWidget(buttons_);

  QString folder = settings_ ? settings_->exportFolder() : QString();
  if (folder.isEmpty() || !QFileInfo(folder).isDir())
    folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
  if (folder.isEmpty()) folder = QDir::homePath();
  QString base = content_.baseName.isEmpty() ? QStringLiteral("ifedit") : content_.baseName;
  if (mode_ == Mode::Evolution) base += QStringLiteral("-evolution");
  path_->setText(QDir(folder).filePath(base));
  connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
  connect(metadata_, &QCheckBox::toggled, this, &ExportDialog::formatChanged);
  connect(&watcher_, &QFutureWatcher<QString>::finished, this, &ExportDialog::finished);
  formatChanged();
}

ExportDialog::~ExportDialog() { watcher_.waitForFinished(); }

QString ExportDialog::path() const { return path_->text().trimmed(); }

void ExportDialog::setPath(const QString& path) { path_->setText(path); }

QString ExportDialog::suffix() const {
  if (mode_ == Mode::Image) return app::fileSuffix(app::ImageExportFormat(format_->currentData().toInt()));
  return VideoFormat(format_->currentData().toInt()) == VideoFormat::Mp4 ? QStringLiteral("mp4") : QString();
}

void ExportDialog::formatChanged() {
  // The file name follows the format: "x.png" -> "x.jpg", a folder for a PNG sequence.
  QString p = path();
  const QFileInfo info(p);
  const QString oldSuffix = info.suffix().toLower();
  static const QStringList known{QStringLiteral("png"), QStringLiteral("jpg"), QStringLiteral("jpeg"),
                                 QStringLiteral("webp"), QStringLiteral("mp4")};
  if (known.contains(oldSuffix)) p.chop(oldSuffix.size() + 1);
  if (!suffix().isEmpty()) p += QLatin1Char('.') + suffix();
  path_->setText(p);

  QString text;
  const bool meta = metadata_->isChecked() && metadata_->isEnabled();
  if (mode_ == Mode::Image) {
    const auto format = app::ImageExportFormat(format_->currentData().toInt());
    quality_->setEnabled(format == app::ImageExportFormat::Jpeg || format == app::ImageExportFormat::WebP);
    sidecar_->setEnabled(meta && format != app::ImageExportFormat::WebP);
    if (!meta) text = tr("No metadata is written.");
    else if (format == app::ImageExportFormat::Jpeg)
      text = tr("Metadata goes into JPEG comments; dropping the file onto the window restores the edit.");
    else if (format == app::ImageExportFormat::WebP)
      text = tr("WebP keeps no text here: the metadata goes to a .json file beside the image.");
    else
      text = tr("Metadata goes into PNG text chunks (\"parameters\" as other tools read it, and the full "
                "settings); dropping the file onto the window restores the edit.");
    if (format == app::ImageExportFormat::Png16)
      text += QLatin1Char(' ') + tr("The engine works in 8 bits; 16-bit files suit editors that work in 16 bits.");
  } else {
    text = VideoFormat(format_->currentData().toInt()) == VideoFormat::Mp4
               ? tr("%n frame(s), MPEG-4 video.", nullptr, int(content_.frames.size()))
               : tr("%n frame(s) as frame_0000.png, … and evolution.json in a new folder.", nullptr,
                    int(content_.frames.size()));
  }
  formatNote_->setText(text);
  // A longer note wraps to more lines. A window does not grow for its word-wrapped labels by
  // itself: the note would be cut off and drawn over the rows beside it.
  if (isVisible()) {
    layout()->activate();
    if (const int needed = heightForWidth(width()); needed > height()) resize(width(), needed);
  }
}

void ExportDialog::browse() {
  QString chosen;
  if (mode_ == Mode::Evolution && VideoFormat(format_->currentData().toInt()) == VideoFormat::PngSequence) {
    const QString parent = QFileDialog::getExistingDirectory(this, tr("Folder to put the frame folder in"),
                                                             QFileInfo(path()).absolutePath());
    if (!parent.isEmpty()) chosen = QDir(parent).filePath(QFileInfo(path()).fileName());
  } else {
    const QString filter = mode_ == Mode::Image ? tr("Images (*.%1)").arg(suffix()) : tr("MP4 video (*.mp4)");
    chosen = QFileDialog::getSaveFileName(this, windowTitle(), path(), filter);
  }
  if (!chosen.isEmpty()) path_->setText(chosen);
}

void ExportDialog::accept() {
  if (watcher_.isRunning()) return;
  const QString target = path();
  if (target.isEmpty()) {
    lastError_ = tr("Choose where to export to.");
    errorLabel_->setText(lastError_);
    errorLabel_->show();
    return;
  }
  errorLabel_->hide();
  buttons_->setEnabled(false);
  setCursor(Qt::BusyCursor);
  const app::ExportMetadata metadata = metadata_->isChecked() ? content_.metadata : app::ExportMetadata{};
  const QString sourcePath = content_.sourcePath;
  if (mode_ == Mode::Image) {
    app::ImageExportOptions options;
    options.format = app::ImageExportFormat(format_->currentData().toInt());
    // A typed name decides the format when it names another one ("x.jpg" with PNG selected):
    // the bytes must be what the suffix says.
    app::ImageExportFormat named;
    if (app::formatFromSuffix(target, &named) && app::fileSuffix(named) != app::fileSuffix(options.format)) {
      options.format = named;
      const QSignalBlocker keepTheTypedName(format_);
      format_->setCurrentIndex(format_->findData(int(named)));
    }
    options.sourcePath = sourcePath;
    options.quality = quality_->value();
    options.metadata = metadata_->isChecked();
    options.sidecar = sidecar_->isChecked();
    options.size = size_->currentData().toSize();
    const QImage image = content_.image;
    watcher_.setFuture(QtConcurrent::run([image, target, options, metadata] {
      QString error;
      return app::exportImage(image, target, options, metadata, &error) ? QString() : error;
    }));
  } else {
    const QList<QImage> frames = content_.frames;
    const double fps = fps_->value();
    const bool mp4 = VideoFormat(format_->currentData().toInt()) == VideoFormat::Mp4;
    watcher_.setFuture(QtConcurrent::run([frames, target, fps, mp4, metadata, sourcePath] {
      QString error;
      const bool ok = mp4 ? app::exportVideoMp4(frames, target, fps, &error, sourcePath)
                          : app::exportFrameSequence(frames, target, metadata, &error, sourcePath);
      return ok ? QString() : error;
    }));
  }
}

void ExportDialog::reject() {
  if (watcher_.isRunning()) return;
  QDialog::reject();
}

void ExportDialog::finished() {
  buttons_->setEnabled(true);
  unsetCursor();
  lastError_ = watcher_.result();
  if (!lastError_.isEmpty()) {
    errorLabel_->setText(tr("Export failed: %1").arg(lastError_));
    errorLabel_->show();
    Q_EMIT exportFailed(lastError_);
    return;
  }
  if (settings_) settings_->exportFolder.setValue(QFileInfo(path()).absolutePath());
  Q_EMIT exported(path());
  QDialog::accept();
}

}  // namespace ifedit::ui
