#include "ui/canvas_view.h"

#include <QGraphicsPixmapItem>
#include <QGraphicsScene>
#include <QKeySequence>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "app/session/edit_session.h"

namespace ifedit::ui {

CanvasView::CanvasView(QWidget* parent) : QGraphicsView(parent) {
  setObjectName(QStringLiteral("canvas"));
  setScene(new QGraphicsScene(this));
  item_ = scene()->addPixmap(QPixmap());
  item_->setTransformationMode(Qt::SmoothTransformation);
  setDragMode(QGraphicsView::ScrollHandDrag);
  setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
  setResizeAnchor(QGraphicsView::AnchorViewCenter);
  // A neutral dark grey, the usual backdrop of image editors: it does not tint how colours read.
  setBackgroundBrush(QColor(0x32, 0x32, 0x32));
  setFrameShape(QFrame::NoFrame);
  setAlignment(Qt::AlignCenter);
  // Files dropped on the picture are for the main window to open, not for the scene.
  setAcceptDrops(false);
  viewport()->setAcceptDrops(false);
}

CanvasView::~CanvasView() = default;

void CanvasView::setSession(app::EditSession* session) {
  if (session_ == session) return;
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  if (session_) {
    connect(session_, &app::EditSession::sourceChanged, this, [this] {
      showImage(session_->sourceImage());
    });
    showImage(session_->sourceImage());
  } else {
    showImage(QImage());
  }
}

bool CanvasView::hasImage() const { return !item_->pixmap().isNull(); }

QSize CanvasView::imageSize() const { return hasImage() ? item_->pixmap().size() : QSize(); }

double CanvasView::zoom() const { return transform().m11(); }

void CanvasView::zoomIn() { setZoom(zoom() * kZoomStep); }

void CanvasView::zoomOut() { setZoom(zoom() / kZoomStep); }

void CanvasView::fitToWindow() {
  fitMode_ = true;
  applyZoom(fitZoom());
  centerOn(item_);
}

void CanvasView::actualSize() { setZoom(1.0); }

void CanvasView::setZoom(double zoom) {
  fitMode_ = false;
  // Buttons and shortcuts zoom about the centre; only the wheel zooms about the cursor.
  const ViewportAnchor anchor = transformationAnchor();
  setTransformationAnchor(QGraphicsView::AnchorViewCenter);
  applyZoom(zoom);
  setTransformationAnchor(anchor);
}

void CanvasView::wheelEvent(QWheelEvent* event) {
  if (!hasImage()) return QGraphicsView::wheelEvent(event);
  const int delta = event->angleDelta().y();
  if (delta == 0) return QGraphicsView::wheelEvent(event);
  fitMode_ = false;
  applyZoom(zoom() * std::pow(kZoomStep, delta / 120.0));  // 120 = one notch; touchpads send less
  event->accept();
}

void CanvasView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  if (fitMode_ && hasImage()) fitToWindow();
}

void CanvasView::drawForeground(QPainter* painter, const QRectF& rect) {
  QGraphicsView::drawForeground(painter, rect);
  if (hasImage()) return;
  painter->save();
  painter->resetTransform();  // text in viewport pixels, whatever the zoom
  painter->setPen(QColor(0xb0, 0xb0, 0xb0));
  QFont font = painter->font();
  font.setPointSizeF(font.pointSizeF() * 1.3);
  painter->setFont(font);
  painter->drawText(viewport()->rect(), Qt::AlignCenter | Qt::TextWordWrap,
                    tr("Open an image (%1) or drop one here")
                        .arg(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)));
  painter->restore();
}

void CanvasView::showImage(const QImage& image) {
  item_->setPixmap(image.isNull() ? QPixmap() : QPixmap::fromImage(image));
  scene()->setSceneRect(item_->boundingRect());
  viewport()->update();
  if (hasImage()) {
    fitToWindow();  // a new picture is first seen whole
  } else {
    fitMode_ = true;
    resetTransform();
    Q_EMIT zoomChanged(zoom());
  }
}

void CanvasView::applyZoom(double zoom) {
  zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
  // Sharp pixels when magnified (an editor shows what is there), smooth when reduced.
  item_->setTransformationMode(zoom > 1.0 ? Qt::FastTransformation : Qt::SmoothTransformation);
  const double factor = zoom / this->zoom();
  if (std::abs(factor - 1.0) > 1e-12) scale(factor, factor);
  Q_EMIT zoomChanged(this->zoom());
}

double CanvasView::fitZoom() const {
  const QSize image = imageSize();
  const QSize view = viewport()->size();
  if (image.isEmpty() || view.isEmpty()) return 1.0;
  // One pixel of slack, so rounding never brings up scroll bars that would shrink the viewport.
  return std::min(double(view.width() - 1) / image.width(), double(view.height() - 1) / image.height());
}

}  // namespace ifedit::ui
