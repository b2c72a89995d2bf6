#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QIcon>
#include <QImageReader>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QUrl>

#include "app/app_info.h"
#include "app/session/edit_session.h"
#include "ui/canvas_view.h"
#include "ui/instruction_box.h"

namespace ifedit::ui {
namespace {

// The first local file among the dragged URLs; empty when none (e.g. a web link).
QString droppedFile(const QMimeData* mime) {
  if (!mime || !mime->hasUrls()) return {};
  for (const QUrl& url : mime->urls()) {
    if (url.isLocalFile()) return url.toLocalFile();
  }
  return {};
}

QString imageFileFilter() {
  QStringList patterns;
  for (const QByteArray& suffix : QImageReader::supportedImageFormats())
    patterns << QStringLiteral("*.") + QString::fromLatin1(suffix);
  return MainWindow::tr("Images (%1)").arg(patterns.join(QLatin1Char(' '))) + QStringLiteral(";;") +
         MainWindow::tr("All files (*)");
}

}  // namespace

MainWindow::MainWindow(app::EditSession* session, QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("mainWindow"));
  setAcceptDrops(true);
  setWindowIcon(QIcon(QStringLiteral(":/icons/ifedit.svg")));

  canvas_ = new CanvasView(this);
  setCentralWidget(canvas_);

  instructionBox_ = new InstructionBox(this);
  auto* dock = new QDockWidget(tr("Instruction"), this);
  dock->setObjectName(QStringLiteral("instructionDock"));
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  dock->setWidget(instructionBox_);
  addDockWidget(Qt::BottomDockWidgetArea, dock);

  createActions();
  createMenus();
  createStatusBar();

  connect(instructionBox_, &InstructionBox::runRequested, this, &MainWindow::runRequested);
  connect(canvas_, &CanvasView::zoomChanged, this, &MainWindow::updateImageInfo);

  resize(1200, 800);
  setSession(session);
}

MainWindow::~MainWindow() = default;

void MainWindow::setSession(app::EditSession* session) {
  if (session_ == session && session) return;
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  canvas_->setSession(session);
  instructionBox_->setSession(session);
  if (session_) {
    connect(session_, &app::EditSession::sourceChanged, this, [this] {
      updateTitle();
      updateImageInfo();
      updateActions();
    });
    connect(session_, &app::EditSession::stateChanged, this, &MainWindow::updateActions);
    connect(session_, &app::EditSession::modelStatusChanged, this, &MainWindow::updateModelStatus);
  }
  updateTitle();
  updateImageInfo();
  updateModelStatus();
  updateActions();
}

bool MainWindow::openImage(const QString& path) {
  if (!session_) return false;
  if (session_->openImage(path)) {
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
  }
  showWarning(tr("Cannot open image"), session_->lastError());
  return false;
}

void MainWindow::openImageDialog() {
  QString dir;
  if (session_ && session_->hasSource()) dir = QFileInfo(session_->sourcePath()).absolutePath();
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Image"), dir, imageFileFilter());
  if (!path.isEmpty()) openImage(path);
}

void MainWindow::showAbout() {
  auto* box = new QMessageBox(this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setWindowTitle(tr("About %1").arg(app::applicationName()));
  box->setIconPixmap(windowIcon().pixmap(64, 64));
  box->setTextFormat(Qt::RichText);
  box->setText(tr("<h3>%1 %2</h3>"
                  "<p>Edits a picture by letting an image-to-video model evolve it, then picks and "
                  "refines the frame where the edit has happened (the IF-Edit method).</p>"
                  "<p>This version is the editor shell: the engine arrives in a later version.</p>")
                   .arg(app::applicationName().toHtmlEscaped(), app::applicationVersion().toHtmlEscaped()));
  box->open();
  Q_EMIT messageShown(box);
}

void MainWindow::updateActions() {
  const bool image = canvas_->hasImage();
  for (const char* id : {kActionZoomIn, kActionZoomOut, kActionFit, kActionActualSize})
    action(id)->setEnabled(image);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!droppedFile(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent* event) {
  if (!droppedFile(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = droppedFile(event->mimeData());
  if (path.isEmpty()) return;
  event->acceptProposedAction();
  openImage(path);
}

void MainWindow::createActions() {
  QAction* open = createAction(kActionOpen, tr("&Open\u2026"), QKeySequence::Open);
  connect(open, &QAction::triggered, this, &MainWindow::openImageDialog);
  QAction* quit = createAction(kActionQuit, tr("&Quit"), QKeySequence::Quit);
  quit->setMenuRole(QAction::QuitRole);
  connect(quit, &QAction::triggered, this, &QWidget::close);

  QAction* zoomIn = createAction(kActionZoomIn, tr("Zoom &In"), QKeySequence::ZoomIn);
  connect(zoomIn, &QAction::triggered, canvas_, &CanvasView::zoomIn);
  QAction* zoomOut = createAction(kActionZoomOut, tr("Zoom &Out"), QKeySequence::ZoomOut);
  connect(zoomOut, &QAction::triggered, canvas_, &CanvasView::zoomOut);
  QAction* fit = createAction(kActionFit, tr("&Fit in Window"), QKeySequence(Qt::CTRL | Qt::Key_0));
  connect(fit, &QAction::triggered, canvas_, &CanvasView::fitToWindow);
  QAction* actual = createAction(kActionActualSize, tr("&Actual Size (100%)"),
                                 QKeySequence(Qt::CTRL | Qt::Key_1));
  connect(actual, &QAction::triggered, canvas_, &CanvasView::actualSize);

  QAction* about = createAction(kActionAbout, tr("&About %1").arg(app::applicationName()), {});
  about->setMenuRole(QAction::AboutRole);
  connect(about, &QAction::triggered, this, &MainWindow::showAbout);
}

QAction* MainWindow::createAction(const char* id, const QString& text, const QKeySequence& shortcut) {
  auto* act = new QAction(text, this);
  act->setObjectName(QLatin1String(id));
  act->setShortcut(shortcut);
  // Shortcuts work wherever the focus is in this window, the instruction text included.
  act->setShortcutContext(Qt::WindowShortcut);
  actions_.insert(QLatin1String(id), act);
  return act;
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(action(kActionOpen));
  file->addSeparator();
  file->addAction(action(kActionQuit));

  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(action(kActionZoomIn));
  view->addAction(action(kActionZoomOut));
  view->addSeparator();
  view->addAction(action(kActionFit));
  view->addAction(action(kActionActualSize));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(action(kActionAbout));
}

void MainWindow::createStatusBar() {
  imageInfoLabel_ = new QLabel(this);
  imageInfoLabel_->setObjectName(QStringLiteral("imageInfo"));
  modelStatusLabel_ = new QLabel(this);
  modelStatusLabel_->setObjectName(QStringLiteral("modelStatus"));
  imageInfoLabel_->setContentsMargins(8, 0, 8, 0);
  modelStatusLabel_->setContentsMargins(8, 0, 4, 0);
  auto* separator = new QFrame(this);
  separator->setFrameShape(QFrame::VLine);
  separator->setFrameShadow(QFrame::Sunken);
  imageInfoSeparator_ = separator;
  statusBar()->addPermanentWidget(imageInfoLabel_);
  statusBar()->addPermanentWidget(separator);
  statusBar()->addPermanentWidget(modelStatusLabel_);
}

void MainWindow::showWarning(const QString& title, const QString& text) {
  // Window-modal but not blocking (open(), not exec()), so nothing waits in a nested event loop and
  // tests can find the box and close it.
  auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("warningBox"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
  Q_EMIT messageShown(box);
}

void MainWindow::runRequested() {
  if (!session_) return;
  if (!session_->requestRun()) statusBar()->showMessage(session_->lastError(), 8000);
}

void MainWindow::updateTitle() {
  const QString app = app::applicationName();
  if (session_ && session_->hasSource())
    setWindowTitle(tr("%1 \u2014 %2").arg(QFileInfo(session_->sourcePath()).fileName(), app));
  else
    setWindowTitle(app);
}

void MainWindow::updateImageInfo() {
  imageInfoLabel_->setVisible(canvas_->hasImage());
  imageInfoSeparator_->setVisible(canvas_->hasImage());
  if (!canvas_->hasImage()) {
    imageInfoLabel_->clear();
    return;
  }
  const QSize size = canvas_->imageSize();
  imageInfoLabel_->setText(tr("%1 \u00d7 %2 px  \u00b7  %3%")
                               .arg(size.width())
                               .arg(size.height())
                               .arg(QLocale().toString(canvas_->zoom() * 100.0, 'f', 0)));
}

void MainWindow::updateModelStatus() {
  if (!session_) {
    modelStatusLabel_->clear();
    return;
  }
  const QString status = session_->modelStatus();
  modelStatusLabel_->setText(status);
  modelStatusLabel_->setToolTip(status);
}

}  // namespace ifedit::ui
